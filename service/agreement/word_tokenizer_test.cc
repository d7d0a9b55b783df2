#include "service/agreement/word_tokenizer.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "service/text/utf8.h"

namespace spanlab::agreement {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

// The text of each token, cut by code points, so the expectations below
// check offsets and segmentation at once.
std::vector<std::string> Words(absl::string_view text) {
  absl::StatusOr<std::unique_ptr<WordTokenizer>> tokenizer =
      WordTokenizer::Create();
  EXPECT_TRUE(tokenizer.ok()) << tokenizer.status();
  std::vector<Token> tokens;
  const absl::Status status = (*tokenizer)->Tokenize(text, &tokens);
  EXPECT_TRUE(status.ok()) << status;
  const Utf8Index index(text);
  std::vector<std::string> words;
  for (const Token& t : tokens) {
    EXPECT_LT(t.start, t.end);
    EXPECT_LE(t.end, index.size());
    words.emplace_back(index.Slice(t.start, t.end));
  }
  return words;
}

std::vector<Token> Tokens(absl::string_view text) {
  std::vector<Token> tokens;
  EXPECT_TRUE((*WordTokenizer::Create())->Tokenize(text, &tokens).ok());
  return tokens;
}

MATCHER_P2(IsToken, start, end, "") {
  return arg.start == start && arg.end == end;
}

TEST(WordTokenizerTest, SkipsSpacesAndPunctuation) {
  EXPECT_THAT(Words("The minister said: \"It is safe.\""),
              ElementsAre("The", "minister", "said", "It", "is", "safe"));
}

TEST(WordTokenizerTest, CurlyQuotesAndAccentsInCodePoints) {
  // “ and ” are one code point (three bytes) each; é and ï one code point
  // (two bytes).
  const std::string text = "He said \u201Ccaf\u00E9\u201D, na\u00EFvely.";
  EXPECT_THAT(Tokens(text), ElementsAre(IsToken(0, 2), IsToken(3, 7),
                                        IsToken(9, 13), IsToken(16, 23)));
  EXPECT_THAT(Words(text),
              ElementsAre("He", "said", "caf\u00E9", "na\u00EFvely"));
}

TEST(WordTokenizerTest, CombiningAccentStaysInItsWord) {
  // e + U+0301 COMBINING ACUTE ACCENT: two code points, one word.
  EXPECT_THAT(Tokens("e\u0301tude ok"),
              ElementsAre(IsToken(0, 6), IsToken(7, 9)));
}

TEST(WordTokenizerTest, EmojiAreNotTokensButCountInOffsets) {
  // U+1F44D U+1F3FD (thumbs up, skin tone) are two code points, four bytes
  // each; ICU gives emoji the "none" rule status, so they are skipped.
  const std::string text = "ok \U0001F44D\U0001F3FD fine \U0001F389 done";
  EXPECT_THAT(Tokens(text),
              ElementsAre(IsToken(0, 2), IsToken(6, 10), IsToken(13, 17)));
  EXPECT_THAT(Words(text), ElementsAre("ok", "fine", "done"));
}

TEST(WordTokenizerTest, KeepsNumbersContractionsAndIdeographs) {
  EXPECT_THAT(
      Words("3.5% of co-op don\u2019t \u6771\u4EAC"),
      ElementsAre("3.5", "of", "co", "op", "don\u2019t", "\u6771\u4EAC"));
}

TEST(WordTokenizerTest, NonBreakingSpaceSeparatesWords) {
  EXPECT_THAT(Words("10\u00A0km\tnorth\n"), ElementsAre("10", "km", "north"));
}

TEST(WordTokenizerTest, EmptyAndPunctuationOnlyTexts) {
  EXPECT_THAT(Tokens(""), IsEmpty());
  EXPECT_THAT(Tokens(" \u2014 ... !"), IsEmpty());
}

TEST(WordTokenizerTest, InstanceIsReusable) {
  absl::StatusOr<std::unique_ptr<WordTokenizer>> tokenizer =
      WordTokenizer::Create();
  ASSERT_TRUE(tokenizer.ok());
  std::vector<Token> tokens;
  ASSERT_TRUE((*tokenizer)->Tokenize("one two three", &tokens).ok());
  EXPECT_EQ(tokens.size(), 3u);
  ASSERT_TRUE((*tokenizer)->Tokenize("four", &tokens).ok());
  EXPECT_THAT(tokens, ElementsAre(IsToken(0, 4)));
}

TEST(WordTokenizerTest, RejectsInvalidUtf8) {
  std::vector<Token> tokens;
  EXPECT_EQ((*WordTokenizer::Create())->Tokenize("ab\xC3(", &tokens).code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(WordTokenizerTest, ValidUtf8EntryPointGivesTheSameTokens) {
  const std::string text =
      "\xE2\x80\x9CIt is safe,\xE2\x80\x9D M\xC3\xA5rten said \xF0\x9F\x8E\x89 "
      "caf\xC3\xA9 3.5% don\xE2\x80\x99t \xE6\x9D\xB1\xE4\xBA\xAC.";
  std::unique_ptr<WordTokenizer> tokenizer = *WordTokenizer::Create();
  std::vector<Token> checked, trusted;
  ASSERT_TRUE(tokenizer->Tokenize(text, &checked).ok());
  ASSERT_TRUE(tokenizer->TokenizeValidUtf8(text, &trusted).ok());
  ASSERT_EQ(checked.size(), trusted.size());
  for (size_t i = 0; i < checked.size(); ++i) {
    EXPECT_EQ(checked[i].start, trusted[i].start);
    EXPECT_EQ(checked[i].end, trusted[i].end);
  }
  // Invalid bytes give some tokens, not a failure.
  EXPECT_TRUE(tokenizer->TokenizeValidUtf8("ab\xC3( cd", &trusted).ok());
}

// Texts over 1 MiB are read in place rather than converted to UTF-16; both
// ways cut the same tokens.
TEST(WordTokenizerTest, LongTextsGiveTheSameTokens) {
  const std::string sentence =
      "\xE2\x80\x9CIt is safe,\xE2\x80\x9D M\xC3\xA5rten said "
      "\xF0\x9F\x8E\x89 on Monday; \xE6\x9D\xB1\xE4\xBA\xAC "
      "\xE0\xB8\xAA\xE0\xB8\xA7\xE0\xB8\xB1\xE0\xB8\xAA\xE0\xB8\x94\xE0\xB8\xB5"
      " "
      "na\xC3\xAFve 3.5% don\xE2\x80\x99t.\n";
  const int64_t sentence_length = Utf8Index(sentence).size();
  std::string text;
  int copies = 0;
  while (text.size() <= (1 << 20)) {
    text += sentence;
    ++copies;
  }
  const std::vector<Token> one = Tokens(sentence);
  const std::vector<Token> all = Tokens(text);
  ASSERT_EQ(all.size(), one.size() * copies);
  for (size_t i = 0; i < all.size(); ++i) {
    const Token& expected = one[i % one.size()];
    const int64_t shift = sentence_length * (i / one.size());
    ASSERT_EQ(all[i].start, expected.start + shift) << i;
    ASSERT_EQ(all[i].end, expected.end + shift) << i;
  }
}

}  // namespace
}  // namespace spanlab::agreement
