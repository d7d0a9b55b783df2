#include "client/labeler_undo.h"

#include <utility>

#include "absl/strings/str_cat.h"

namespace spanlab::client {

void UndoStack::Push(Change change) {
  changes_.push_back(std::move(change));
  while (changes_.size() > limit_) changes_.pop_front();
}

std::optional<Change> UndoStack::Pop() {
  if (changes_.empty()) return std::nullopt;
  Change change = std::move(changes_.back());
  changes_.pop_back();
  return change;
}

void UndoStack::Rename(const std::string& old_name,
                       const std::string& new_name) {
  for (Change& change : changes_) {
    if (change.span.name == old_name) change.span.name = new_name;
  }
}

std::string DescribeUndo(const Change& change) {
  const LabelerSpan& span = change.span;
  const std::string where = absl::StrCat("[", span.start, ",", span.end, ")");
  switch (change.kind) {
    case ChangeKind::kCreate:
      return absl::StrCat("undone: removed ", span.label, " ", where);
    case ChangeKind::kDelete:
      return absl::StrCat("undone: restored ", span.label, " ", where);
    case ChangeKind::kRelabel:
      return absl::StrCat("undone: ", where, " is ", span.label, " again");
  }
  return "undone";
}

}  // namespace spanlab::client
