#include "service/agreement/document.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace spanlab::agreement {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

const LabelIndex& Labels() {
  static const LabelIndex* labels =
      new LabelIndex{{"attributed_claim", 0}, {"opinion", 1}};
  return *labels;
}

TEST(DocumentTest, MissingLayerAndEmptyLayerAreDifferent) {
  Document doc;
  doc.id = "d";
  doc.MarkAnnotated("alice");
  doc.AddSpan("bob", 0, 3, "opinion");
  EXPECT_EQ(doc.layers.count("alice"), 1u);
  EXPECT_THAT(doc.layers.at("alice"), IsEmpty());
  EXPECT_EQ(doc.layers.count("carol"), 0u);
  // Marking a layer that has spans keeps them.
  doc.MarkAnnotated("bob");
  EXPECT_EQ(doc.layers.at("bob").size(), 1u);
}

TEST(PrepareLayerTest, SortsAndDropsOtherLabels) {
  const std::vector<Span> spans = {{10, 12, "opinion"},
                                   {0, 4, "attributed_claim"},
                                   {5, 6, "sarcasm"},
                                   {2, 8, "opinion"}};
  int64_t dropped = 0;
  absl::StatusOr<std::vector<LabeledSpan>> out =
      PrepareLayer(spans, 20, Labels(), "d", "alice", &dropped);
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_THAT(*out, ElementsAre(LabeledSpan{0, 4, 0}, LabeledSpan{2, 8, 1},
                                LabeledSpan{10, 12, 1}));
  EXPECT_EQ(dropped, 1);
}

TEST(PrepareLayerTest, RejectsSpansOutsideTheText) {
  for (const Span& bad : {Span{-1, 2, "opinion"}, Span{3, 3, "opinion"},
                          Span{4, 3, "opinion"}, Span{5, 11, "opinion"}}) {
    absl::StatusOr<std::vector<LabeledSpan>> out =
        PrepareLayer({bad}, 10, Labels(), "doc-7", "bob", nullptr);
    EXPECT_EQ(out.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(out.status().message(), HasSubstr("doc-7"));
    EXPECT_THAT(out.status().message(), HasSubstr("bob"));
  }
  // Out-of-range spans of a label not compared are not looked at.
  EXPECT_TRUE(
      PrepareLayer({{5, 99, "sarcasm"}}, 10, Labels(), "d", "b", nullptr).ok());
}

TEST(PrepareLayerTest, SameLabelOverlapIsRejectedTouchingIsNot) {
  EXPECT_TRUE(PrepareLayer({{0, 5, "opinion"}, {5, 9, "opinion"}}, 10, Labels(),
                           "d", "a", nullptr)
                  .ok());
  EXPECT_TRUE(PrepareLayer({{0, 5, "opinion"}, {3, 9, "attributed_claim"}}, 10,
                           Labels(), "d", "a", nullptr)
                  .ok());
  absl::StatusOr<std::vector<LabeledSpan>> out = PrepareLayer(
      {{0, 5, "opinion"}, {6, 7, "attributed_claim"}, {4, 9, "opinion"}}, 10,
      Labels(), "d", "a", nullptr);
  EXPECT_EQ(out.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(out.status().message(), HasSubstr("[0, 5) and [4, 9)"));
}

}  // namespace
}  // namespace spanlab::agreement
