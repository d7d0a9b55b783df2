#include "client/labeler_line_edit.h"

#include <algorithm>

#include "client/labeler_layout.h"

namespace spanlab::client {
namespace {

constexpr char32_t kCtrlA = 0x01;
constexpr char32_t kCtrlE = 0x05;
constexpr char32_t kCtrlU = 0x15;
constexpr char32_t kDel = 0x7F;

bool IsPrintable(char32_t c) {
  return c >= 0x20 && c != kDel && !(c >= 0x80 && c <= 0x9F);
}

}  // namespace

LineEditor::LineEditor(const std::string& initial)
    : text_(DecodeUtf8(initial)), cursor_(static_cast<int>(text_.size())) {}

LineEditor::Result LineEditor::Handle(const KeyEvent& key) {
  const int size = static_cast<int>(text_.size());
  switch (key.special) {
    case SpecialKey::kEnter:
      return Result::kAccepted;
    case SpecialKey::kEscape:
      return Result::kCancelled;
    case SpecialKey::kLeft:
      cursor_ = std::max(0, cursor_ - 1);
      return Result::kEditing;
    case SpecialKey::kRight:
      cursor_ = std::min(size, cursor_ + 1);
      return Result::kEditing;
    case SpecialKey::kHome:
      cursor_ = 0;
      return Result::kEditing;
    case SpecialKey::kEnd:
      cursor_ = size;
      return Result::kEditing;
    case SpecialKey::kBackspace:
      if (cursor_ > 0) text_.erase(--cursor_, 1);
      return Result::kEditing;
    case SpecialKey::kDelete:
      if (cursor_ < size) text_.erase(cursor_, 1);
      return Result::kEditing;
    case SpecialKey::kNone:
      break;
    default:
      return Result::kEditing;
  }
  const char32_t c = key.character;
  if (c == '\n' || c == '\r') return Result::kAccepted;
  if (c == kCtrlA) {
    cursor_ = 0;
  } else if (c == kCtrlE) {
    cursor_ = size;
  } else if (c == kCtrlU) {
    text_.clear();
    cursor_ = 0;
  } else if (c == kDel || c == '\b') {
    if (cursor_ > 0) text_.erase(--cursor_, 1);
  } else if (IsPrintable(c)) {
    text_.insert(text_.begin() + cursor_, c);
    ++cursor_;
  }
  return Result::kEditing;
}

std::string LineEditor::text() const {
  return EncodeUtf8(text_, 0, static_cast<int64_t>(text_.size()));
}

LineEditor::View LineEditor::Visible(int width) const {
  width = std::max(width, 2);
  // Show as much as fits before the cursor, keeping one cell for it.
  int first = cursor_;
  int used = 1;
  while (first > 0 && used + CellWidth(text_[first - 1]) <= width) {
    used += CellWidth(text_[--first]);
  }
  View view;
  int column = 0;
  for (int i = first; i < static_cast<int>(text_.size()); ++i) {
    const int w = CellWidth(text_[i]);
    if (i == cursor_) view.cursor_column = column;
    if (column + w > width) break;
    view.text += GlyphText(text_[i]);
    column += w;
  }
  if (cursor_ == static_cast<int>(text_.size())) view.cursor_column = column;
  view.cursor_column = std::min(view.cursor_column, width - 1);
  return view;
}

}  // namespace spanlab::client
