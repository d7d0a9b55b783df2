// The terminal labeler's layout of a document: the text wrapped into screen
// lines of a given width, and the mapping between code points (the unit of
// span offsets) and screen cells.
//
// Positions are carets: position p sits before code point p, and the
// document's length is the caret after the last code point. The labeler
// shows the caret on the cell of code point p.
#ifndef SPANLAB_CLIENT_LABELER_LAYOUT_H_
#define SPANLAB_CLIENT_LABELER_LAYOUT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace spanlab::client {

// The code points of valid UTF-8 `text` (document texts are validated by
// the server).
std::u32string DecodeUtf8(absl::string_view text);

// The UTF-8 encoding of code points [start, end) of `text`, clipped to it.
std::string EncodeUtf8(const std::u32string& text, int64_t start, int64_t end);

// Terminal cells code point `cp` takes in the labeler: 2 for East Asian wide
// and fullwidth characters (CJK, most emoji), 0 for combining marks, format
// characters (zero-width joiner, variation selectors) and line breaks, 1 for
// everything else, including tabs and control characters, which the labeler
// shows as one blank or replacement cell.
int CellWidth(char32_t cp);

// What the labeler draws for code point `cp` (UTF-8): a tab as a blank,
// control characters as U+FFFD so that a document cannot drive the
// terminal, line breaks as nothing, anything else as itself.
std::string GlyphText(char32_t cp);

// One code point placed on a screen line.
struct Glyph {
  int64_t position = 0;
  // First cell it takes; zero-width code points share the cell of what
  // precedes them.
  int column = 0;
  int width = 0;
};

struct ScreenLine {
  // Code points [start, end) belong to this line; a line break belongs to
  // the line it ends.
  int64_t start = 0;
  int64_t end = 0;
  // Whether the line ends with a line break (its last code point).
  bool ends_with_break = false;
  std::vector<Glyph> glyphs;
};

class TextLayout {
 public:
  // Wraps `text` into lines of at most `width` cells (at least 2, so that a
  // wide character fits). Lines break at line breaks, after white space
  // where a word would not fit, and anywhere inside a word longer than a
  // line.
  TextLayout(const std::u32string& text, int width);

  int width() const { return width_; }
  const std::vector<ScreenLine>& lines() const { return lines_; }
  int line_count() const { return static_cast<int>(lines_.size()); }

  // Screen line and cell of the caret at `position`, 0 <= position <=
  // length (clamped otherwise). The cell is at most width() - 1, so the
  // caret after a full line stays on screen.
  int LineOf(int64_t position) const;
  int ColumnOf(int64_t position) const;

  // The caret position on `line` (clamped) whose cell is nearest to
  // `column` from the left: the code point drawn there, or the last
  // position of the line when `column` lies past its end.
  int64_t PositionAt(int line, int column) const;

 private:
  int width_;
  int64_t length_;
  std::vector<ScreenLine> lines_;
  // Per position 0..length: its line and cell.
  std::vector<int> line_of_;
  std::vector<int> column_of_;
};

// The first line to show so that `line` is visible in a window of `rows`
// lines, moving as little as possible from `top`, and never leaving blank
// rows below the text when it could be avoided.
int ScrollTop(int top, int line, int rows, int line_count);

}  // namespace spanlab::client

#endif  // SPANLAB_CLIENT_LABELER_LAYOUT_H_
