#include "service/agreement/cohen_kappa.h"

#include <cmath>
#include <vector>

#include "gtest/gtest.h"

namespace spanlab::agreement {
namespace {

// counts[i][j]: units the first annotator put in i and the second in j.
ConfusionMatrix Matrix(const std::vector<std::vector<int64_t>>& counts) {
  ConfusionMatrix m(static_cast<int>(counts.size()));
  for (size_t i = 0; i < counts.size(); ++i) {
    for (size_t j = 0; j < counts.size(); ++j) m.Add(i, j, counts[i][j]);
  }
  return m;
}

// Wikipedia, "Cohen's kappa", worked example
// (https://en.wikipedia.org/wiki/Cohen%27s_kappa#Simple_example): 50 grant
// proposals, Yes/Yes 20, Yes/No 5, No/Yes 10, No/No 15: p_o = 0.7,
// p_e = 0.5, kappa = 0.4.
TEST(CohenKappaTest, WikipediaSimpleExample) {
  const KappaResult r = CohenKappa(Matrix({{20, 5}, {10, 15}}));
  EXPECT_DOUBLE_EQ(r.observed_agreement, 0.7);
  EXPECT_DOUBLE_EQ(r.expected_agreement, 0.5);
  EXPECT_DOUBLE_EQ(r.kappa, 0.4);
  EXPECT_EQ(r.units, 50);
}

// Same article, "Same percentages but different numbers": both tables have
// p_o = 0.60 but kappa 0.1304 and 0.2593 (3/23 and 7/27 exactly).
TEST(CohenKappaTest, WikipediaSamePercentagesDifferentNumbers) {
  const KappaResult first = CohenKappa(Matrix({{45, 15}, {25, 15}}));
  EXPECT_DOUBLE_EQ(first.observed_agreement, 0.6);
  EXPECT_NEAR(first.kappa, 0.1304, 0.00005);
  EXPECT_DOUBLE_EQ(first.kappa, 3.0 / 23.0);
  const KappaResult second = CohenKappa(Matrix({{25, 35}, {5, 35}}));
  EXPECT_DOUBLE_EQ(second.observed_agreement, 0.6);
  EXPECT_NEAR(second.kappa, 0.2593, 0.00005);
  EXPECT_DOUBLE_EQ(second.kappa, 7.0 / 27.0);
}

// Cohen (1960), p. 37 (as transcribed in DKPro Statistics'
// Cohen1960Test, https://github.com/dkpro/dkpro-statistics): p_o = .29,
// p_c = .35, so kappa = -.06 / .65.
TEST(CohenKappaTest, Cohen1960Page37) {
  const KappaResult r =
      CohenKappa(Matrix({{25, 12, 3}, {13, 2, 15}, {12, 16, 2}}));
  EXPECT_DOUBLE_EQ(r.observed_agreement, 0.29);
  EXPECT_DOUBLE_EQ(r.expected_agreement, 0.35);
  EXPECT_DOUBLE_EQ(r.kappa, -0.06 / 0.65);
}

// Cohen (1960), p. 45: p_o = .70, p_c = .41, kappa = .492.
TEST(CohenKappaTest, Cohen1960Page45) {
  const KappaResult r =
      CohenKappa(Matrix({{88, 14, 18}, {10, 40, 10}, {2, 6, 12}}));
  EXPECT_DOUBLE_EQ(r.observed_agreement, 0.70);
  EXPECT_DOUBLE_EQ(r.expected_agreement, 0.41);
  EXPECT_NEAR(r.kappa, 0.492, 0.0005);
}

// Krippendorff (2004), Content Analysis, 2nd ed., p. 246: two coders with
// the same 46% agreement; kappa = .186 with equal marginals and .258 with
// different ones (figures as in DKPro Statistics' Krippendorff2004Test).
TEST(CohenKappaTest, Krippendorff2004Page246) {
  EXPECT_NEAR(CohenKappa(Matrix({{12, 9, 9}, {9, 14, 9}, {9, 9, 20}})).kappa,
              0.186, 0.0005);
  EXPECT_NEAR(CohenKappa(Matrix({{12, 18, 18}, {0, 14, 18}, {0, 0, 20}})).kappa,
              0.258, 0.0005);
}

TEST(CohenKappaTest, SymmetricInTheAnnotators) {
  const ConfusionMatrix m = Matrix({{7, 1, 3}, {2, 9, 0}, {4, 1, 5}});
  const ConfusionMatrix t = Matrix({{7, 2, 4}, {1, 9, 1}, {3, 0, 5}});
  EXPECT_EQ(CohenKappa(m).kappa, CohenKappa(t).kappa);
}

TEST(CohenKappaTest, PerfectAndUndefined) {
  EXPECT_DOUBLE_EQ(CohenKappa(Matrix({{3, 0}, {0, 4}})).kappa, 1.0);
  // One category for everything: chance explains everything.
  EXPECT_TRUE(std::isnan(CohenKappa(Matrix({{9, 0}, {0, 0}})).kappa));
  EXPECT_TRUE(std::isnan(CohenKappa(Matrix({{0, 0}, {0, 0}})).kappa));
  EXPECT_TRUE(
      std::isnan(CohenKappa(Matrix({{0, 0}, {0, 0}})).observed_agreement));
}

}  // namespace
}  // namespace spanlab::agreement
