#include "service/reconcile/align.h"

#include <string>
#include <utility>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace spanlab::reconcile {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::SizeIs;

Version Span(int64_t start, int64_t end, std::string label,
             Attributes attributes = {}, std::string annotation = "") {
  Version v;
  v.start = start;
  v.end = end;
  v.label = std::move(label);
  v.attributes = std::move(attributes);
  v.annotation = std::move(annotation);
  return v;
}

Layer Human(std::string annotator, std::vector<Version> spans) {
  return Layer{std::move(annotator), false, std::move(spans)};
}

Layer Model(std::string name, std::vector<Version> spans) {
  return Layer{std::move(name), true, std::move(spans)};
}

std::vector<ItemType> Types(const std::vector<Item>& items) {
  std::vector<ItemType> out;
  for (const Item& item : items) out.push_back(item.type);
  return out;
}

std::vector<std::string> Ids(const std::vector<Item>& items) {
  std::vector<std::string> out;
  for (const Item& item : items) out.push_back(item.id);
  return out;
}

TEST(AlignTest, NoLayersNoItems) { EXPECT_THAT(Align({}), IsEmpty()); }

TEST(AlignTest, SameSpanAndLabelEverywhereIsUnanimousWhateverTheAttributes) {
  const auto items = Align(
      {Human("alice", {Span(0, 5, "opinion", {{"holder", "author"}}, "a/1")}),
       Human("bob", {Span(0, 5, "opinion", {}, "b/1")})});
  ASSERT_THAT(items, SizeIs(1));
  EXPECT_EQ(items[0].type, ItemType::kUnanimous);
  EXPECT_EQ(items[0].start, 0);
  EXPECT_EQ(items[0].end, 5);
  ASSERT_THAT(items[0].versions, SizeIs(2));
  EXPECT_EQ(items[0].versions[0].annotator, "alice");
  EXPECT_EQ(items[0].versions[0].annotation, "a/1");
  EXPECT_EQ(items[0].versions[1].annotator, "bob");
  EXPECT_FALSE(items[0].versions[1].automatic);
}

TEST(AlignTest, SameSpanDifferentLabelsIsALabelConflict) {
  const auto items = Align({Human("alice", {Span(3, 9, "disputed")}),
                            Human("bob", {Span(3, 9, "attributed_claim")})});
  EXPECT_THAT(Types(items), ElementsAre(ItemType::kLabelConflict));
}

TEST(AlignTest, OverlappingDifferentSpansAreABoundaryConflict) {
  const auto items = Align({Human("alice", {Span(10, 20, "opinion")}),
                            Human("bob", {Span(8, 20, "opinion")})});
  ASSERT_THAT(items, SizeIs(1));
  EXPECT_EQ(items[0].type, ItemType::kBoundaryConflict);
  EXPECT_EQ(items[0].start, 8);
  EXPECT_EQ(items[0].end, 20);
  // Versions in span order.
  EXPECT_EQ(items[0].versions[0].annotator, "bob");
}

TEST(AlignTest, BoundaryConflictWinsOverLabelConflict) {
  const auto items = Align({Human("alice", {Span(10, 20, "opinion")}),
                            Human("bob", {Span(12, 20, "disputed")})});
  EXPECT_THAT(Types(items), ElementsAre(ItemType::kBoundaryConflict));
}

TEST(AlignTest, SpanOfOneAnnotatorOnlyIsPartial) {
  const auto items = Align({Human("alice", {Span(0, 4, "opinion")}),
                            Human("bob", {Span(10, 14, "opinion")})});
  EXPECT_THAT(Types(items),
              ElementsAre(ItemType::kPartial, ItemType::kPartial));
  EXPECT_EQ(items[0].versions[0].annotator, "alice");
  EXPECT_EQ(items[1].versions[0].annotator, "bob");
}

TEST(AlignTest, LayerWithoutSpansStillCountsAgainstUnanimity) {
  const auto items =
      Align({Human("alice", {Span(0, 4, "opinion")}), Human("bob", {})});
  EXPECT_THAT(Types(items), ElementsAre(ItemType::kPartial));
}

TEST(AlignTest, TwoOfThreeAgreeingIsPartial) {
  const auto items =
      Align({Human("alice", {Span(0, 4, "opinion")}),
             Human("bob", {Span(0, 4, "opinion")}), Human("carol", {})});
  EXPECT_THAT(Types(items), ElementsAre(ItemType::kPartial));
}

TEST(AlignTest, SingleLayerIsNeverUnanimous) {
  const auto items = Align({Human("alice", {Span(0, 4, "opinion")})});
  EXPECT_THAT(Types(items), ElementsAre(ItemType::kPartial));
}

TEST(AlignTest, TouchingSpansAreSeparateItems) {
  const auto items = Align({Human("alice", {Span(0, 5, "opinion")}),
                            Human("bob", {Span(5, 9, "opinion")})});
  EXPECT_THAT(Types(items),
              ElementsAre(ItemType::kPartial, ItemType::kPartial));
}

TEST(AlignTest, ChainsOfOverlapsFormOneItem) {
  // bob's span bridges alice's two spans, which do not overlap each other.
  const auto items =
      Align({Human("alice", {Span(0, 10, "opinion"), Span(12, 20, "opinion")}),
             Human("bob", {Span(8, 14, "opinion")}),
             Human("carol", {Span(30, 35, "opinion")})});
  ASSERT_THAT(items, SizeIs(2));
  EXPECT_EQ(items[0].type, ItemType::kBoundaryConflict);
  EXPECT_EQ(items[0].start, 0);
  EXPECT_EQ(items[0].end, 20);
  EXPECT_THAT(items[0].versions, SizeIs(3));
  EXPECT_EQ(items[1].type, ItemType::kPartial);
}

TEST(AlignTest, LongSpanSwallowsLaterShortOnes) {
  // The furthest end, not the last span's end, decides membership.
  const auto items =
      Align({Human("alice", {Span(0, 100, "opinion")}),
             Human("bob", {Span(10, 20, "opinion"), Span(50, 60, "opinion")})});
  ASSERT_THAT(items, SizeIs(1));
  EXPECT_THAT(items[0].versions, SizeIs(3));
}

TEST(AlignTest, AutomaticLayersCountLikeHumanOnes) {
  const auto items = Align({Human("alice", {Span(0, 4, "opinion")}),
                            Human("bob", {Span(0, 4, "opinion")}),
                            Model("tagger", {Span(0, 4, "opinion")})});
  ASSERT_THAT(items, SizeIs(1));
  EXPECT_EQ(items[0].type, ItemType::kUnanimous);
  EXPECT_TRUE(items[0].versions[2].automatic);
  EXPECT_EQ(items[0].versions[2].annotator, "tagger");
}

TEST(AlignTest, OneModelsOverlappingAlternativesAreABoundaryConflict) {
  const auto items = Align(
      {Model("tagger", {Span(0, 10, "opinion"), Span(5, 10, "opinion")})});
  EXPECT_THAT(Types(items), ElementsAre(ItemType::kBoundaryConflict));
}

TEST(AlignTest, EmptySpansAreIgnored) {
  EXPECT_THAT(Align({Human("alice", {Span(4, 4, "opinion")})}), IsEmpty());
}

TEST(AlignTest, LayerNamesTheVersionsWhateverTheSpansSay) {
  Version v = Span(0, 3, "opinion");
  v.annotator = "mallory";
  v.automatic = true;
  const auto items = Align({Human("alice", {v})});
  EXPECT_EQ(items[0].versions[0].annotator, "alice");
  EXPECT_FALSE(items[0].versions[0].automatic);
}

TEST(AlignTest, ItemsAreOrderedByPosition) {
  const auto items =
      Align({Human("alice", {Span(50, 60, "opinion"), Span(0, 5, "opinion")}),
             Human("bob", {Span(20, 30, "opinion")})});
  ASSERT_THAT(items, SizeIs(3));
  EXPECT_EQ(items[0].start, 0);
  EXPECT_EQ(items[1].start, 20);
  EXPECT_EQ(items[2].start, 50);
}

TEST(ItemIdTest, IsSixteenHexDigits) {
  const auto items = Align({Human("alice", {Span(0, 5, "opinion")})});
  ASSERT_THAT(items, SizeIs(1));
  EXPECT_THAT(items[0].id, ::testing::MatchesRegex("[0-9a-f]{16}"));
}

TEST(ItemIdTest, DoesNotDependOnLayerOrderOrAnnotationNames) {
  const auto a = Align({Human("alice", {Span(0, 5, "opinion", {}, "x/1")}),
                        Human("bob", {Span(2, 5, "opinion", {}, "y/1")})});
  const auto b = Align({Human("bob", {Span(2, 5, "opinion", {}, "y/9")}),
                        Human("alice", {Span(0, 5, "opinion", {}, "x/7")})});
  EXPECT_EQ(Ids(a), Ids(b));
}

TEST(ItemIdTest, NewWorkChangesOnlyTheItemsItTouches) {
  const std::vector<Version> alice = {
      Span(0, 5, "opinion"), Span(10, 15, "disputed"), Span(20, 25, "opinion")};
  const auto before =
      Align({Human("alice", alice), Human("bob", {Span(0, 5, "opinion")})});
  // bob adds a span overlapping alice's second one.
  const auto after =
      Align({Human("alice", alice),
             Human("bob", {Span(0, 5, "opinion"), Span(11, 15, "disputed")})});
  ASSERT_THAT(before, SizeIs(3));
  ASSERT_THAT(after, SizeIs(3));
  EXPECT_EQ(before[0].id, after[0].id);
  EXPECT_NE(before[1].id, after[1].id);
  EXPECT_EQ(before[2].id, after[2].id);
  EXPECT_EQ(after[1].type, ItemType::kBoundaryConflict);
}

TEST(ItemIdTest, ChangesWithAnyVersionContent) {
  const std::string base = Align({Human(
      "alice", {Span(0, 5, "opinion", {{"holder", "author"}})})})[0]
                               .id;
  const std::vector<std::vector<Layer>> variants = {
      {Human("alice", {Span(0, 5, "opinion", {{"holder", "the author"}})})},
      {Human("alice", {Span(0, 5, "opinion")})},
      {Human("alice", {Span(0, 6, "opinion", {{"holder", "author"}})})},
      {Human("alice", {Span(1, 5, "opinion", {{"holder", "author"}})})},
      {Human("alice", {Span(0, 5, "disputed", {{"holder", "author"}})})},
      {Human("bob", {Span(0, 5, "opinion", {{"holder", "author"}})})},
      {Model("alice", {Span(0, 5, "opinion", {{"holder", "author"}})})},
  };
  for (const auto& layers : variants) {
    EXPECT_NE(Align(layers)[0].id, base);
  }
}

TEST(ItemIdTest, FieldBoundariesCannotBeConfused) {
  // "ab"+"c" must not hash like "a"+"bc".
  EXPECT_NE(ItemId({Span(0, 1, "x", {{"ab", "c"}})}),
            ItemId({Span(0, 1, "x", {{"a", "bc"}})}));
}

}  // namespace
}  // namespace spanlab::reconcile
