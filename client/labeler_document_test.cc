#include "client/labeler_document.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace spanlab::client {
namespace {

LabelerSpan Span(std::string name, int64_t start, int64_t end,
                 std::string label = "opinion") {
  LabelerSpan span;
  span.name = std::move(name);
  span.start = start;
  span.end = end;
  span.label = std::move(label);
  return span;
}

TEST(SelectionTest, RangeRunsFromAnchorToCursorEitherWay) {
  Selection selection;
  selection.active = true;
  selection.anchor = 5;
  EXPECT_EQ(selection.Range(9), (CodePointRange{5, 9}));
  EXPECT_EQ(selection.Range(2), (CodePointRange{2, 5}));
  selection.fixed = true;
  selection.end = 7;
  EXPECT_EQ(selection.Range(0), (CodePointRange{5, 7}));
}

TEST(LabelerDocumentTest, CodePointsAndSlices) {
  const LabelerDocument doc("d", "T", "Zoë 🎉 ok");
  EXPECT_EQ(doc.length(), 8);
  EXPECT_EQ(doc.Slice(4, 5), "🎉");
  EXPECT_EQ(doc.Slice(0, 3), "Zoë");
}

TEST(LabelerDocumentTest, SpansUnderTheCursor) {
  LabelerDocument doc("d", "", "0123456789abcdef");
  doc.SetSpans({Span("m2", 8, 10), Span("m1", 2, 5)},
               {Span("s1", 0, 12), Span("s2", 3, 6), Span("s3", 14, 16)});
  ASSERT_EQ(doc.mine().front().name, "m1");  // kept in text order
  EXPECT_EQ(doc.MineAt(2)->name, "m1");
  EXPECT_EQ(doc.MineAt(4)->name, "m1");
  EXPECT_EQ(doc.MineAt(5), nullptr);  // end is exclusive
  EXPECT_EQ(doc.MineNamed("m2")->start, 8);
  EXPECT_EQ(doc.MineNamed("nope"), nullptr);
  EXPECT_EQ(doc.SuggestionAt(1)->name, "s1");
  EXPECT_EQ(doc.SuggestionAt(4)->name, "s2");  // the innermost
  EXPECT_EQ(doc.SuggestionAt(13), nullptr);
}

TEST(LabelerDocumentTest, SuggestionNavigationWraps) {
  LabelerDocument doc("d", "", "0123456789abcdef");
  doc.SetSpans({}, {Span("s1", 2, 4), Span("s2", 7, 9)});
  EXPECT_EQ(doc.NextSuggestion(0)->name, "s1");
  EXPECT_EQ(doc.NextSuggestion(2)->name, "s2");
  EXPECT_EQ(doc.NextSuggestion(7)->name, "s1");
  EXPECT_EQ(doc.PreviousSuggestion(7)->name, "s1");
  EXPECT_EQ(doc.PreviousSuggestion(2)->name, "s2");
  doc.SetSpans({}, {});
  EXPECT_EQ(doc.NextSuggestion(0), nullptr);
  EXPECT_EQ(doc.PreviousSuggestion(0), nullptr);
}

TEST(LabelerDocumentTest, FindSearchesForwardAndWraps) {
  const LabelerDocument doc("d", "", "café au lait, café noir");
  EXPECT_EQ(doc.Find("café", -1), 0);
  EXPECT_EQ(doc.Find("café", 0), 14);
  EXPECT_EQ(doc.Find("café", 14), 0);
  EXPECT_EQ(doc.Find("noir", 0), 19);
  EXPECT_EQ(doc.Find("thé", 0), std::nullopt);
  EXPECT_EQ(doc.Find("", 0), std::nullopt);
}

TEST(LabelerDocumentTest, TrimDropsWhiteSpaceAtTheEnds) {
  const LabelerDocument doc("d", "", " a b\u00A0\n");
  EXPECT_EQ(doc.Trim({0, 6}), (CodePointRange{1, 4}));
  EXPECT_EQ(doc.Trim({1, 2}), (CodePointRange{1, 2}));
  EXPECT_EQ(doc.Trim({0, 1}), std::nullopt);
  EXPECT_EQ(doc.Trim({4, 6}), std::nullopt);
  EXPECT_EQ(doc.Trim({-5, 99}), (CodePointRange{1, 4}));
}

}  // namespace
}  // namespace spanlab::client
