#include "client/labeler_frame.h"

#include <algorithm>
#include <map>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace spanlab::client {
namespace {

// Rows around the text: title above; legend, status and keys below.
constexpr int kRowsAbove = 1;
constexpr int kRowsBelow = 3;
// Below this the rows above would overlap: the frame then only asks for
// more room.
constexpr int kMinWidth = 20;
constexpr int kMinHeight = 6;

int TextWidth(absl::string_view text) {
  int width = 0;
  for (char32_t cp : DecodeUtf8(text)) width += CellWidth(cp);
  return width;
}

// `text` cut to `width` cells, ending in "…" when cut.
std::string Clip(absl::string_view text, int width) {
  if (TextWidth(text) <= width) return std::string(text);
  const std::u32string cps = DecodeUtf8(text);
  int used = 0;
  size_t end = 0;
  while (end < cps.size() && used + CellWidth(cps[end]) <= width - 1) {
    used += CellWidth(cps[end++]);
  }
  return EncodeUtf8(cps, 0, static_cast<int64_t>(end)) + "…";
}

CellStyle Bold() {
  CellStyle style;
  style.bold = true;
  return style;
}

CellStyle Dim() {
  CellStyle style;
  style.dim = true;
  return style;
}

void ComposeTitle(const ScreenState& state, Frame* frame) {
  if (state.document == nullptr) {
    frame->Put(0, 0, absl::StrCat(" ", state.project), Bold());
    return;
  }
  std::string title = absl::StrCat(" ", state.document->id());
  if (!state.document->title().empty()) {
    absl::StrAppend(&title, " — ", state.document->title());
  }
  if (state.resumed) absl::StrAppend(&title, "  (resumed)");
  frame->Put(0, 0, title, Bold());
}

// The label index of each visible position (-1 for none), for one layer.
std::vector<int> LabelsOver(const std::vector<LabelerSpan>& spans,
                            const std::map<std::string, int>& index,
                            int64_t begin, int64_t end) {
  std::vector<int> out(end - begin, -1);
  // Spans come in text order, so the innermost of overlapping ones (the
  // one starting last) is written last and wins.
  for (const LabelerSpan& span : spans) {
    const int64_t from = std::max(span.start, begin);
    const int64_t to = std::min(span.end, end);
    if (from >= to) continue;
    auto it = index.find(span.label);
    const int label = it == index.end() ? kUnknownLabel : it->second;
    std::fill(out.begin() + (from - begin), out.begin() + (to - begin), label);
  }
  return out;
}

void ComposeText(const ScreenState& state, Frame* frame) {
  const TextLayout& layout = *state.layout;
  const int rows = TextRows(frame->height);
  const int first = std::clamp(state.top, 0, layout.line_count() - 1);
  const int last = std::min(first + rows, layout.line_count());
  const int64_t begin = layout.lines()[first].start;
  const int64_t end = layout.lines()[last - 1].end;
  std::map<std::string, int> index;
  for (size_t i = 0; i < state.labels.size(); ++i) {
    index[state.labels[i].name] = static_cast<int>(i);
  }
  const std::vector<int> human =
      LabelsOver(state.document->mine(), index, begin, end);
  const std::vector<int> suggestion =
      LabelsOver(state.document->suggestions(), index, begin, end);
  const std::u32string& text = state.document->text();
  const int cursor_line = layout.LineOf(state.cursor);

  for (int l = first; l < last; ++l) {
    const int row = kRowsAbove + (l - first);
    std::vector<FrameCell>& cells = frame->rows[row];
    bool cursor_drawn = false;
    for (const Glyph& g : layout.lines()[l].glyphs) {
      if (g.column >= frame->width) continue;  // white space past the edge
      std::string glyph = GlyphText(text[g.position]);
      if (g.width == 0) {
        if (!glyph.empty() && !cells.empty()) cells.back().glyph += glyph;
        continue;
      }
      if (g.column + g.width > frame->width) continue;
      FrameCell cell{g.column, g.width, std::move(glyph), {}};
      cell.style.human = human[g.position - begin];
      cell.style.suggestion = suggestion[g.position - begin];
      cell.style.selected = state.selection.has_value() &&
                            g.position >= state.selection->start &&
                            g.position < state.selection->end;
      cell.style.cursor = g.position == state.cursor;
      cursor_drawn |= cell.style.cursor;
      cells.push_back(std::move(cell));
    }
    if (l == cursor_line) {
      frame->cursor_row = row;
      frame->cursor_column = layout.ColumnOf(state.cursor);
      // A caret on a line break or at the end of the text has no glyph of
      // its own: show it on a blank cell, or on the last cell of a full
      // line.
      if (!cursor_drawn) {
        auto at = std::find_if(cells.begin(), cells.end(), [&](auto& cell) {
          return cell.column == frame->cursor_column;
        });
        if (at != cells.end()) {
          at->style.cursor = true;
        } else {
          CellStyle style;
          style.cursor = true;
          frame->Put(row, frame->cursor_column, " ", style);
        }
      }
    }
  }
}

void ComposeFarewell(const ScreenState& state, Frame* frame) {
  const int rows = TextRows(frame->height);
  const std::vector<std::string> lines = {state.farewell, "",
                                          "Press any key to exit."};
  const int top = kRowsAbove + std::max(0, (rows - 3) / 2);
  for (size_t i = 0; i < lines.size(); ++i) {
    const int column = std::max(0, (frame->width - TextWidth(lines[i])) / 2);
    frame->Put(top + static_cast<int>(i), column, lines[i],
               i == 0 ? Bold() : CellStyle());
  }
}

std::string KeyFor(const LabelInfo& label) {
  if (label.hotkey.empty()) return "";
  return label.direct ? label.hotkey : absl::StrCat("L", label.hotkey);
}

void ComposeLegend(const ScreenState& state, Frame* frame) {
  const int row = frame->height - kRowsBelow;
  int column = 1;
  for (size_t i = 0; i < state.labels.size(); ++i) {
    const LabelInfo& label = state.labels[i];
    const std::string key = KeyFor(label);
    if (!key.empty()) column = frame->Put(row, column, key + " ", Bold());
    CellStyle style;
    style.human = static_cast<int>(i);
    column = frame->Put(row, column, label.name, style);
    column = frame->Put(row, column, "  ", CellStyle());
  }
  const std::string tail = "suggestions underlined";
  if (column + TextWidth(tail) < frame->width) {
    frame->Put(row, column, tail, Dim());
  }
}

void ComposeStatus(const ScreenState& state, Frame* frame) {
  const int row = frame->height - 2;
  if (state.prompt.has_value()) {
    const int column = frame->Put(
        row, 0, absl::StrCat(" ", state.prompt->question, " "), Bold());
    const LineEditor::View view =
        state.prompt->editor.Visible(std::max(2, frame->width - column));
    frame->Put(row, column, view.text, CellStyle());
    frame->cursor_row = row;
    frame->cursor_column =
        std::min(frame->width - 1, column + view.cursor_column);
    return;
  }
  std::string head = absl::StrCat(" ", state.project);
  if (state.document != nullptr) {
    absl::StrAppend(&head, " · ", state.document->id());
  }
  absl::StrAppend(&head, " · ", state.done, "/", state.total, " done · ");
  const int column = frame->Put(row, 0, head, Bold());
  std::string message = state.message;
  bool error = state.message_is_error;
  if (state.mode == KeyMode::kLabelPending) {
    message = "label: press a label key (Esc: cancel)";
    error = false;
  } else if (state.mode == KeyMode::kRelabelPending) {
    message = "relabel: press a label key (Esc: cancel)";
    error = false;
  }
  CellStyle style;
  style.error = error;
  style.bold = error;
  frame->Put(row, column, Clip(message, frame->width - column), style);
}

void ComposeKeys(const ScreenState& state, Frame* frame) {
  const int row = frame->height - 1;
  std::vector<std::string> label_keys;
  for (const LabelInfo& label : state.labels) {
    if (label.direct) label_keys.push_back(label.hotkey);
  }
  std::vector<std::pair<std::string, std::string>> hints = {
      {"?", "help"}, {"q", "quit"}, {"v", "select"}};
  if (!label_keys.empty()) {
    hints.push_back({absl::StrJoin(label_keys, "/"), "label"});
  }
  hints.insert(hints.end(), {{"x", "delete"},
                             {"r", "relabel"},
                             {"n", "suggestion"},
                             {"a/R", "accept/reject"},
                             {"u", "undo"},
                             {"/", "find"},
                             {"F", "finish"},
                             {"S", "skip"}});
  int column = 1;
  for (const auto& [key, description] : hints) {
    const std::string hint = absl::StrCat(key, " ", description);
    if (column + TextWidth(hint) > frame->width) break;
    column = frame->Put(row, column, key + " ", Bold());
    column = frame->Put(row, column, description, Dim()) + 2;
  }
}

void ComposeHelp(const ScreenState& state, Frame* frame) {
  std::vector<KeyHelp> entries = KeyMap::Help();
  std::vector<std::string> label_keys;
  for (const LabelInfo& label : state.labels) {
    if (label.direct) label_keys.push_back(label.hotkey);
  }
  if (!label_keys.empty()) {
    entries.insert(entries.begin() + 7,
                   {absl::StrJoin(label_keys, " "),
                    "label the selection (see the legend)"});
  }
  int keys_width = 0;
  int description_width = 0;
  for (const KeyHelp& entry : entries) {
    keys_width = std::max(keys_width, TextWidth(entry.keys));
    description_width =
        std::max(description_width, TextWidth(entry.description));
  }
  const int width = std::min(frame->width, keys_width + description_width + 6);
  const int height =
      std::min(frame->height, static_cast<int>(entries.size()) + 4);
  const int left = (frame->width - width) / 2;
  const int top = (frame->height - height) / 2;
  const int right = left + width - 1;
  const int bottom = top + height - 1;
  for (int row = top; row <= bottom; ++row) {
    const bool edge = row == top || row == bottom;
    std::string line;
    for (int column = left; column <= right; ++column) {
      if (column == left) {
        line += row == top ? "┌" : row == bottom ? "└" : "│";
      } else if (column == right) {
        line += row == top ? "┐" : row == bottom ? "┘" : "│";
      } else {
        line += edge ? "─" : " ";
      }
    }
    frame->Put(row, left, line, CellStyle());
  }
  frame->Put(top, left + 2, " Keys ", Bold(), right);
  int row = top + 1;
  for (const KeyHelp& entry : entries) {
    if (row >= bottom - 1) break;
    frame->Put(row, left + 2, entry.keys, Bold(), right);
    frame->Put(row, left + 4 + keys_width, entry.description, CellStyle(),
               right);
    ++row;
  }
  frame->Put(bottom - 1, left + 2, "Press any key to close.", Dim(), right);
  frame->cursor_row = frame->cursor_column = -1;
}

}  // namespace

Frame::Frame(int width, int height)
    : width(std::max(width, 1)),
      height(std::max(height, 1)),
      rows(this->height) {}

int Frame::Put(int row, int column, absl::string_view text, CellStyle style,
               int limit) {
  if (row < 0 || row >= height) return column;
  if (limit < 0 || limit > width) limit = width;
  std::vector<FrameCell> added;
  for (char32_t cp : DecodeUtf8(text)) {
    std::string glyph = GlyphText(cp);
    const int w = cp == '\n' ? 1 : CellWidth(cp);
    if (w == 0) {
      if (!added.empty()) added.back().glyph += glyph;
      continue;
    }
    if (column + w > limit) break;
    if (glyph.empty()) glyph = " ";
    added.push_back({column, w, std::move(glyph), style});
    column += w;
  }
  if (added.empty()) return column;
  const int from = added.front().column;
  const int to = column;
  std::vector<FrameCell>& cells = rows[row];
  cells.erase(std::remove_if(cells.begin(), cells.end(),
                             [&](const FrameCell& c) {
                               return c.column < to &&
                                      c.column + c.width > from;
                             }),
              cells.end());
  cells.insert(cells.end(), std::make_move_iterator(added.begin()),
               std::make_move_iterator(added.end()));
  std::sort(cells.begin(), cells.end(),
            [](const FrameCell& a, const FrameCell& b) {
              return a.column < b.column;
            });
  return column;
}

std::string Frame::RowText(int row) const {
  std::string out;
  int column = 0;
  for (const FrameCell& cell : rows[row]) {
    out.append(std::max(0, cell.column - column), ' ');
    out += cell.glyph;
    column = cell.column + cell.width;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

int TextRows(int height) {
  return std::max(1, height - kRowsAbove - kRowsBelow);
}

Frame ComposeFrame(const ScreenState& state, int width, int height) {
  Frame frame(width, height);
  if (width < kMinWidth || height < kMinHeight) {
    frame.Put(0, 0,
              absl::StrCat("Enlarge the window to at least ", kMinWidth, "×",
                           kMinHeight, "."),
              Bold());
    return frame;
  }
  ComposeTitle(state, &frame);
  if (state.document != nullptr && state.layout != nullptr) {
    ComposeText(state, &frame);
  } else {
    ComposeFarewell(state, &frame);
  }
  ComposeLegend(state, &frame);
  ComposeStatus(state, &frame);
  ComposeKeys(state, &frame);
  if (state.help) ComposeHelp(state, &frame);
  return frame;
}

}  // namespace spanlab::client
