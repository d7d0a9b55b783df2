// The labeler's undo stack: the changes made in this session, newest last,
// and what undoing each one takes.
//
// Undoing a create deletes the span; undoing a delete creates the same span,
// label, attributes and note again (under a new name, which older entries
// then follow); undoing a relabel sets the label and attributes back.
// Accepting a suggestion is undone like a create: the copy goes, the
// decision stays.
#ifndef SPANLAB_CLIENT_LABELER_UNDO_H_
#define SPANLAB_CLIENT_LABELER_UNDO_H_

#include <cstddef>
#include <deque>
#include <optional>
#include <string>

#include "client/labeler_document.h"

namespace spanlab::client {

enum class ChangeKind { kCreate, kDelete, kRelabel };

struct Change {
  ChangeKind kind = ChangeKind::kCreate;
  // kCreate: the span created. kDelete: the span as it was before deletion.
  // kRelabel: the span before the relabel (its old label and attributes).
  LabelerSpan span;
};

class UndoStack {
 public:
  // Keeps the newest `limit` changes.
  explicit UndoStack(size_t limit = 200) : limit_(limit) {}

  void Push(Change change);
  // The newest change, removed; nullopt when there is none.
  std::optional<Change> Pop();
  bool empty() const { return changes_.empty(); }
  size_t size() const { return changes_.size(); }
  void Clear() { changes_.clear(); }

  // Makes every change naming span `old_name` name `new_name` instead.
  void Rename(const std::string& old_name, const std::string& new_name);

 private:
  size_t limit_;
  std::deque<Change> changes_;
};

// A short description of undoing `change`, for the status line:
// "removed attributed_claim [3,9)".
std::string DescribeUndo(const Change& change);

}  // namespace spanlab::client

#endif  // SPANLAB_CLIENT_LABELER_UNDO_H_
