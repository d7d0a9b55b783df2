#include "service/reconcile/policy.h"

#include <string>
#include <utility>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "service/reconcile/align.h"
#include "tests/support/status_matchers.h"

namespace spanlab::reconcile {
namespace {

using ::spanlab::testing_support::IsOk;
using ::spanlab::testing_support::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Optional;
using ::testing::SizeIs;

Version Span(int64_t start, int64_t end, std::string label,
             Attributes attributes, std::string annotation) {
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

Policy Parse(absl::string_view text) {
  auto policy = ParsePolicy(text);
  EXPECT_THAT(policy, IsOk());
  return policy.value_or(Policy());
}

TEST(ParsePolicyTest, AcceptsTheThreePolicies) {
  EXPECT_EQ(Parse("").kind, Policy::Kind::kNone);
  EXPECT_EQ(Parse("none").kind, Policy::Kind::kNone);
  EXPECT_EQ(Parse("unanimous").kind, Policy::Kind::kUnanimous);
  const Policy m = Parse("majority=3");
  EXPECT_EQ(m.kind, Policy::Kind::kMajority);
  EXPECT_EQ(m.majority, 3);
}

TEST(ParsePolicyTest, RejectsAnythingElseNamingTheValue) {
  for (const char* bad :
       {"Unanimous", "majority", "majority=", "majority=1", "majority=65",
        "majority=+2", "majority= 2", "majority=2x", "all"}) {
    EXPECT_THAT(ParsePolicy(bad),
                StatusIs(absl::StatusCode::kInvalidArgument,
                         HasSubstr(std::string("policy=\"") + bad + "\"")))
        << bad;
  }
}

TEST(PolicyNameTest, RoundTrips) {
  for (const char* name : {"none", "unanimous", "majority=2", "majority=64"}) {
    EXPECT_EQ(PolicyName(Parse(name)), name);
  }
}

TEST(DecideTest, NoneDecidesNothing) {
  const auto items = Align({Human("a", {Span(0, 3, "x", {}, "a/1")}),
                            Human("b", {Span(0, 3, "x", {}, "b/1")})});
  EXPECT_EQ(Decide(items[0], Parse("none")), std::nullopt);
}

TEST(DecideTest, UnanimousTakesUnanimousItemsWithMergedAttributes) {
  const auto items = Align(
      {Human("alice",
             {Span(0, 3, "disputed",
                   {{"source", "Putin"}, {"disputed_by", "Putin"}}, "a/1"),
              Span(10, 12, "opinion", {}, "a/2")}),
       Human("bob", {Span(0, 3, "disputed",
                          {{"source", "Putin"},
                           {"disputed_by", "US intelligence agencies"}},
                          "b/1"),
                     Span(10, 13, "opinion", {}, "b/2")})});
  ASSERT_THAT(items, SizeIs(2));
  const auto d = Decide(items[0], Parse("unanimous"));
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->gold.start, 0);
  EXPECT_EQ(d->gold.end, 3);
  EXPECT_EQ(d->gold.label, "disputed");
  EXPECT_EQ(d->gold.attributes,
            (Attributes{{"disputed_by", "US intelligence agencies"},
                        {"source", "Putin"}}));
  EXPECT_THAT(d->agreeing, ElementsAre("alice", "bob"));
  EXPECT_THAT(d->sources, ElementsAre("a/1", "b/1"));
  EXPECT_THAT(d->attribute_conflicts, ElementsAre("disputed_by"));
  // A boundary conflict is left to the adjudicator.
  EXPECT_EQ(Decide(items[1], Parse("unanimous")), std::nullopt);
}

TEST(DecideTest, MajorityTakesTheVersionEnoughLayersGive) {
  const auto items =
      Align({Human("alice", {Span(0, 9, "opinion", {}, "a/1")}),
             Human("bob", {Span(0, 9, "opinion", {}, "b/1")}),
             Human("carol", {Span(2, 9, "opinion", {}, "c/1")})});
  ASSERT_THAT(items, SizeIs(1));
  ASSERT_EQ(items[0].type, ItemType::kBoundaryConflict);
  const auto d = Decide(items[0], Parse("majority=2"));
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->gold.start, 0);
  EXPECT_THAT(d->agreeing, ElementsAre("alice", "bob"));
  EXPECT_THAT(d->sources, ElementsAre("a/1", "b/1"));
  EXPECT_EQ(Decide(items[0], Parse("majority=3")), std::nullopt);
}

TEST(DecideTest, MajorityDecidesLabelConflictsAndPartials) {
  const auto conflict =
      Align({Human("alice", {Span(0, 9, "disputed", {}, "a/1")}),
             Human("bob", {Span(0, 9, "attributed_claim", {}, "b/1")}),
             Human("carol", {Span(0, 9, "disputed", {}, "c/1")})});
  EXPECT_THAT(Decide(conflict[0], Parse("majority=2")),
              Optional(::testing::Field(&Decision::agreeing,
                                        ElementsAre("alice", "carol"))));
  const auto partial = Align(
      {Human("alice", {Span(0, 9, "opinion", {}, "a/1")}),
       Human("bob", {Span(0, 9, "opinion", {}, "b/1")}), Human("carol", {})});
  ASSERT_EQ(partial[0].type, ItemType::kPartial);
  EXPECT_NE(Decide(partial[0], Parse("majority=2")), std::nullopt);
  EXPECT_EQ(Decide(partial[0], Parse("unanimous")), std::nullopt);
}

TEST(DecideTest, MajorityLeavesTiesOpen) {
  const auto items =
      Align({Human("a", {Span(0, 9, "disputed", {}, "a/1")}),
             Human("b", {Span(0, 9, "disputed", {}, "b/1")}),
             Human("c", {Span(0, 9, "attributed_claim", {}, "c/1")}),
             Human("d", {Span(0, 9, "attributed_claim", {}, "d/1")})});
  EXPECT_EQ(Decide(items[0], Parse("majority=2")), std::nullopt);
}

TEST(DecideTest, MajorityCountsLayersNotVersions) {
  // One model proposing the same span twice is one voice.
  const auto items = Align({Layer{"tagger",
                                  true,
                                  {Span(0, 9, "opinion", {}, "t/1"),
                                   Span(0, 9, "opinion", {}, "t/2")}},
                            Human("alice", {})});
  EXPECT_EQ(Decide(items[0], Parse("majority=2")), std::nullopt);
}

TEST(MergeVersionsTest, AgreeingWithAndLayerIds) {
  const auto items =
      Align({Human("bob", {Span(0, 9, "opinion", {}, "b/1")}),
             Human("alice", {Span(0, 9, "opinion", {}, "a/1")}),
             Human("carol", {Span(0, 8, "opinion", {}, "c/1")})});
  const Version& carol = items[0].versions[0];
  ASSERT_EQ(carol.annotator, "carol");
  EXPECT_THAT(LayerIds(AgreeingWith(items[0], carol)), ElementsAre("carol"));
  EXPECT_THAT(LayerIds(AgreeingWith(items[0], items[0].versions[1])),
              ElementsAre("alice", "bob"));
  EXPECT_THAT(MergeVersions(AgreeingWith(items[0], carol)).attribute_conflicts,
              IsEmpty());
}

}  // namespace
}  // namespace spanlab::reconcile
