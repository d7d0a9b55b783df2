// What the labeler's screen shows, composed without a terminal: a grid of
// styled cells that the terminal layer paints as it is. Keeping the
// composition here lets tests check the screen of any state.
//
// Rows, top to bottom: the document's id and title; the text; the legend
// (labels and their hotkeys); the status line (project, document, progress,
// the last action's message, or a prompt); and a short key help.
#ifndef SPANLAB_CLIENT_LABELER_FRAME_H_
#define SPANLAB_CLIENT_LABELER_FRAME_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "client/labeler_boundaries.h"
#include "client/labeler_document.h"
#include "client/labeler_keys.h"
#include "client/labeler_layout.h"
#include "client/labeler_line_edit.h"

namespace spanlab::client {

// `human` or `suggestion` for a label the schema does not have.
inline constexpr int kUnknownLabel = 1 << 20;

struct CellStyle {
  // The label of the caller's span here (its colour fills the cell), or -1.
  int human = -1;
  // The label of a pending suggestion here (its colour for the text,
  // underlined), or -1.
  int suggestion = -1;
  bool selected = false;
  bool cursor = false;
  bool bold = false;
  bool dim = false;
  bool error = false;
};

struct FrameCell {
  int column = 0;
  int width = 1;
  // UTF-8: one character with any combining marks that follow it.
  std::string glyph;
  CellStyle style;
};

struct Frame {
  int width = 0;
  int height = 0;
  // Cells of each row in column order, not overlapping; cells not listed
  // are blank.
  std::vector<std::vector<FrameCell>> rows;
  // Where the terminal's cursor goes, or -1.
  int cursor_row = -1;
  int cursor_column = -1;

  Frame(int width, int height);

  // Writes `text` from `column` on `row` in `style`, stopping before
  // `limit` (the frame's width when negative); returns the column after
  // it.
  int Put(int row, int column, absl::string_view text, CellStyle style,
          int limit = -1);

  // The row as plain text without trailing blanks.
  std::string RowText(int row) const;
};

// A label as the labeler shows it.
struct LabelInfo {
  std::string name;
  std::string hotkey;
  // Whether the hotkey works alone, without `L` (see KeyMap).
  bool direct = false;
};

// A question asked in the status line.
struct Prompt {
  std::string question;
  LineEditor editor;
};

struct ScreenState {
  std::string project;
  // Null once nothing is left to label; `farewell` then says so.
  const LabelerDocument* document = nullptr;
  const TextLayout* layout = nullptr;
  std::vector<LabelInfo> labels;
  bool resumed = false;
  int64_t done = 0;
  int64_t total = 0;
  int top = 0;
  int64_t cursor = 0;
  std::optional<CodePointRange> selection;
  KeyMode mode = KeyMode::kNormal;
  std::string message;
  bool message_is_error = false;
  std::optional<Prompt> prompt;
  bool help = false;
  std::string farewell;
};

// Rows the text gets in a screen of `height` rows.
int TextRows(int height);

Frame ComposeFrame(const ScreenState& state, int width, int height);

}  // namespace spanlab::client

#endif  // SPANLAB_CLIENT_LABELER_FRAME_H_
