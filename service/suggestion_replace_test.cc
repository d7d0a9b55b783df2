#include "service/suggestion_replace.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace spanlab {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

v1::Annotation Suggestion(int start, int end, const std::string& label,
                          double score = 0.5) {
  v1::Annotation a;
  a.set_start(start);
  a.set_end(end);
  a.set_label(label);
  a.set_score(score);
  a.set_kind(v1::AUTOMATIC);
  a.set_model_version("v1");
  return a;
}

TEST(PlanReplacementTest, FirstRunCreatesEverything) {
  std::vector<v1::Annotation> incoming = {Suggestion(0, 5, "opinion"),
                                          Suggestion(7, 9, "disputed")};
  ReplacementPlan plan = PlanReplacement({}, incoming);
  EXPECT_THAT(plan.create, ElementsAre(0, 1));
  EXPECT_THAT(plan.remove, IsEmpty());
  EXPECT_EQ(plan.kept, 0);
}

TEST(PlanReplacementTest, IdenticalRerunChangesNothing) {
  std::vector<v1::Annotation> stored = {Suggestion(0, 5, "opinion"),
                                        Suggestion(7, 9, "disputed")};
  // Names, revisions and times differ between a stored record and a new
  // one; they must not make the two different.
  stored[0].set_name("projects/p/documents/d/annotations/0000000000000001");
  stored[0].set_revision(3);
  std::vector<v1::Annotation> incoming = {Suggestion(7, 9, "disputed"),
                                          Suggestion(0, 5, "opinion")};
  ReplacementPlan plan = PlanReplacement(stored, incoming);
  EXPECT_THAT(plan.create, IsEmpty());
  EXPECT_THAT(plan.remove, IsEmpty());
  EXPECT_EQ(plan.kept, 2);
}

TEST(PlanReplacementTest, ChangedOutputReplacesOnlyWhatChanged) {
  std::vector<v1::Annotation> stored = {Suggestion(0, 5, "opinion", 0.5),
                                        Suggestion(7, 9, "disputed")};
  std::vector<v1::Annotation> incoming = {Suggestion(0, 5, "opinion", 0.7),
                                          Suggestion(7, 9, "disputed"),
                                          Suggestion(11, 12, "opinion")};
  ReplacementPlan plan = PlanReplacement(stored, incoming);
  EXPECT_THAT(plan.create, ElementsAre(0, 2));
  ASSERT_EQ(plan.remove.size(), 1u);
  EXPECT_EQ(plan.remove[0], &stored[0]);
  EXPECT_EQ(plan.kept, 1);
}

TEST(PlanReplacementTest, AttributesAreCompared) {
  std::vector<v1::Annotation> stored = {Suggestion(0, 5, "disputed")};
  (*stored[0].mutable_attributes())["source"] = "Putin";
  std::vector<v1::Annotation> incoming = {Suggestion(0, 5, "disputed")};
  (*incoming[0].mutable_attributes())["source"] = "Lavrov";
  ReplacementPlan plan = PlanReplacement(stored, incoming);
  EXPECT_THAT(plan.create, ElementsAre(0));
  EXPECT_EQ(plan.remove.size(), 1u);
}

TEST(PlanReplacementTest, DuplicatesAreCreatedOnceAndStoredOnesRemoved) {
  std::vector<v1::Annotation> stored = {Suggestion(0, 5, "opinion"),
                                        Suggestion(0, 5, "opinion")};
  std::vector<v1::Annotation> incoming = {
      Suggestion(0, 5, "opinion"), Suggestion(0, 5, "opinion"),
      Suggestion(6, 8, "opinion"), Suggestion(6, 8, "opinion")};
  ReplacementPlan plan = PlanReplacement(stored, incoming);
  EXPECT_THAT(plan.create, ElementsAre(2));
  ASSERT_EQ(plan.remove.size(), 1u);
  EXPECT_EQ(plan.remove[0], &stored[1]);
  EXPECT_EQ(plan.kept, 1);
}

TEST(PlanReplacementTest, EmptyOutputRemovesEverything) {
  std::vector<v1::Annotation> stored = {Suggestion(0, 5, "opinion")};
  ReplacementPlan plan = PlanReplacement(stored, {});
  EXPECT_THAT(plan.create, IsEmpty());
  EXPECT_EQ(plan.remove.size(), 1u);
}

}  // namespace
}  // namespace spanlab
