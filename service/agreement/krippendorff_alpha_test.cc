#include "service/agreement/krippendorff_alpha.h"

#include <cmath>
#include <optional>
#include <random>
#include <vector>

#include "gtest/gtest.h"

namespace spanlab::agreement {
namespace {

constexpr int kMissing = -1;

// Reliability data as printed in the sources: one row per unit, one column
// per coder, kMissing where a coder gave no value. Values are category
// indices.
CoincidenceMatrix FromUnits(int num_values,
                            const std::vector<std::vector<int>>& units) {
  CoincidenceMatrix m(num_values);
  for (const std::vector<int>& unit : units) {
    std::vector<int> values;
    for (int v : unit) {
      if (v != kMissing) values.push_back(v);
    }
    m.AddUnit(values);
  }
  return m;
}

// Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability",
// https://repository.upenn.edu/asc_papers/43, the example with 4 observers,
// 12 units, values 1..5 and missing values (also Krippendorff 2004, Content
// Analysis, p. 230). Published: nominal .743, ordinal .815, interval .849,
// ratio .797; nominal D_o = .200 and D_e = .779, interval D_o = .433 and
// D_e = 2.872 (as also checked by DKPro Statistics' Krippendorff2004Test).
// Unit 12 has one value only and is not pairable.
CoincidenceMatrix Krippendorff2011() {
  const int m = kMissing;
  // Values 1..5 as indices 0..4; rows are units, columns observers A..D.
  return FromUnits(5, {{0, 0, m, 0},
                       {1, 1, 2, 1},
                       {2, 2, 2, 2},
                       {2, 2, 2, 2},
                       {1, 1, 1, 1},
                       {0, 1, 2, 3},
                       {3, 3, 3, 3},
                       {0, 0, 1, 0},
                       {1, 1, 1, 1},
                       {m, 4, 4, 4},
                       {m, m, 0, 0},
                       {m, m, 2, m}});
}

TEST(KrippendorffAlphaTest, Krippendorff2011Nominal) {
  const CoincidenceMatrix matrix = Krippendorff2011();
  EXPECT_EQ(matrix.pairable_units(), 11);
  EXPECT_EQ(matrix.unpairable_units(), 1);
  EXPECT_EQ(matrix.pairable_values(), 40);
  const AlphaResult r = KrippendorffAlpha(matrix, AlphaMetric::kNominal);
  EXPECT_NEAR(r.alpha, 0.743, 0.0005);
  EXPECT_NEAR(r.observed_disagreement, 0.200, 0.0005);
  EXPECT_NEAR(r.expected_disagreement, 0.779, 0.0005);
  // Row 1 of the example's coincidence matrix: o_11 = 7, o_12 = 4/3,
  // n_1 = 9.
  EXPECT_DOUBLE_EQ(matrix.Coincidence(0, 0), 7.0);
  EXPECT_DOUBLE_EQ(matrix.Coincidence(0, 1), 4.0 / 3.0);
  EXPECT_EQ(matrix.ValueTotal(0), 9);
}

TEST(KrippendorffAlphaTest, Krippendorff2011OtherMetrics) {
  const CoincidenceMatrix matrix = Krippendorff2011();
  EXPECT_NEAR(KrippendorffAlpha(matrix, AlphaMetric::kOrdinal).alpha, 0.815,
              0.0005);
  // Interval and ratio use the printed values 1..5, not the indices.
  const std::vector<double> values = {1, 2, 3, 4, 5};
  const AlphaResult interval =
      KrippendorffAlpha(matrix, AlphaMetric::kInterval, values);
  EXPECT_NEAR(interval.alpha, 0.849, 0.0005);
  EXPECT_NEAR(interval.observed_disagreement, 0.433, 0.0005);
  EXPECT_NEAR(interval.expected_disagreement, 2.872, 0.0005);
  EXPECT_NEAR(KrippendorffAlpha(matrix, AlphaMetric::kRatio, values).alpha,
              0.797, 0.0005);
  // Interval alpha does not depend on where the scale starts.
  EXPECT_NEAR(KrippendorffAlpha(matrix, AlphaMetric::kInterval).alpha,
              interval.alpha, 1e-12);
}

// Krippendorff (2004), Content Analysis, 2nd ed., p. 224 (data as in DKPro
// Statistics' Krippendorff2004Test): binary data, 2 observers, 10 units; D_o =
// .400, D_e = .442, alpha = .095.
TEST(KrippendorffAlphaTest, Krippendorff2004Binary) {
  const AlphaResult r = KrippendorffAlpha(FromUnits(2, {{1, 0},
                                                        {1, 1},
                                                        {0, 1},
                                                        {0, 0},
                                                        {0, 0},
                                                        {0, 1},
                                                        {0, 0},
                                                        {0, 1},
                                                        {0, 0},
                                                        {0, 0}}),
                                          AlphaMetric::kNominal);
  EXPECT_NEAR(r.observed_disagreement, 0.400, 0.0005);
  EXPECT_NEAR(r.expected_disagreement, 0.442, 0.0005);
  EXPECT_NEAR(r.alpha, 0.095, 0.0005);
}

// Krippendorff (2004), p. 227: nominal data, 2 observers, 12 units;
// alpha = .734.
TEST(KrippendorffAlphaTest, Krippendorff2004TwoObserversThreeValues) {
  const int a = 0, b = 1, c = 2;
  const AlphaResult r = KrippendorffAlpha(FromUnits(3, {{a, a},
                                                        {a, b},
                                                        {b, b},
                                                        {b, b},
                                                        {b, b},
                                                        {b, b},
                                                        {b, c},
                                                        {c, c},
                                                        {c, c},
                                                        {c, c},
                                                        {c, c},
                                                        {c, c}}),
                                          AlphaMetric::kNominal);
  EXPECT_NEAR(r.observed_disagreement, 0.1667, 0.00005);
  EXPECT_NEAR(r.expected_disagreement, 0.6268, 0.00005);
  EXPECT_NEAR(r.alpha, 0.734, 0.0005);
}

// Hayes & Krippendorff (2007), "Answering the call for a standard
// reliability measure for coding data", Communication Methods and Measures
// 1(1):77-89, https://doi.org/10.1080/19312450709336664, p. 84: 5 observers,
// 40 units, ordinal values 0..3 with missing values; alpha = .7598.
TEST(KrippendorffAlphaTest, HayesKrippendorff2007Ordinal) {
  const int m = kMissing;
  const AlphaResult r = KrippendorffAlpha(
      FromUnits(
          4,
          {{1, 1, 2, m, 2}, {1, 1, 0, 1, m}, {2, 3, 3, 3, m}, {m, 0, 0, m, 0},
           {0, 0, 0, m, 0}, {0, 0, 0, m, 0}, {1, 0, 2, m, 1}, {1, m, 2, 0, m},
           {2, 2, 2, m, 2}, {2, 1, 1, 1, m}, {m, 1, 0, 0, m}, {0, 0, 0, 0, m},
           {1, 2, 2, 2, m}, {3, 3, 2, 2, 3}, {1, 1, 1, m, 1}, {1, 1, 1, m, 1},
           {2, 1, 2, m, 2}, {1, 2, 3, 3, m}, {1, 1, 0, 1, m}, {0, 0, 0, m, 0},
           {0, 0, 1, 1, m}, {0, 0, m, 0, 0}, {2, 3, 3, 3, m}, {0, 0, 0, 0, m},
           {1, 2, m, 2, 2}, {0, 1, 1, 1, m}, {0, 0, 0, 1, 0}, {1, 2, 1, 2, m},
           {1, 1, 2, 2, m}, {1, 1, 2, m, 2}, {1, 1, 0, m, 0}, {2, 1, 2, 1, m},
           {2, 2, m, 2, 2}, {3, 2, 2, 2, m}, {2, 2, 2, m, 2}, {2, 2, 3, m, 2},
           {2, 2, 2, m, 2}, {2, 2, m, 1, 2}, {2, 2, 2, 2, m}, {1, 1, 1, m, 1}}),
      AlphaMetric::kOrdinal);
  EXPECT_NEAR(r.alpha, 0.7598, 0.00005);
}

TEST(KrippendorffAlphaTest, UndefinedWithoutVariationOrPairs) {
  EXPECT_TRUE(std::isnan(KrippendorffAlpha(FromUnits(2, {{1, 1}, {1, 1, 1}}),
                                           AlphaMetric::kNominal)
                             .alpha));
  const AlphaResult none =
      KrippendorffAlpha(FromUnits(2, {{1}, {0}, {}}), AlphaMetric::kNominal);
  EXPECT_TRUE(std::isnan(none.alpha));
  EXPECT_EQ(none.pairable_values, 0);
}

TEST(KrippendorffAlphaTest, PerfectAgreementIsOne) {
  EXPECT_DOUBLE_EQ(KrippendorffAlpha(FromUnits(3, {{0, 0}, {1, 1, 1}, {2, 2}}),
                                     AlphaMetric::kNominal)
                       .alpha,
                   1.0);
}

TEST(KrippendorffAlphaTest, MergeEqualsAddingEverythingToOne) {
  std::mt19937 rng(11);
  CoincidenceMatrix all(4), first(4), second(4);
  for (int u = 0; u < 500; ++u) {
    std::vector<int> values(rng() % 5);
    for (int& v : values) v = rng() % 4;
    all.AddUnit(values);
    (u % 3 == 0 ? first : second).AddUnit(values);
  }
  first.Merge(second);
  for (AlphaMetric metric : {AlphaMetric::kNominal, AlphaMetric::kOrdinal,
                             AlphaMetric::kInterval, AlphaMetric::kRatio}) {
    EXPECT_EQ(KrippendorffAlpha(first, metric).alpha,
              KrippendorffAlpha(all, metric).alpha);
  }
  EXPECT_EQ(first.pairable_values(), all.pairable_values());
  EXPECT_EQ(first.unpairable_units(), all.unpairable_units());
}

TEST(CoincidenceMatrixTest, CountedUnitsEqualUnitByUnit) {
  CoincidenceMatrix one_by_one(4), counted(4);
  const std::vector<std::vector<int>> units = {
      {0, 0, 1}, {3, 3}, {2, 0, 2, 1}, {1}, {0, 1, 2, 3}};
  for (size_t u = 0; u < units.size(); ++u) {
    for (size_t n = 0; n < u + 2; ++n) one_by_one.AddUnit(units[u]);
    counted.AddUnits(units[u], u + 2);
  }
  EXPECT_EQ(counted.pairable_units(), one_by_one.pairable_units());
  EXPECT_EQ(counted.pairable_values(), one_by_one.pairable_values());
  EXPECT_EQ(counted.unpairable_units(), one_by_one.unpairable_units());
  for (int c = 0; c < 4; ++c) {
    EXPECT_EQ(counted.ValueTotal(c), one_by_one.ValueTotal(c));
    for (int k = 0; k < 4; ++k) {
      EXPECT_EQ(counted.Coincidence(c, k), one_by_one.Coincidence(c, k));
    }
  }
  for (AlphaMetric m : {AlphaMetric::kNominal, AlphaMetric::kOrdinal,
                        AlphaMetric::kInterval, AlphaMetric::kRatio}) {
    EXPECT_EQ(KrippendorffAlpha(counted, m).alpha,
              KrippendorffAlpha(one_by_one, m).alpha);
  }
}

}  // namespace
}  // namespace spanlab::agreement
