#include "client/labeler_frame.h"

#include <string>

#include "client/labeler_colors.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace spanlab::client {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr char kText[] =
    "Bridge reopens\n\n“It is safe,” Ødegård said. The café 🎉 opens.";

LabelerSpan Span(int64_t start, int64_t end, std::string label) {
  LabelerSpan span;
  span.name = "projects/p/documents/d/annotations/1";
  span.start = start;
  span.end = end;
  span.label = std::move(label);
  return span;
}

class FrameTest : public ::testing::Test {
 protected:
  FrameTest() : document_("bridge", "Bridge reopens", kText) {
    // "It is safe" is 17..27; "The café 🎉 opens" is 44..60.
    document_.SetSpans({Span(17, 27, "attributed_claim")},
                       {Span(44, 60, "opinion")});
    state_.project = "news";
    state_.document = &document_;
    state_.labels = {{"attributed_claim", "c", true},
                     {"opinion", "o", true},
                     {"disputed", "x", false}};
    state_.done = 1;
    state_.total = 3;
    state_.message = "labeled opinion";
  }

  Frame Compose(int width = 80, int height = 24) {
    layout_ = std::make_unique<TextLayout>(document_.text(), width);
    state_.layout = layout_.get();
    return ComposeFrame(state_, width, height);
  }

  // The cell drawing code point `position` on text row `row`.
  const FrameCell* CellAt(const Frame& frame, int row, int column) {
    for (const FrameCell& cell : frame.rows[row]) {
      if (cell.column == column) return &cell;
    }
    return nullptr;
  }

  LabelerDocument document_;
  std::unique_ptr<TextLayout> layout_;
  ScreenState state_;
};

TEST_F(FrameTest, ShowsTitleTextLegendStatusAndKeys) {
  const Frame frame = Compose();
  EXPECT_EQ(frame.RowText(0), " bridge — Bridge reopens");
  EXPECT_EQ(frame.RowText(1), "Bridge reopens");
  EXPECT_EQ(frame.RowText(2), "");
  EXPECT_EQ(frame.RowText(3), "“It is safe,” Ødegård said. The café 🎉 opens.");
  EXPECT_EQ(frame.RowText(21),
            " c attributed_claim  o opinion  Lx disputed  suggestions "
            "underlined");
  EXPECT_EQ(frame.RowText(22), " news · bridge · 1/3 done · labeled opinion");
  EXPECT_THAT(frame.RowText(23), StartsWith(" ? help  q quit  v select  "
                                            "c/o label  x delete"));
  for (int row = 0; row < frame.height; ++row) {
    for (const FrameCell& cell : frame.rows[row]) {
      EXPECT_LE(cell.column + cell.width, 80) << "row " << row;
    }
  }
}

TEST_F(FrameTest, StylesSpansSuggestionsSelectionAndCursor) {
  state_.cursor = 20;
  state_.selection = CodePointRange{18, 22};
  const Frame frame = Compose();
  // Row 3 starts at code point 16 (“).
  EXPECT_EQ(CellAt(frame, 3, 0)->style.human, -1);
  EXPECT_EQ(CellAt(frame, 3, 1)->style.human, 0);  // I of "It"
  EXPECT_EQ(CellAt(frame, 3, 10)->style.human, 0);
  EXPECT_EQ(CellAt(frame, 3, 11)->style.human, -1);
  EXPECT_FALSE(CellAt(frame, 3, 1)->style.selected);
  EXPECT_TRUE(CellAt(frame, 3, 2)->style.selected);
  EXPECT_FALSE(CellAt(frame, 3, 6)->style.selected);
  EXPECT_TRUE(CellAt(frame, 3, 4)->style.cursor);
  EXPECT_EQ(frame.cursor_row, 3);
  EXPECT_EQ(frame.cursor_column, 4);
  // The emoji takes two cells; the suggestion covers it.
  const FrameCell* emoji = CellAt(frame, 3, 37);
  ASSERT_NE(emoji, nullptr);
  EXPECT_EQ(emoji->glyph, "🎉");
  EXPECT_EQ(emoji->width, 2);
  EXPECT_EQ(emoji->style.suggestion, 1);
  EXPECT_EQ(CellAt(frame, 3, 39)->style.suggestion, 1);
  // Legend names wear their label's colour.
  EXPECT_EQ(CellAt(frame, 21, 3)->style.human, 0);
}

TEST_F(FrameTest, CaretOnALineBreakGetsABlankCell) {
  state_.cursor = 14;  // the first line break
  const Frame frame = Compose();
  EXPECT_EQ(frame.cursor_row, 1);
  EXPECT_EQ(frame.cursor_column, 14);
  const FrameCell* cell = CellAt(frame, 1, 14);
  ASSERT_NE(cell, nullptr);
  EXPECT_TRUE(cell->style.cursor);
}

TEST_F(FrameTest, CaretAfterAFullLineKeepsItsLastCharacter) {
  document_ = LabelerDocument("d", "", "abcdefghijklmnopqrst\nu");
  state_.cursor = 20;  // the line break after a line of exactly 20 cells
  const Frame frame = Compose(/*width=*/20, /*height=*/10);
  EXPECT_EQ(frame.RowText(1), "abcdefghijklmnopqrst");
  EXPECT_EQ(frame.cursor_column, 19);
  EXPECT_TRUE(CellAt(frame, 1, 19)->style.cursor);
}

TEST_F(FrameTest, WrapsAndScrollsInANarrowWindow) {
  state_.top = 2;
  const Frame frame = Compose(24, 8);
  // Lines at width 24: "Bridge reopens", "", "“It is safe,” Ødegård ",
  // "said. The café 🎉 opens.".
  EXPECT_EQ(frame.RowText(1), "“It is safe,” Ødegård");
  EXPECT_EQ(frame.RowText(2), "said. The café 🎉 opens.");
  EXPECT_EQ(frame.RowText(7), " ? help  q quit");
}

TEST_F(FrameTest, PromptTakesTheStatusLine) {
  state_.prompt =
      Prompt{"source (Enter: keep, Esc: skip):", LineEditor("Mårten Ødegård")};
  const Frame frame = Compose();
  EXPECT_EQ(frame.RowText(22),
            " source (Enter: keep, Esc: skip): Mårten Ødegård");
  EXPECT_EQ(frame.cursor_row, 22);
  EXPECT_EQ(frame.cursor_column, 48);
}

TEST_F(FrameTest, LongMessagesEndInAnEllipsis) {
  state_.message = std::string(60, 'x');
  const std::string row = Compose().RowText(22);
  EXPECT_EQ(row, " news · bridge · 1/3 done · " + std::string(51, 'x') + "…");
}

TEST_F(FrameTest, PendingLabelKeyIsAnnounced) {
  state_.mode = KeyMode::kRelabelPending;
  EXPECT_THAT(Compose().RowText(22),
              HasSubstr("relabel: press a label key (Esc: cancel)"));
}

TEST_F(FrameTest, HelpOverlayFitsIn80x24) {
  state_.help = true;
  const Frame frame = Compose();
  std::string all;
  for (int row = 0; row < 24; ++row) all += frame.RowText(row) + "\n";
  EXPECT_THAT(all, HasSubstr("Keys"));
  EXPECT_THAT(all, HasSubstr("undo your last change"));
  EXPECT_THAT(all, HasSubstr("│ c o             label the selection (see the "
                             "legend)"));
  EXPECT_THAT(all, HasSubstr("Press any key to close."));
  EXPECT_THAT(all, HasSubstr("redraw, quit"));
}

TEST_F(FrameTest, FarewellWhenNothingIsLeft) {
  state_.document = nullptr;
  state_.farewell = "Nothing left to label in news.";
  const Frame frame = ComposeFrame(state_, 80, 24);
  std::string all;
  for (int row = 0; row < 24; ++row) all += frame.RowText(row) + "\n";
  EXPECT_THAT(all, HasSubstr("Nothing left to label in news."));
  EXPECT_THAT(all, HasSubstr("Press any key to exit."));
  EXPECT_EQ(frame.RowText(22), " news · 1/3 done · labeled opinion");
}

TEST_F(FrameTest, TinyWindowAsksForRoom) {
  const Frame frame = Compose(10, 3);
  EXPECT_THAT(frame.RowText(0), StartsWith("Enlarge"));
}

TEST(FramePutTest, OverwritesAndClips) {
  Frame frame(10, 2);
  EXPECT_EQ(frame.Put(0, 0, "abcdef", CellStyle()), 6);
  frame.Put(0, 2, "日", CellStyle());
  EXPECT_EQ(frame.RowText(0), "ab日ef");
  EXPECT_EQ(frame.Put(1, 8, "日本", CellStyle()), 10);
  EXPECT_EQ(frame.RowText(1), "        日");
  EXPECT_EQ(frame.Put(5, 0, "x", CellStyle()), 0);  // no such row
}

TEST(PaletteTest, SchemaColoursMapToDistinctTerminalColours) {
  // The default schema's colours on an 8-colour terminal.
  EXPECT_EQ(NearestPaletteColor({0x1f, 0x77, 0xb4}, 8), 6);  // cyan
  EXPECT_EQ(NearestPaletteColor({0xff, 0x7f, 0x0e}, 8), 3);  // yellow
  EXPECT_EQ(NearestPaletteColor({0xd6, 0x27, 0x28}, 8), 1);  // red
  EXPECT_EQ(NearestPaletteColor({0, 0, 0}, 256), 0);
  // With 256 colours, the cube has a close match.
  const int index = NearestPaletteColor({0xff, 0x7f, 0x0e}, 256);
  EXPECT_GE(index, 16);
  const Rgb got = PaletteColor(index);
  EXPECT_EQ(got.r, 255);
  EXPECT_EQ(got.g, 135);
  EXPECT_EQ(got.b, 0);
  EXPECT_EQ(PaletteColor(232).r, 8);
  EXPECT_EQ(PaletteColor(16 + 36 * 5 + 6 * 5 + 5).g, 255);
}

}  // namespace
}  // namespace spanlab::client
