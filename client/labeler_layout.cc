#include "client/labeler_layout.h"

#include <algorithm>

#include "service/text/utf8.h"
#include "unicode/uchar.h"

namespace spanlab::client {
namespace {

constexpr char32_t kReplacement = 0xFFFD;

bool IsControl(char32_t cp) { return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F); }

// White space after which a line may wrap. ICU's u_isWhitespace leaves out
// the no-break spaces, which must keep their neighbours together.
bool IsBreakSpace(char32_t cp) {
  return cp == '\t' || u_isWhitespace(static_cast<UChar32>(cp));
}

}  // namespace

std::u32string DecodeUtf8(absl::string_view text) {
  const Utf8Index index(text);
  std::u32string out;
  out.reserve(index.size());
  for (int64_t i = 0; i < index.size(); ++i) out.push_back(index.CodePoint(i));
  return out;
}

std::string EncodeUtf8(const std::u32string& text, int64_t start, int64_t end) {
  const int64_t size = static_cast<int64_t>(text.size());
  start = std::clamp<int64_t>(start, 0, size);
  end = std::clamp<int64_t>(end, start, size);
  std::string out;
  out.reserve(end - start);
  for (int64_t i = start; i < end; ++i) AppendUtf8(text[i], &out);
  return out;
}

int CellWidth(char32_t cp) {
  if (cp == '\n' || cp == '\r') return 0;
  if (cp < 0x7F) return 1;  // ASCII; other controls show as one cell
  if (IsControl(cp)) return 1;
  const UChar32 c = static_cast<UChar32>(cp);
  const int8_t type = u_charType(c);
  if (type == U_NON_SPACING_MARK || type == U_ENCLOSING_MARK ||
      type == U_FORMAT_CHAR) {
    return 0;
  }
  const int east_asian = u_getIntPropertyValue(c, UCHAR_EAST_ASIAN_WIDTH);
  return (east_asian == U_EA_WIDE || east_asian == U_EA_FULLWIDTH) ? 2 : 1;
}

std::string GlyphText(char32_t cp) {
  if (cp == '\n' || cp == '\r') return "";
  if (cp == '\t') return " ";
  std::string out;
  AppendUtf8(IsControl(cp) ? kReplacement : cp, &out);
  return out;
}

TextLayout::TextLayout(const std::u32string& text, int width)
    : width_(std::max(width, 2)), length_(static_cast<int64_t>(text.size())) {
  lines_.push_back(ScreenLine{});
  int column = 0;
  // Where the current line may wrap: just after its last white space.
  int64_t break_at = -1;
  auto new_line = [&](int64_t start) {
    lines_.back().end = start;
    ScreenLine line;
    line.start = line.end = start;
    lines_.push_back(std::move(line));
    column = 0;
    break_at = -1;
  };
  for (int64_t i = 0; i < length_; ++i) {
    const char32_t cp = text[i];
    if (cp == '\n') {
      lines_.back().glyphs.push_back({i, column, 0});
      lines_.back().ends_with_break = true;
      new_line(i + 1);
      continue;
    }
    const int w = CellWidth(cp);
    // White space never wraps: it hangs past the edge, so the next line
    // starts with the next word.
    if (w > 0 && column + w > width_ && column > 0 && !IsBreakSpace(cp)) {
      if (break_at > lines_.back().start) {
        // Move the word begun after the last white space to a new line.
        std::vector<Glyph>& glyphs = lines_.back().glyphs;
        auto first_moved = std::find_if(
            glyphs.begin(), glyphs.end(),
            [&](const Glyph& g) { return g.position >= break_at; });
        std::vector<Glyph> moved(first_moved, glyphs.end());
        glyphs.erase(first_moved, glyphs.end());
        new_line(break_at);
        const int shift = moved.empty() ? 0 : moved.front().column;
        for (Glyph& g : moved) {
          g.column -= shift;
          column = g.column + g.width;
        }
        lines_.back().glyphs = std::move(moved);
      }
      if (column + w > width_ && column > 0) new_line(i);
    }
    lines_.back().glyphs.push_back({i, column, w});
    column += w;
    if (IsBreakSpace(cp)) break_at = i + 1;
  }
  lines_.back().end = length_;

  line_of_.assign(length_ + 1, 0);
  column_of_.assign(length_ + 1, 0);
  for (int l = 0; l < line_count(); ++l) {
    for (const Glyph& g : lines_[l].glyphs) {
      line_of_[g.position] = l;
      column_of_[g.position] = std::min(g.column, width_ - 1);
    }
  }
  const ScreenLine& last = lines_.back();
  int end_column = 0;
  for (const Glyph& g : last.glyphs) end_column = g.column + g.width;
  line_of_[length_] = line_count() - 1;
  column_of_[length_] = std::min(end_column, width_ - 1);
}

int TextLayout::LineOf(int64_t position) const {
  return line_of_[std::clamp<int64_t>(position, 0, length_)];
}

int TextLayout::ColumnOf(int64_t position) const {
  return column_of_[std::clamp<int64_t>(position, 0, length_)];
}

int64_t TextLayout::PositionAt(int line, int column) const {
  line = std::clamp(line, 0, line_count() - 1);
  const ScreenLine& l = lines_[line];
  int64_t last = l.start;
  for (const Glyph& g : l.glyphs) {
    if (g.width == 0) continue;
    if (column < g.column + g.width) return g.position;
    last = g.position;
  }
  // Past the end of the line: the caret goes onto the line break, to the
  // end of the text on the last line, and onto the last code point of a
  // wrapped line.
  if (l.ends_with_break) return l.end - 1;
  return line + 1 == line_count() ? length_ : last;
}

int ScrollTop(int top, int line, int rows, int line_count) {
  rows = std::max(rows, 1);
  if (line < top) top = line;
  if (line >= top + rows) top = line - rows + 1;
  top = std::min(top, std::max(0, line_count - rows));
  return std::max(top, 0);
}

}  // namespace spanlab::client
