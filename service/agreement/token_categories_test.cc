#include "service/agreement/token_categories.h"

#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace spanlab::agreement {
namespace {

using ::testing::ElementsAre;

constexpr int kNone = kNoneCategory;
constexpr int kClaim = CategoryOfLabel(0);
constexpr int kOpinion = CategoryOfLabel(1);

// Tokens of "aaa bbb ccc ddd eee".
const std::vector<Token>& FiveTokens() {
  static const std::vector<Token>* tokens =
      new std::vector<Token>{{0, 3}, {4, 7}, {8, 11}, {12, 15}, {16, 19}};
  return *tokens;
}

std::vector<int> Categories(const std::vector<LabeledSpan>& spans) {
  std::vector<int> categories;
  AssignTokenCategories(FiveTokens(), spans, &categories);
  return categories;
}

TEST(AssignTokenCategoriesTest, NoSpansMeansNone) {
  EXPECT_THAT(Categories({}), ElementsAre(kNone, kNone, kNone, kNone, kNone));
}

TEST(AssignTokenCategoriesTest, AnyOverlapLabelsTheToken) {
  // [5, 9) touches the inside of "bbb" and the first letter of "ccc"; the
  // spaces it also covers are not tokens.
  EXPECT_THAT(Categories({{5, 9, 0}}),
              ElementsAre(kNone, kClaim, kClaim, kNone, kNone));
  // Ending exactly where a token starts does not touch it.
  EXPECT_THAT(Categories({{0, 4, 1}}),
              ElementsAre(kOpinion, kNone, kNone, kNone, kNone));
  // A span inside the white space between tokens labels nothing.
  EXPECT_THAT(Categories({{11, 12, 1}}),
              ElementsAre(kNone, kNone, kNone, kNone, kNone));
}

TEST(AssignTokenCategoriesTest, LargestOverlapWinsThenEarlierStart) {
  // "ccc" is [8, 11): the claim covers 1 code point of it, the opinion 2.
  EXPECT_THAT(Categories({{0, 9, 0}, {9, 19, 1}}),
              ElementsAre(kClaim, kClaim, kOpinion, kOpinion, kOpinion));
  // A tie, one code point each of "ddd" = [12, 15): the earlier span wins.
  EXPECT_THAT(Categories({{14, 15, 0}, {12, 13, 1}}),
              ElementsAre(kNone, kNone, kNone, kOpinion, kNone));
  // Same start and overlap: the lower label index.
  EXPECT_THAT(Categories({{16, 18, 1}, {16, 18, 0}}),
              ElementsAre(kNone, kNone, kNone, kNone, kClaim));
}

TEST(AssignTokenCategoriesTest, SpanOrderDoesNotMatter) {
  EXPECT_THAT(Categories({{16, 19, 1}, {0, 7, 0}}),
              ElementsAre(kClaim, kClaim, kNone, kNone, kOpinion));
}

}  // namespace
}  // namespace spanlab::agreement
