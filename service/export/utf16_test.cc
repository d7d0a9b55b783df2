// Tests of code-point <-> UTF-16 offset conversion. Expected values were
// computed independently (Python: len(text[:i].encode("utf-16-le")) // 2).
#include "service/export/utf16.h"

#include <string>

#include "gtest/gtest.h"
#include "service/export/test_fixtures.h"

namespace spanlab::dataset {
namespace {

using testing::SampleText;

TEST(Utf16OffsetsTest, AsciiCountsTheSame) {
  const std::string text = "plain text";
  const Utf8Index index(text);
  const Utf16Offsets utf16(index);
  EXPECT_EQ(utf16.size(), 10);
  for (int64_t i = 0; i <= 10; ++i) {
    EXPECT_EQ(utf16.FromCodePoint(i), i);
    EXPECT_EQ(utf16.ToCodePoint(i), i);
  }
}

TEST(Utf16OffsetsTest, EmojiCountsTwoAndCurlyQuotesOne) {
  const std::string text = SampleText();
  const Utf8Index index(text);
  const Utf16Offsets utf16(index);
  EXPECT_EQ(index.size(), 82);
  EXPECT_EQ(utf16.size(), 83);
  EXPECT_EQ(utf16.FromCodePoint(0), 0);
  EXPECT_EQ(utf16.FromCodePoint(1), 2);    // After the emoji.
  EXPECT_EQ(utf16.FromCodePoint(14), 15);  // The opening curly quote.
  EXPECT_EQ(utf16.FromCodePoint(34), 35);
  EXPECT_EQ(utf16.FromCodePoint(82), 83);
  EXPECT_EQ(utf16.ToCodePoint(15), 14);
  EXPECT_EQ(utf16.ToCodePoint(83), 82);
}

TEST(Utf16OffsetsTest, RejectsTheMiddleOfASurrogatePairAndOutOfRange) {
  const std::string text = SampleText();
  const Utf8Index index(text);
  const Utf16Offsets utf16(index);
  EXPECT_EQ(utf16.ToCodePoint(1), std::nullopt);
  EXPECT_EQ(utf16.ToCodePoint(-1), std::nullopt);
  EXPECT_EQ(utf16.ToCodePoint(84), std::nullopt);
}

TEST(Utf16OffsetsTest, EmptyText) {
  const Utf8Index index("");
  const Utf16Offsets utf16(index);
  EXPECT_EQ(utf16.size(), 0);
  EXPECT_EQ(utf16.ToCodePoint(0), 0);
}

}  // namespace
}  // namespace spanlab::dataset
