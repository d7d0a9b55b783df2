// Editing one line of input in the labeler's status line: attribute values
// and search text.
#ifndef SPANLAB_CLIENT_LABELER_LINE_EDIT_H_
#define SPANLAB_CLIENT_LABELER_LINE_EDIT_H_

#include <string>

#include "client/labeler_keys.h"

namespace spanlab::client {

class LineEditor {
 public:
  enum class Result { kEditing, kAccepted, kCancelled };

  // Starts with `initial` (UTF-8), the cursor at its end.
  explicit LineEditor(const std::string& initial = "");

  // Applies one key: printable characters are inserted; Backspace and
  // Delete remove; ← → Home End (and Ctrl-A, Ctrl-E) move; Ctrl-U clears;
  // Enter accepts; Esc cancels.
  Result Handle(const KeyEvent& key);

  // The text as UTF-8.
  std::string text() const;
  // The cursor, in code points from the start.
  int cursor() const { return cursor_; }

  // What to show in `width` cells (at least 2): a slice of the text that
  // holds the cursor, and the cursor's cell within it.
  struct View {
    std::string text;
    int cursor_column = 0;
  };
  View Visible(int width) const;

 private:
  std::u32string text_;
  int cursor_ = 0;
};

}  // namespace spanlab::client

#endif  // SPANLAB_CLIENT_LABELER_LINE_EDIT_H_
