#include "client/labeler_boundaries.h"

#include <string>

#include "client/labeler_layout.h"
#include "gtest/gtest.h"

namespace spanlab::client {
namespace {

TextBoundaries Build(absl::string_view text) {
  absl::StatusOr<TextBoundaries> boundaries = TextBoundaries::Build(text);
  EXPECT_TRUE(boundaries.ok()) << boundaries.status();
  return *std::move(boundaries);
}

// Code point offset of `needle` in `text`.
int64_t At(absl::string_view text, absl::string_view needle) {
  const std::u32string haystack = DecodeUtf8(text);
  const size_t found = haystack.find(DecodeUtf8(needle));
  EXPECT_NE(found, std::u32string::npos) << needle;
  return static_cast<int64_t>(found);
}

TEST(TextBoundariesTest, WordsSkipPunctuationAndSpaces) {
  constexpr absl::string_view kText = "“Zoë’s café,” she said — 12 €.";
  const TextBoundaries b = Build(kText);
  EXPECT_EQ(b.length(), 30);
  EXPECT_EQ(b.NextWordStart(0), At(kText, "Zoë"));
  EXPECT_EQ(b.NextWordStart(At(kText, "Zoë")), At(kText, "café"));
  EXPECT_EQ(b.NextWordStart(At(kText, "café")), At(kText, "she"));
  EXPECT_EQ(b.NextWordStart(At(kText, "said")), At(kText, "12"));
  EXPECT_EQ(b.NextWordStart(At(kText, "12")), b.length());
  EXPECT_EQ(b.PreviousWordStart(At(kText, "she")), At(kText, "café"));
  EXPECT_EQ(b.PreviousWordStart(At(kText, "she") + 1), At(kText, "she"));
  EXPECT_EQ(b.PreviousWordStart(1), 0);
  // Word ends are carets after the word: "Zoë’s" is one word.
  EXPECT_EQ(b.NextWordEnd(0), At(kText, "Zoë") + 5);
  EXPECT_EQ(b.NextWordEnd(At(kText, "Zoë") + 5), At(kText, "café") + 4);
}

TEST(TextBoundariesTest, OffsetsCountCodePointsBeyondTheBmp) {
  // 🎉 is two UTF-16 units but one code point.
  constexpr absl::string_view kText = "🎉🎉 ab 𝒳y cd";
  const TextBoundaries b = Build(kText);
  EXPECT_EQ(b.NextWordStart(0), 3);
  EXPECT_EQ(b.NextWordStart(3), At(kText, "𝒳y"));
  EXPECT_EQ(b.NextWordStart(At(kText, "𝒳y")), At(kText, "cd"));
}

TEST(TextBoundariesTest, SentencesAreTrimmedAndSkipBlankLines) {
  constexpr absl::string_view kText =
      "Harbour bridge reopens\n\nIt reopened on Tuesday. “It is safe,” "
      "he said. Residents disagreed!\n";
  const TextBoundaries b = Build(kText);
  const int64_t second = At(kText, "It reopened");
  const int64_t third = At(kText, "“It is safe");
  const int64_t fourth = At(kText, "Residents");
  EXPECT_EQ(b.NextSentenceStart(0), second);
  EXPECT_EQ(b.NextSentenceStart(second), third);
  EXPECT_EQ(b.NextSentenceStart(third + 3), fourth);
  EXPECT_EQ(b.NextSentenceStart(fourth), b.length());
  EXPECT_EQ(b.PreviousSentenceStart(fourth), third);
  EXPECT_EQ(b.PreviousSentenceStart(fourth + 2), fourth);
  EXPECT_EQ(b.PreviousSentenceStart(second), 0);

  EXPECT_EQ(b.SentenceAt(0), (CodePointRange{0, 22}));
  EXPECT_EQ(b.SentenceAt(third + 5),
            (CodePointRange{third, At(kText, " Residents")}));
  // Between sentences: the next one.
  EXPECT_EQ(b.SentenceAt(22).start, second);
  // Past the last: the last.
  EXPECT_EQ(b.SentenceAt(b.length()).start, fourth);
}

TEST(TextBoundariesTest, EmptyText) {
  const TextBoundaries b = Build("");
  EXPECT_EQ(b.NextWordStart(0), 0);
  EXPECT_EQ(b.PreviousWordStart(0), 0);
  EXPECT_EQ(b.NextSentenceStart(0), 0);
  EXPECT_EQ(b.SentenceAt(0), (CodePointRange{0, 0}));
}

}  // namespace
}  // namespace spanlab::client
