#include "service/assignment_policy.h"

#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/proto_matchers.h"

namespace spanlab {
namespace {

using ::spanlab::testing_support::EqualsProto;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

v1::DocumentAssignment Assignment(
    std::initializer_list<const char*> active,
    std::initializer_list<const char*> finished = {},
    std::initializer_list<const char*> skipped = {}) {
  v1::DocumentAssignment a;
  a.set_document("projects/p/documents/d");
  for (const char* n : active) a.add_active(n);
  for (const char* n : finished) a.add_finished(n);
  for (const char* n : skipped) a.add_skipped(n);
  return a;
}

// The id DocumentChooser settles on after seeing `docs` in order, or "".
std::string Choose(
    const std::string& annotator, int overlap,
    const std::vector<std::pair<std::string, v1::DocumentAssignment>>& docs) {
  DocumentChooser chooser(annotator, overlap);
  for (const auto& [id, a] : docs) chooser.Offer(id, a);
  return chooser.best().has_value() ? chooser.best()->first : "";
}

// =============================================================================
// Involves / RemoveAnnotator
// =============================================================================

TEST(InvolvesTest, ActiveFinishedOrSkipped) {
  EXPECT_TRUE(Involves(Assignment({"alice"}), "alice"));
  EXPECT_TRUE(Involves(Assignment({}, {"alice"}), "alice"));
  EXPECT_TRUE(Involves(Assignment({}, {}, {"alice"}), "alice"));
  EXPECT_FALSE(Involves(Assignment({"bob"}, {"carol"}, {"dave"}), "alice"));
  EXPECT_FALSE(Involves(Assignment({}), "alice"));
}

TEST(InvolvesTest, ComparesWholeIds) {
  EXPECT_FALSE(Involves(Assignment({"alice2"}, {"ali"}, {"xalice"}), "alice"));
  EXPECT_FALSE(Involves(Assignment({"alice"}), ""));
}

TEST(RemoveAnnotatorTest, RemovesOnlyThatAnnotator) {
  v1::DocumentAssignment a = Assignment({"alice", "bob", "carol"});
  EXPECT_TRUE(RemoveAnnotator(a.mutable_active(), "bob"));
  EXPECT_THAT(a.active(), ElementsAre("alice", "carol"));
}

TEST(RemoveAnnotatorTest, AbsentAnnotatorIsFalseAndChangesNothing) {
  v1::DocumentAssignment a = Assignment({"alice", "carol"});
  EXPECT_FALSE(RemoveAnnotator(a.mutable_active(), "bob"));
  EXPECT_FALSE(RemoveAnnotator(a.mutable_active(), "alic"));
  EXPECT_THAT(a.active(), ElementsAre("alice", "carol"));

  v1::DocumentAssignment empty;
  EXPECT_FALSE(RemoveAnnotator(empty.mutable_active(), "bob"));
  EXPECT_THAT(empty.active(), IsEmpty());
}

TEST(RemoveAnnotatorTest, RemovesOneOccurrenceAtATime) {
  v1::DocumentAssignment a = Assignment({"alice", "bob", "alice"});
  EXPECT_TRUE(RemoveAnnotator(a.mutable_active(), "alice"));
  EXPECT_THAT(a.active(), ElementsAre("bob", "alice"));
  EXPECT_TRUE(RemoveAnnotator(a.mutable_active(), "alice"));
  EXPECT_THAT(a.active(), ElementsAre("bob"));
  EXPECT_FALSE(RemoveAnnotator(a.mutable_active(), "alice"));
}

// =============================================================================
// DocumentChooser
// =============================================================================

TEST(DocumentChooserTest, NothingOfferedChoosesNothing) {
  DocumentChooser chooser("alice", 2);
  EXPECT_FALSE(chooser.best().has_value());
}

TEST(DocumentChooserTest, ChoosesAnEmptyDocumentAndKeepsItsAssignment) {
  DocumentChooser chooser("alice", 2);
  const v1::DocumentAssignment a = Assignment({"bob"});
  chooser.Offer("d1", a);
  ASSERT_TRUE(chooser.best().has_value());
  EXPECT_EQ(chooser.best()->first, "d1");
  EXPECT_THAT(chooser.best()->second, EqualsProto(a));
}

TEST(DocumentChooserTest, SkipsDocumentsTheAnnotatorIsActiveOn) {
  EXPECT_EQ(Choose("alice", 3, {{"d1", Assignment({"alice"})}}), "");
  EXPECT_EQ(
      Choose("alice", 3,
             {{"d1", Assignment({"alice"})}, {"d2", Assignment({"bob"})}}),
      "d2");
}

TEST(DocumentChooserTest, SkipsDocumentsTheAnnotatorFinished) {
  EXPECT_EQ(Choose("alice", 3, {{"d1", Assignment({}, {"alice"})}}), "");
  EXPECT_EQ(Choose("alice", 3,
                   {{"d1", Assignment({}, {"alice"})},
                    {"d2", Assignment({}, {"bob", "carol"})}}),
            "d2");
}

TEST(DocumentChooserTest, SkipsDocumentsTheAnnotatorSkipped) {
  EXPECT_EQ(Choose("alice", 3, {{"d1", Assignment({}, {}, {"alice"})}}), "");
  EXPECT_EQ(Choose("alice", 3,
                   {{"d1", Assignment({}, {}, {"alice"})},
                    {"d2", Assignment({"bob"}, {"carol"})}}),
            "d2");
}

TEST(DocumentChooserTest, SkippedByOthersDoesNotCountTowardsOverlap) {
  // Three others skipped it; with overlap 1 it still has room.
  EXPECT_EQ(Choose("alice", 1,
                   {{"d1", Assignment({}, {}, {"bob", "carol", "dave"})}}),
            "d1");
}

TEST(DocumentChooserTest, SkipsFullDocuments) {
  // active + finished >= overlap (2) means full, however it is split.
  EXPECT_EQ(Choose("alice", 2,
                   {{"d1", Assignment({"bob", "carol"})},
                    {"d2", Assignment({"bob"}, {"carol"})},
                    {"d3", Assignment({}, {"bob", "carol"})}}),
            "");
  // Past the overlap (bad data) is full too.
  EXPECT_EQ(
      Choose("alice", 2, {{"d1", Assignment({"bob"}, {"carol", "dave"})}}), "");
  // One below the overlap has room.
  EXPECT_EQ(Choose("alice", 2,
                   {{"d1", Assignment({"bob", "carol"})},
                    {"d2", Assignment({}, {"carol"})}}),
            "d2");
}

TEST(DocumentChooserTest, OverlapOneTakesOnlyUntouchedDocuments) {
  EXPECT_EQ(Choose("alice", 1,
                   {{"d1", Assignment({"bob"})},
                    {"d2", Assignment({}, {"bob"})},
                    {"d3", Assignment({})}}),
            "d3");
}

TEST(DocumentChooserTest, PrefersFewestFinished) {
  // d2 has more active annotators but fewer finished: finished wins.
  EXPECT_EQ(Choose("alice", 5,
                   {{"d1", Assignment({}, {"bob"})},
                    {"d2", Assignment({"carol", "dave"})},
                    {"d3", Assignment({"erin"}, {"bob", "frank"})}}),
            "d2");
  // Whatever the order of offers.
  EXPECT_EQ(Choose("alice", 5,
                   {{"d3", Assignment({"erin"}, {"bob", "frank"})},
                    {"d2", Assignment({"carol", "dave"})},
                    {"d1", Assignment({}, {"bob"})}}),
            "d2");
}

TEST(DocumentChooserTest, ThenFewestActive) {
  EXPECT_EQ(Choose("alice", 5,
                   {{"d1", Assignment({"bob", "carol"}, {"dave"})},
                    {"d2", Assignment({"erin"}, {"dave"})},
                    {"d3", Assignment({"bob", "carol", "erin"}, {"dave"})}}),
            "d2");
}

TEST(DocumentChooserTest, ThenFirstIdAmongEquals) {
  EXPECT_EQ(Choose("alice", 3,
                   {{"d1", Assignment({"bob"})},
                    {"d2", Assignment({})},
                    {"d3", Assignment({})},
                    {"d4", Assignment({"carol"})}}),
            "d2");
  // Ties keep the first offered: documents arrive in id order.
  EXPECT_EQ(Choose("alice", 3,
                   {{"a", Assignment({"bob"})},
                    {"b", Assignment({"carol"})},
                    {"c", Assignment({"dave"})}}),
            "a");
}

TEST(DocumentChooserTest, LaterBetterDocumentReplacesTheBest) {
  DocumentChooser chooser("alice", 3);
  chooser.Offer("d1", Assignment({"bob"}, {"carol"}));
  ASSERT_TRUE(chooser.best().has_value());
  EXPECT_EQ(chooser.best()->first, "d1");
  const v1::DocumentAssignment d2 = Assignment({"bob"});
  chooser.Offer("d2", d2);
  EXPECT_EQ(chooser.best()->first, "d2");
  EXPECT_THAT(chooser.best()->second, EqualsProto(d2));
  // A worse or ineligible document afterwards does not displace it.
  chooser.Offer("d3", Assignment({"bob", "carol"}));
  chooser.Offer("d4", Assignment({}, {"alice"}));
  chooser.Offer("d5", Assignment({"bob", "carol", "dave"}));
  EXPECT_EQ(chooser.best()->first, "d2");
}

TEST(DocumentChooserTest, OwnInvolvementBeatsPreference) {
  // d1 would be preferred (untouched) but alice skipped it.
  EXPECT_EQ(Choose("alice", 3,
                   {{"d1", Assignment({}, {}, {"alice"})},
                    {"d2", Assignment({"bob", "carol"})}}),
            "d2");
}

}  // namespace
}  // namespace spanlab
