#include "client/labeler_layout.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace spanlab::client {
namespace {

// The text of each screen line, as code points [start, end) of `text`.
std::vector<std::string> LineTexts(const std::u32string& text,
                                   const TextLayout& layout) {
  std::vector<std::string> out;
  for (const ScreenLine& line : layout.lines()) {
    out.push_back(EncodeUtf8(text, line.start, line.end));
  }
  return out;
}

TEST(CellWidthTest, CountsTerminalCells) {
  EXPECT_EQ(CellWidth('a'), 1);
  EXPECT_EQ(CellWidth(U'ë'), 1);
  EXPECT_EQ(CellWidth(U'日'), 2);
  EXPECT_EQ(CellWidth(U'🎉'), 2);
  EXPECT_EQ(CellWidth(U'\u0301'), 0);  // combining acute
  EXPECT_EQ(CellWidth(U'\u200D'), 0);  // zero-width joiner
  EXPECT_EQ(CellWidth(U'\uFE0F'), 0);  // variation selector 16
  EXPECT_EQ(CellWidth('\n'), 0);
  EXPECT_EQ(CellWidth('\t'), 1);
  EXPECT_EQ(CellWidth(0x07), 1);
}

TEST(GlyphTextTest, KeepsControlCharactersOffTheTerminal) {
  EXPECT_EQ(GlyphText('a'), "a");
  EXPECT_EQ(GlyphText('\t'), " ");
  EXPECT_EQ(GlyphText('\n'), "");
  EXPECT_EQ(GlyphText(0x1B), "\xef\xbf\xbd");
  EXPECT_EQ(GlyphText(0x9B), "\xef\xbf\xbd");  // C1 CSI
}

TEST(Utf8Test, DecodesAndEncodesCodePoints) {
  const std::u32string text = DecodeUtf8("Zoë 🎉");
  ASSERT_EQ(text.size(), 5u);
  EXPECT_EQ(text[2], U'ë');
  EXPECT_EQ(EncodeUtf8(text, 2, 5), "ë 🎉");
  EXPECT_EQ(EncodeUtf8(text, -3, 99), "Zoë 🎉");
}

TEST(TextLayoutTest, WrapsAtWhiteSpace) {
  const std::u32string text = DecodeUtf8("the quick brown fox jumps");
  const TextLayout layout(text, 10);
  EXPECT_EQ(LineTexts(text, layout),
            (std::vector<std::string>{"the quick ", "brown fox ", "jumps"}));
  EXPECT_EQ(layout.LineOf(4), 0);   // q
  EXPECT_EQ(layout.LineOf(10), 1);  // b
  EXPECT_EQ(layout.ColumnOf(10), 0);
  EXPECT_EQ(layout.ColumnOf(14), 4);  // n
  EXPECT_EQ(layout.LineOf(25), 2);    // the end of the text
  EXPECT_EQ(layout.ColumnOf(25), 5);
}

TEST(TextLayoutTest, BreaksWordsLongerThanALine) {
  const std::u32string text = DecodeUtf8("abcdefghij");
  const TextLayout layout(text, 4);
  EXPECT_EQ(LineTexts(text, layout),
            (std::vector<std::string>{"abcd", "efgh", "ij"}));
}

TEST(TextLayoutTest, KeepsLineBreaksAndBlankLines) {
  const std::u32string text = DecodeUtf8("Title\n\nBody text");
  const TextLayout layout(text, 20);
  EXPECT_EQ(LineTexts(text, layout),
            (std::vector<std::string>{"Title\n", "\n", "Body text"}));
  EXPECT_TRUE(layout.lines()[0].ends_with_break);
  // The caret on a line break sits after the line's last character.
  EXPECT_EQ(layout.LineOf(5), 0);
  EXPECT_EQ(layout.ColumnOf(5), 5);
  EXPECT_EQ(layout.LineOf(6), 1);
  EXPECT_EQ(layout.ColumnOf(6), 0);
}

TEST(TextLayoutTest, TextEndingInALineBreakHasAnEmptyLastLine) {
  const std::u32string text = DecodeUtf8("ab\n");
  const TextLayout layout(text, 10);
  ASSERT_EQ(layout.line_count(), 2);
  EXPECT_EQ(layout.LineOf(3), 1);
  EXPECT_EQ(layout.ColumnOf(3), 0);
}

TEST(TextLayoutTest, WideCharactersTakeTwoCellsAndDoNotSplit) {
  // 日本語 takes six cells; at width 5 the third character moves on.
  const std::u32string text = DecodeUtf8("日本語🎉x");
  const TextLayout layout(text, 5);
  EXPECT_EQ(LineTexts(text, layout),
            (std::vector<std::string>{"日本", "語🎉x"}));
  EXPECT_EQ(layout.ColumnOf(1), 2);
  EXPECT_EQ(layout.ColumnOf(3), 2);       // 🎉 after 語
  EXPECT_EQ(layout.ColumnOf(4), 4);       // x
  EXPECT_EQ(layout.PositionAt(1, 3), 3);  // the second cell of 🎉
  EXPECT_EQ(layout.PositionAt(0, 1), 0);
}

TEST(TextLayoutTest, CombiningMarksShareTheCellOfTheirBase) {
  const std::u32string text = U"e\u0301tude";
  const TextLayout layout(text, 10);
  EXPECT_EQ(layout.ColumnOf(0), 0);
  EXPECT_EQ(layout.ColumnOf(1), 1);  // the mark: after the base
  EXPECT_EQ(layout.ColumnOf(2), 1);  // t
  EXPECT_EQ(layout.PositionAt(0, 1), 2);
}

TEST(TextLayoutTest, NoBreakSpaceKeepsWordsTogether) {
  const std::u32string text = U"aa 12\u00A0€ bb";
  const TextLayout layout(text, 6);
  EXPECT_EQ(LineTexts(text, layout),
            (std::vector<std::string>{"aa ", "12\u00A0€ ", "bb"}));
}

TEST(TextLayoutTest, WhiteSpaceHangsPastTheEdge) {
  const std::u32string text = DecodeUtf8("abcd efgh");
  const TextLayout layout(text, 4);
  EXPECT_EQ(LineTexts(text, layout),
            (std::vector<std::string>{"abcd ", "efgh"}));
  // The hanging space's caret stays on screen.
  EXPECT_EQ(layout.ColumnOf(4), 3);
}

TEST(TextLayoutTest, PositionAtPastTheEndOfALine) {
  const std::u32string text = DecodeUtf8("one two\nthree");
  const TextLayout layout(text, 5);
  // Lines: "one ", "two\n", "three".
  ASSERT_EQ(layout.line_count(), 3);
  EXPECT_EQ(layout.PositionAt(0, 4), 3);   // a wrapped line: its last
  EXPECT_EQ(layout.PositionAt(1, 4), 7);   // the line break
  EXPECT_EQ(layout.PositionAt(2, 9), 13);  // the end of the text
  EXPECT_EQ(layout.PositionAt(9, 0), 8);   // lines are clamped
  EXPECT_EQ(layout.PositionAt(-1, 1), 1);
}

TEST(TextLayoutTest, EmptyText) {
  const TextLayout layout(U"", 10);
  ASSERT_EQ(layout.line_count(), 1);
  EXPECT_EQ(layout.LineOf(0), 0);
  EXPECT_EQ(layout.ColumnOf(0), 0);
  EXPECT_EQ(layout.PositionAt(0, 5), 0);
}

TEST(ScrollTopTest, MovesOnlyAsFarAsNeeded) {
  EXPECT_EQ(ScrollTop(0, 5, 10, 100), 0);
  EXPECT_EQ(ScrollTop(0, 10, 10, 100), 1);
  EXPECT_EQ(ScrollTop(20, 5, 10, 100), 5);
  // After a resize, no blank rows below a text that could fill them.
  EXPECT_EQ(ScrollTop(90, 95, 20, 100), 80);
  EXPECT_EQ(ScrollTop(5, 2, 10, 3), 0);
}

}  // namespace
}  // namespace spanlab::client
