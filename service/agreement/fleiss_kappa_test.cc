#include "service/agreement/fleiss_kappa.h"

#include <cmath>
#include <vector>

#include "gtest/gtest.h"

namespace spanlab::agreement {
namespace {

// Wikipedia, "Fleiss' kappa", worked example
// (https://en.wikipedia.org/wiki/Fleiss%27_kappa#Worked_example): 14 raters,
// 10 subjects, 5 categories; P = 0.378, P_e = 0.213, kappa = 0.210.
TEST(FleissKappaTest, WikipediaWorkedExample) {
  const std::vector<std::vector<int64_t>> table = {
      {0, 0, 0, 0, 14}, {0, 2, 6, 4, 2}, {0, 0, 3, 5, 6}, {0, 3, 9, 2, 0},
      {2, 2, 8, 1, 1},  {7, 7, 0, 0, 0}, {3, 2, 6, 3, 0}, {2, 5, 3, 2, 2},
      {6, 5, 2, 1, 0},  {0, 2, 2, 3, 7}};
  FleissKappa fleiss(5, 14);
  for (const auto& row : table) ASSERT_TRUE(fleiss.AddUnitCounts(row).ok());
  const FleissResult r = fleiss.Compute();
  EXPECT_EQ(r.units, 10);
  EXPECT_NEAR(r.observed_agreement, 0.378, 0.0005);
  EXPECT_NEAR(r.expected_agreement, 0.213, 0.0005);
  EXPECT_NEAR(r.kappa, 0.210, 0.0005);
}

// Fleiss (1971), p. 379, table 1: 30 patients, 6 psychiatrists, 5
// diagnoses; P = .556, P_e = .220, kappa = .430, and per category
// kappa_j = .248, .248, .517, .470, .565. Ratings as transcribed in DKPro
// Statistics' Fleiss1971Test (https://github.com/dkpro/dkpro-statistics),
// diagnoses 1..5 here 0..4. The paper computed kappa_j from the category
// shares p_j rounded to three decimals; exactly they are .2448, .2448,
// .5200, .4711, .5661, hence the tolerance of .005 that DKPro uses too.
TEST(FleissKappaTest, Fleiss1971) {
  const std::vector<std::vector<int>> ratings = {
      {4, 4, 4, 4, 4, 4}, {2, 2, 2, 5, 5, 5}, {2, 3, 3, 3, 3, 5},
      {5, 5, 5, 5, 5, 5}, {2, 2, 2, 4, 4, 4}, {1, 1, 3, 3, 3, 3},
      {3, 3, 3, 3, 5, 5}, {1, 1, 3, 3, 3, 4}, {1, 1, 4, 4, 4, 4},
      {5, 5, 5, 5, 5, 5}, {1, 4, 4, 4, 4, 4}, {1, 2, 4, 4, 4, 4},
      {2, 2, 2, 3, 3, 3}, {1, 4, 4, 4, 4, 4}, {2, 2, 4, 4, 4, 5},
      {3, 3, 3, 3, 3, 5}, {1, 1, 1, 4, 5, 5}, {1, 1, 1, 1, 1, 2},
      {2, 2, 4, 4, 4, 4}, {1, 3, 3, 5, 5, 5}, {5, 5, 5, 5, 5, 5},
      {2, 4, 4, 4, 4, 4}, {2, 2, 4, 5, 5, 5}, {1, 1, 4, 4, 4, 4},
      {1, 4, 4, 4, 4, 5}, {2, 2, 2, 2, 2, 4}, {1, 1, 1, 1, 5, 5},
      {2, 2, 4, 4, 4, 4}, {1, 3, 3, 3, 3, 3}, {5, 5, 5, 5, 5, 5}};
  FleissKappa fleiss(5, 6);
  for (std::vector<int> unit : ratings) {
    for (int& r : unit) --r;
    ASSERT_TRUE(fleiss.AddUnit(unit).ok());
  }
  const FleissResult r = fleiss.Compute();
  EXPECT_EQ(r.units, 30);
  EXPECT_NEAR(r.observed_agreement, 0.556, 0.0005);
  EXPECT_NEAR(r.expected_agreement, 0.220, 0.0005);
  EXPECT_NEAR(r.kappa, 0.430, 0.0005);
  const std::vector<double> per_category = {0.248, 0.248, 0.517, 0.470, 0.565};
  ASSERT_EQ(r.per_category.size(), 5u);
  for (int j = 0; j < 5; ++j) {
    EXPECT_NEAR(r.per_category[j], per_category[j], 0.005) << "category " << j;
  }
}

TEST(FleissKappaTest, RejectsUnitsWithTheWrongNumberOfRatings) {
  FleissKappa fleiss(3, 3);
  EXPECT_EQ(fleiss.AddUnit(std::vector<int>{0, 1}).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(fleiss.AddUnit(std::vector<int>{0, 1, 3}).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(fleiss.AddUnitCounts(std::vector<int64_t>{1, 1, 0}).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(fleiss.AddUnitCounts(std::vector<int64_t>{4, -1, 0}).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(fleiss.Compute().units, 0);
}

TEST(FleissKappaTest, TwoRatersEqualsScottsPi) {
  // With two raters Fleiss' kappa is Scott's pi: (p_o - p_e) / (1 - p_e)
  // with p_e from the pooled marginals. Here p_o = 3/5, pooled shares of
  // category 0 and 1 are 6/10 and 4/10, p_e = .52, pi = 1/6.
  FleissKappa fleiss(2, 2);
  for (const std::vector<int>& unit :
       std::vector<std::vector<int>>{{0, 0}, {0, 0}, {1, 1}, {0, 1}, {1, 0}}) {
    ASSERT_TRUE(fleiss.AddUnit(unit).ok());
  }
  EXPECT_DOUBLE_EQ(fleiss.Compute().kappa, (0.6 - 0.52) / (1 - 0.52));
}

TEST(FleissKappaTest, UndefinedCases) {
  FleissKappa empty(2, 3);
  EXPECT_TRUE(std::isnan(empty.Compute().kappa));
  FleissKappa constant(2, 3);
  ASSERT_TRUE(constant.AddUnit(std::vector<int>{1, 1, 1}).ok());
  const FleissResult r = constant.Compute();
  EXPECT_TRUE(std::isnan(r.kappa));
  EXPECT_DOUBLE_EQ(r.observed_agreement, 1.0);
  EXPECT_TRUE(std::isnan(r.per_category[0]));
  EXPECT_TRUE(std::isnan(r.per_category[1]));
}

TEST(FleissKappaTest, CountedUnitsAndMergeEqualUnitByUnit) {
  FleissKappa one_by_one(3, 4), counted(3, 4), first(3, 4), second(3, 4);
  const std::vector<std::vector<int>> units = {
      {0, 0, 1, 2}, {1, 1, 1, 1}, {2, 0, 2, 2}, {0, 1, 0, 1}};
  for (size_t u = 0; u < units.size(); ++u) {
    for (size_t n = 0; n <= u + 1; ++n) {
      ASSERT_TRUE(one_by_one.AddUnit(units[u]).ok());
      ASSERT_TRUE((n % 2 ? first : second).AddUnit(units[u]).ok());
    }
    ASSERT_TRUE(counted.AddUnits(units[u], u + 2).ok());
  }
  ASSERT_TRUE(first.Merge(second).ok());
  const FleissResult expected = one_by_one.Compute();
  for (const FleissKappa* k : {&counted, &first}) {
    const FleissResult r = k->Compute();
    EXPECT_EQ(r.units, expected.units);
    EXPECT_EQ(r.kappa, expected.kappa);
    EXPECT_EQ(r.observed_agreement, expected.observed_agreement);
    EXPECT_EQ(r.expected_agreement, expected.expected_agreement);
    EXPECT_EQ(r.per_category, expected.per_category);
  }
  EXPECT_EQ(counted.AddUnits({0, 0, 1, 2}, -1).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(first.Merge(FleissKappa(3, 3)).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(first.Merge(FleissKappa(2, 4)).code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace spanlab::agreement
