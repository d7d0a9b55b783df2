#include "service/agreement/span_match.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <utility>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace spanlab::agreement {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Pair;

constexpr int kClaim = 0;
constexpr int kOpinion = 1;

LabeledSpan S(int64_t start, int64_t end, int label) {
  return LabeledSpan{start, end, label};
}

TEST(MatchSpansTest, ExactNeedsSameBoundariesAndLabel) {
  const std::vector<LabeledSpan> a = {S(0, 5, kClaim), S(10, 20, kOpinion),
                                      S(30, 40, kClaim)};
  const std::vector<LabeledSpan> b = {S(0, 5, kClaim), S(12, 20, kOpinion),
                                      S(30, 40, kOpinion)};
  EXPECT_THAT(MatchSpans(a, b, MatchMode::kExact), ElementsAre(Pair(0, 0)));
  // Overlap forgives boundaries, never labels.
  EXPECT_THAT(MatchSpans(a, b, MatchMode::kOverlap),
              ElementsAre(Pair(0, 0), Pair(1, 1)));
}

TEST(MatchSpansTest, TouchingIsNotOverlapping) {
  EXPECT_THAT(
      MatchSpans({S(0, 5, kClaim)}, {S(5, 9, kClaim)}, MatchMode::kOverlap),
      IsEmpty());
  EXPECT_THAT(
      MatchSpans({S(0, 5, kClaim)}, {S(4, 9, kClaim)}, MatchMode::kOverlap),
      ElementsAre(Pair(0, 0)));
}

TEST(MatchSpansTest, OverlapIsOneToOne) {
  // One long span of a against two pieces of b: one match, with the piece
  // that overlaps more.
  const std::vector<LabeledSpan> a = {S(0, 10, kClaim)};
  const std::vector<LabeledSpan> b = {S(0, 4, kClaim), S(5, 10, kClaim)};
  EXPECT_THAT(MatchSpans(a, b, MatchMode::kOverlap), ElementsAre(Pair(0, 1)));
  EXPECT_THAT(MatchSpans(b, a, MatchMode::kOverlap), ElementsAre(Pair(1, 0)));
}

TEST(MatchSpansTest, GreedyByLargestOverlapFreesTheOtherSpan) {
  // b0 overlaps a0 by 5 and a1 by 6: it goes to a1, and a0 then takes b1.
  const std::vector<LabeledSpan> a = {S(0, 10, kClaim), S(10, 20, kClaim)};
  const std::vector<LabeledSpan> b = {S(5, 16, kClaim), S(0, 3, kClaim)};
  EXPECT_THAT(MatchSpans(a, b, MatchMode::kOverlap),
              ElementsAre(Pair(0, 1), Pair(1, 0)));
}

TEST(MatchSpansTest, TieOnOverlapGoesToCloserBoundaries) {
  // b0 overlaps a0 and a1 by 2 each; a1's boundaries are closer.
  const std::vector<LabeledSpan> a = {S(0, 4, kClaim), S(8, 10, kClaim)};
  const std::vector<LabeledSpan> b = {S(2, 10, kClaim)};
  EXPECT_THAT(MatchSpans(a, b, MatchMode::kOverlap), ElementsAre(Pair(1, 0)));
}

TEST(MatchSpansTest, SpansOfDifferentLabelsMayOverlapWithinALayer) {
  const std::vector<LabeledSpan> a = {S(0, 10, kClaim), S(2, 8, kOpinion)};
  const std::vector<LabeledSpan> b = {S(2, 8, kOpinion), S(0, 9, kClaim)};
  EXPECT_THAT(MatchSpans(a, b, MatchMode::kExact), ElementsAre(Pair(1, 0)));
  EXPECT_THAT(MatchSpans(a, b, MatchMode::kOverlap),
              ElementsAre(Pair(0, 1), Pair(1, 0)));
}

TEST(MatchSpansTest, InputOrderDoesNotMatter) {
  std::mt19937 rng(7);
  std::vector<LabeledSpan> a, b;
  for (int i = 0; i < 40; ++i) {
    a.push_back(S(i * 10, i * 10 + 1 + rng() % 9, rng() % 2));
    b.push_back(S(i * 10 + rng() % 5, i * 10 + 6 + rng() % 4, rng() % 2));
  }
  const auto count = [](const std::vector<LabeledSpan>& x,
                        const std::vector<LabeledSpan>& y, MatchMode mode) {
    std::vector<std::pair<LabeledSpan, LabeledSpan>> pairs;
    for (const auto& [i, j] : MatchSpans(x, y, mode)) {
      pairs.emplace_back(x[i], y[j]);
    }
    return pairs.size();
  };
  const size_t exact = count(a, b, MatchMode::kExact);
  const size_t overlap = count(a, b, MatchMode::kOverlap);
  std::shuffle(a.begin(), a.end(), rng);
  std::shuffle(b.begin(), b.end(), rng);
  EXPECT_EQ(count(a, b, MatchMode::kExact), exact);
  EXPECT_EQ(count(a, b, MatchMode::kOverlap), overlap);
  EXPECT_GE(overlap, exact);
}

TEST(CountMatchesTest, PrecisionRecallF1) {
  // a: 3 claims, 1 opinion. b: 2 claims (1 exact, 1 shifted), 2 opinions
  // (1 overlapping).
  const std::vector<LabeledSpan> a = {S(0, 5, kClaim), S(10, 15, kClaim),
                                      S(20, 25, kClaim), S(30, 35, kOpinion)};
  const std::vector<LabeledSpan> b = {S(0, 5, kClaim), S(11, 15, kClaim),
                                      S(31, 33, kOpinion), S(40, 45, kOpinion)};
  std::vector<MatchCounts> exact(2), overlap(2);
  CountMatches(a, b, MatchMode::kExact, &exact);
  CountMatches(a, b, MatchMode::kOverlap, &overlap);

  EXPECT_EQ(exact[kClaim].a_spans, 3);
  EXPECT_EQ(exact[kClaim].b_spans, 2);
  EXPECT_EQ(exact[kClaim].matched, 1);
  EXPECT_EQ(exact[kOpinion].matched, 0);
  EXPECT_EQ(overlap[kClaim].matched, 2);
  EXPECT_EQ(overlap[kOpinion].matched, 1);

  const MatchCounts total = Total(overlap);
  EXPECT_EQ(total.a_spans, 4);
  EXPECT_EQ(total.b_spans, 4);
  EXPECT_EQ(total.matched, 3);
  EXPECT_DOUBLE_EQ(total.Precision(), 0.75);
  EXPECT_DOUBLE_EQ(total.Recall(), 0.75);
  EXPECT_DOUBLE_EQ(total.F1(), 0.75);
  EXPECT_DOUBLE_EQ(overlap[kClaim].Precision(), 1.0);
  EXPECT_DOUBLE_EQ(overlap[kClaim].Recall(), 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(overlap[kClaim].F1(), 0.8);
}

TEST(CountMatchesTest, F1IsSymmetric) {
  const std::vector<LabeledSpan> a = {S(0, 5, kClaim), S(10, 15, kClaim),
                                      S(20, 25, kOpinion)};
  const std::vector<LabeledSpan> b = {S(1, 5, kClaim), S(21, 22, kOpinion)};
  for (MatchMode mode : {MatchMode::kExact, MatchMode::kOverlap}) {
    std::vector<MatchCounts> ab(2), ba(2);
    CountMatches(a, b, mode, &ab);
    CountMatches(b, a, mode, &ba);
    EXPECT_EQ(Total(ab).F1(), Total(ba).F1());
    EXPECT_EQ(Total(ab).Precision(), Total(ba).Recall());
  }
}

TEST(CountMatchesTest, NoSpansIsUndefinedNotPerfect) {
  MatchCounts none;
  EXPECT_TRUE(std::isnan(none.F1()));
  EXPECT_TRUE(std::isnan(none.Precision()));
  EXPECT_TRUE(std::isnan(none.Recall()));
  MatchCounts one_sided{3, 0, 0};
  EXPECT_EQ(one_sided.F1(), 0.0);
  EXPECT_EQ(one_sided.Recall(), 0.0);
  EXPECT_TRUE(std::isnan(one_sided.Precision()));
}

}  // namespace
}  // namespace spanlab::agreement
