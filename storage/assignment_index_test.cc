#include "storage/assignment_index.h"

#include <string>
#include <tuple>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace spanlab {
namespace {

using ::testing::ElementsAre;

v1::DocumentAssignment Assignment(std::vector<std::string> active,
                                  std::vector<std::string> finished,
                                  std::vector<std::string> skipped = {}) {
  v1::DocumentAssignment a;
  for (auto& n : active) a.add_active(n);
  for (auto& n : finished) a.add_finished(n);
  for (auto& n : skipped) a.add_skipped(n);
  return a;
}

// What ForEachOpenTo visits for `annotator`; by default someone new, with
// room for everyone.
std::vector<std::tuple<std::string, int, int>> Order(
    const AssignmentIndex& index, absl::string_view annotator = "new",
    int overlap = 100) {
  std::vector<std::tuple<std::string, int, int>> out;
  index.ForEachOpenTo(annotator, overlap,
                      [&](absl::string_view id, int finished, int active) {
                        out.emplace_back(std::string(id), finished, active);
                        return true;
                      });
  return out;
}

TEST(AssignmentIndexTest, OrdersByFinishedThenActiveThenId) {
  AssignmentIndex index;
  ASSERT_TRUE(index.Update("c", nullptr, Assignment({}, {})));
  ASSERT_TRUE(index.Update("a", nullptr, Assignment({"x"}, {})));
  ASSERT_TRUE(index.Update("b", nullptr, Assignment({}, {"y"})));
  ASSERT_TRUE(index.Update("d", nullptr, Assignment({}, {})));
  ASSERT_TRUE(index.Update("e", nullptr, Assignment({"x", "z"}, {})));
  EXPECT_THAT(
      Order(index),
      ElementsAre(std::make_tuple("c", 0, 0), std::make_tuple("d", 0, 0),
                  std::make_tuple("a", 0, 1), std::make_tuple("e", 0, 2),
                  std::make_tuple("b", 1, 0)));
  EXPECT_EQ(index.documents(), 5);
}

TEST(AssignmentIndexTest, UpdateMovesTheDocumentAndKeepsOneEntry) {
  AssignmentIndex index;
  const auto empty = Assignment({}, {});
  ASSERT_TRUE(index.Update("a", nullptr, empty));
  ASSERT_TRUE(index.Update("b", nullptr, empty));
  const auto taken = Assignment({"x"}, {});
  ASSERT_TRUE(index.Update("a", &empty, taken));
  const auto done = Assignment({}, {"x"});
  ASSERT_TRUE(index.Update("a", &taken, done));
  EXPECT_THAT(Order(index), ElementsAre(std::make_tuple("b", 0, 0),
                                        std::make_tuple("a", 1, 0)));
  EXPECT_EQ(index.documents(), 2);
}

TEST(AssignmentIndexTest, CountsEachAnnotatorsDocuments) {
  AssignmentIndex index;
  const auto empty = Assignment({}, {});
  for (const char* id : {"a", "b", "c", "d"})
    ASSERT_TRUE(index.Update(id, nullptr, empty));
  const auto a = Assignment({"y"}, {"x"});
  ASSERT_TRUE(index.Update("a", &empty, a));
  const auto b = Assignment({"x"}, {"y"}, {"z"});
  ASSERT_TRUE(index.Update("b", &empty, b));
  const auto c = Assignment({}, {}, {"x"});
  ASSERT_TRUE(index.Update("c", &empty, c));

  AssignmentCounts x = index.For("x");
  EXPECT_EQ(x.done, 1);
  EXPECT_EQ(x.assigned, 1);
  EXPECT_EQ(x.skipped, 1);
  EXPECT_EQ(x.documents, 4);
  AssignmentCounts y = index.For("y");
  EXPECT_EQ(y.done, 1);
  EXPECT_EQ(y.assigned, 1);
  EXPECT_EQ(y.skipped, 0);

  // x finishes b: held one fewer, done one more.
  const auto b2 = Assignment({}, {"y", "x"}, {"z"});
  ASSERT_TRUE(index.Update("b", &b, b2));
  x = index.For("x");
  EXPECT_EQ(x.done, 2);
  EXPECT_EQ(x.assigned, 0);
  EXPECT_EQ(index.For("z").skipped, 1);
}

TEST(AssignmentIndexTest, UnknownAnnotatorHasZerosAndTheDocumentCount) {
  AssignmentIndex index;
  ASSERT_TRUE(index.Update("a", nullptr, Assignment({}, {})));
  AssignmentCounts n = index.For("nobody");
  EXPECT_EQ(n.done, 0);
  EXPECT_EQ(n.assigned, 0);
  EXPECT_EQ(n.skipped, 0);
  EXPECT_EQ(n.documents, 1);
}

TEST(AssignmentIndexTest, VisitStopsWhenAskedTo) {
  AssignmentIndex index;
  for (const char* id : {"a", "b", "c"}) {
    ASSERT_TRUE(index.Update(id, nullptr, Assignment({}, {})));
  }
  int visited = 0;
  index.ForEachOpenTo("new", 3, [&](absl::string_view, int, int) {
    ++visited;
    return visited < 2;
  });
  EXPECT_EQ(visited, 2);
}

TEST(AssignmentIndexTest, PassesOverWhatIsNotOpenToTheAnnotator) {
  AssignmentIndex index;
  const auto empty = Assignment({}, {});
  for (const char* id : {"a", "b", "c", "d", "e", "f"}) {
    ASSERT_TRUE(index.Update(id, nullptr, empty));
  }
  const auto held = Assignment({"x"}, {});
  ASSERT_TRUE(index.Update("a", &empty, held));
  const auto skipped = Assignment({}, {}, {"x"});
  ASSERT_TRUE(index.Update("b", &empty, skipped));
  const auto finished = Assignment({}, {"x"});
  ASSERT_TRUE(index.Update("c", &empty, finished));
  const auto full = Assignment({"y", "z"}, {});
  ASSERT_TRUE(index.Update("d", &empty, full));
  const auto done = Assignment({}, {"y", "z"});
  ASSERT_TRUE(index.Update("e", &empty, done));

  // x: only f is open (d is full, e is done by overlap 2).
  EXPECT_THAT(Order(index, "x", 2), ElementsAre(std::make_tuple("f", 0, 0)));
  // w: everything with room, best first; the walk ends at e.
  EXPECT_THAT(
      Order(index, "w", 2),
      ElementsAre(std::make_tuple("b", 0, 0), std::make_tuple("f", 0, 0),
                  std::make_tuple("a", 0, 1), std::make_tuple("c", 1, 0)));
  // With room for three, d and e are open to w as well.
  EXPECT_THAT(
      Order(index, "w", 3),
      ElementsAre(std::make_tuple("b", 0, 0), std::make_tuple("f", 0, 0),
                  std::make_tuple("a", 0, 1), std::make_tuple("d", 0, 2),
                  std::make_tuple("c", 1, 0), std::make_tuple("e", 2, 0)));
}

TEST(AssignmentIndexTest, RefusesAnUpdateFromAStateItDoesNotHold) {
  AssignmentIndex index;
  const auto empty = Assignment({}, {});
  const auto held = Assignment({"x"}, {});
  ASSERT_TRUE(index.Update("a", nullptr, empty));
  // New again, or a change from a state it was not in: out of date.
  EXPECT_FALSE(index.Update("a", nullptr, held));
  EXPECT_FALSE(index.Update("a", &held, empty));
  EXPECT_FALSE(index.Update("unknown", &empty, held));
  // Nothing changed.
  EXPECT_THAT(Order(index), ElementsAre(std::make_tuple("a", 0, 0)));
  EXPECT_EQ(index.For("x").assigned, 0);
  EXPECT_EQ(index.documents(), 1);
}

// Summarize: what GetProgress reports.

// (annotator, done, assigned, skipped, documents) of each line.
std::vector<std::tuple<std::string, int64_t, int64_t, int64_t, int64_t>> Lines(
    const AssignmentSummary& summary) {
  std::vector<std::tuple<std::string, int64_t, int64_t, int64_t, int64_t>> out;
  for (const auto& [annotator, c] : summary.annotators) {
    out.emplace_back(annotator, c.done, c.assigned, c.skipped, c.documents);
  }
  return out;
}

TEST(AssignmentIndexTest, SummaryOfNothing) {
  AssignmentIndex index;
  const AssignmentSummary s = index.Summarize(2);
  EXPECT_EQ(s.documents, 0);
  EXPECT_EQ(s.complete, 0);
  EXPECT_EQ(s.in_progress, 0);
  EXPECT_THAT(s.annotators, ::testing::IsEmpty());
}

TEST(AssignmentIndexTest, SummaryCountsCompleteAndInProgress) {
  AssignmentIndex index;
  ASSERT_TRUE(index.Update("a", nullptr, Assignment({}, {})));     // untouched
  ASSERT_TRUE(index.Update("b", nullptr, Assignment({"x"}, {})));  // held
  ASSERT_TRUE(index.Update("c", nullptr, Assignment({"y"}, {"x"})));    // held
  ASSERT_TRUE(index.Update("d", nullptr, Assignment({}, {"x", "y"})));  // done
  ASSERT_TRUE(
      index.Update("e", nullptr, Assignment({}, {"z"}, {"x"})));  // neither
  // Both, which NextDocument never makes but a record could hold.
  ASSERT_TRUE(index.Update("f", nullptr, Assignment({"z"}, {"x", "y"})));
  const AssignmentSummary s = index.Summarize(2);
  EXPECT_EQ(s.documents, 6);
  EXPECT_EQ(s.complete, 2);
  EXPECT_EQ(s.in_progress, 3);
  EXPECT_THAT(Lines(s), ElementsAre(std::make_tuple("x", 3, 1, 1, 6),
                                    std::make_tuple("y", 2, 1, 0, 6),
                                    std::make_tuple("z", 1, 1, 0, 6)));
}

TEST(AssignmentIndexTest, SummaryCompleteFollowsTheOverlap) {
  AssignmentIndex index;
  ASSERT_TRUE(index.Update("a", nullptr, Assignment({}, {"x"})));
  ASSERT_TRUE(index.Update("b", nullptr, Assignment({}, {"x", "y"})));
  ASSERT_TRUE(index.Update("c", nullptr, Assignment({}, {"x", "y", "z"})));
  EXPECT_EQ(index.Summarize(1).complete, 3);
  EXPECT_EQ(index.Summarize(2).complete, 2);
  EXPECT_EQ(index.Summarize(3).complete, 1);
  EXPECT_EQ(index.Summarize(4).complete, 0);
}

TEST(AssignmentIndexTest, SummaryFollowsUpdates) {
  AssignmentIndex index;
  const auto empty = Assignment({}, {});
  ASSERT_TRUE(index.Update("a", nullptr, empty));
  ASSERT_TRUE(index.Update("b", nullptr, empty));
  const auto held = Assignment({"x"}, {});
  ASSERT_TRUE(index.Update("a", &empty, held));
  AssignmentSummary s = index.Summarize(1);
  EXPECT_EQ(s.complete, 0);
  EXPECT_EQ(s.in_progress, 1);
  EXPECT_THAT(Lines(s), ElementsAre(std::make_tuple("x", 0, 1, 0, 2)));

  const auto done = Assignment({}, {"x"});
  ASSERT_TRUE(index.Update("a", &held, done));
  s = index.Summarize(1);
  EXPECT_EQ(s.complete, 1);
  EXPECT_EQ(s.in_progress, 0);
  EXPECT_THAT(Lines(s), ElementsAre(std::make_tuple("x", 1, 0, 0, 2)));

  // A record that no longer names x (written by hand, say) drops x's line,
  // as counting the records would.
  ASSERT_TRUE(index.Update("a", &done, empty));
  s = index.Summarize(1);
  EXPECT_EQ(s.complete, 0);
  EXPECT_THAT(s.annotators, ::testing::IsEmpty());
}

}  // namespace
}  // namespace spanlab
