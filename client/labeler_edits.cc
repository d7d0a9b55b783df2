// The labeler's changes: each goes to the server at once, is recorded for
// undo, and is followed by a fresh listing of the spans.
#include <algorithm>
#include <map>
#include <string>

#include "absl/strings/str_cat.h"
#include "client/labeler_app.h"
#include "client/labeler_guess.h"

namespace spanlab::client {
namespace {

// The attributes the labeler asks for, in this order, when a label allows
// them; the others are left to `spanlab label --attr`.
constexpr const char* kAskedAttributes[] = {"source", "cue"};

bool Allows(const std::vector<std::string>& allowed,
            const std::string& attribute) {
  return std::find(allowed.begin(), allowed.end(), attribute) != allowed.end();
}

}  // namespace

std::map<std::string, std::string> Labeler::AskAttributes(const Label& label,
                                                          CodePointRange span) {
  std::map<std::string, std::string> attributes;
  const AttributionGuess guess = GuessAttribution(
      document_->text(), boundaries_->SentenceAt(span.start), span);
  for (const char* key : kAskedAttributes) {
    if (!Allows(label.allowed_attributes, key)) continue;
    const std::string& guessed =
        std::string(key) == "source" ? guess.source : guess.cue;
    const std::optional<std::string> value =
        Ask(absl::StrCat(key, " (Enter: keep, Esc: skip the rest):"), guessed);
    if (!value.has_value()) break;
    if (!value->empty()) attributes[key] = *value;
  }
  return attributes;
}

void Labeler::LabelSelection(int label) {
  if (!selection_.active) {
    Say("select first: v at one end, move to the other, then the label key");
    return;
  }
  const std::optional<CodePointRange> range =
      document_->Trim(selection_.Range(cursor_));
  if (!range.has_value()) {
    Say("the selection holds only white space");
    return;
  }
  LabelerSpan span;
  span.start = range->start;
  span.end = range->end;
  span.label = labels_[label].info.name;
  span.attributes = AskAttributes(labels_[label], *range);
  if (quit_) return;
  absl::StatusOr<LabelerSpan> created = backend_.Create(document_->id(), span);
  if (!created.ok()) {
    Fail(created.status());
    return;
  }
  selection_ = Selection();
  undo_.Push({ChangeKind::kCreate, *created});
  Say(absl::StrCat("labeled ", Describe(span.label, span.start, span.end)));
  if (absl::Status status = Reload(); !status.ok()) Fail(status);
}

void Labeler::DeleteUnderCursor() {
  const LabelerSpan* found = document_->MineAt(cursor_);
  if (found == nullptr) {
    Say("no span of yours under the cursor");
    return;
  }
  const LabelerSpan span = *found;
  absl::StatusOr<LabelerSpan> deleted = backend_.Delete(span);
  if (!deleted.ok()) {
    Fail(deleted.status());
    return;
  }
  undo_.Push({ChangeKind::kDelete, span});
  Say(absl::StrCat("deleted ", Describe(span.label, span.start, span.end)));
  if (absl::Status status = Reload(); !status.ok()) Fail(status);
}

void Labeler::Relabel(int label) {
  const LabelerSpan* found = document_->MineAt(cursor_);
  if (found == nullptr) {
    Say("no span of yours under the cursor");
    return;
  }
  const LabelerSpan span = *found;
  const Label& target = labels_[label];
  if (span.label == target.info.name) {
    Say(absl::StrCat("already ", span.label));
    return;
  }
  // Attributes the new label does not allow would be refused.
  std::map<std::string, std::string> attributes;
  for (const auto& [key, value] : span.attributes) {
    if (Allows(target.allowed_attributes, key)) attributes[key] = value;
  }
  absl::StatusOr<LabelerSpan> updated =
      backend_.Relabel(span, target.info.name, attributes);
  if (!updated.ok()) {
    Fail(updated.status());
    return;
  }
  undo_.Push({ChangeKind::kRelabel, span});
  Say(absl::StrCat("relabeled [", span.start, ",", span.end, ") ", span.label,
                   " → ", target.info.name));
  if (absl::Status status = Reload(); !status.ok()) Fail(status);
}

void Labeler::AcceptSuggestion() {
  const LabelerSpan* found = document_->SuggestionAt(cursor_);
  if (found == nullptr) {
    Say("no suggestion under the cursor (n: go to the next)");
    return;
  }
  const LabelerSpan suggestion = *found;
  absl::StatusOr<LabelerSpan> copy = backend_.Accept(suggestion);
  if (!copy.ok()) {
    Fail(copy.status());
    return;
  }
  undo_.Push({ChangeKind::kCreate, *copy});
  Say(absl::StrCat("accepted ",
                   Describe(suggestion.label, suggestion.start, suggestion.end),
                   " from ", suggestion.author));
  if (absl::Status status = Reload(); !status.ok()) Fail(status);
}

void Labeler::RejectSuggestion() {
  const LabelerSpan* found = document_->SuggestionAt(cursor_);
  if (found == nullptr) {
    Say("no suggestion under the cursor (n: go to the next)");
    return;
  }
  const LabelerSpan suggestion = *found;
  if (absl::Status status = backend_.Reject(suggestion); !status.ok()) {
    Fail(status);
    return;
  }
  Say(absl::StrCat("rejected ",
                   Describe(suggestion.label, suggestion.start, suggestion.end),
                   " from ", suggestion.author));
  if (absl::Status status = Reload(); !status.ok()) Fail(status);
}

void Labeler::Undo() {
  std::optional<Change> change = undo_.Pop();
  if (!change.has_value()) {
    Say("nothing to undo");
    return;
  }
  absl::Status status;
  if (change->kind == ChangeKind::kDelete) {
    absl::StatusOr<LabelerSpan> created =
        backend_.Create(document_->id(), change->span);
    status = created.status();
    if (created.ok()) undo_.Rename(change->span.name, created->name);
  } else {
    // The span as it is now: its revision is the precondition.
    const LabelerSpan* current = document_->MineNamed(change->span.name);
    if (current == nullptr) {
      Say("cannot undo: that span is gone");
      message_is_error_ = true;
      return;
    }
    if (change->kind == ChangeKind::kCreate) {
      status = backend_.Delete(*current).status();
    } else {
      status =
          backend_
              .Relabel(*current, change->span.label, change->span.attributes)
              .status();
    }
  }
  if (!status.ok()) {
    Fail(status);
    return;
  }
  Say(DescribeUndo(*change));
  if (absl::Status reloaded = Reload(); !reloaded.ok()) Fail(reloaded);
}

void Labeler::EndDocument(bool skip) {
  const std::string id = document_->id();
  const absl::Status status =
      skip ? backend_.SkipDocument(id) : backend_.FinishDocument(id);
  if (!status.ok()) {
    Fail(status);
    return;
  }
  if (absl::Status loaded = LoadNext(); !loaded.ok()) {
    // The document is done either way; without a next one there is
    // nothing to show but the farewell.
    document_.reset();
    farewell_ = "Could not load the next document.";
    Fail(loaded);
    return;
  }
  Say(absl::StrCat(skip ? "skipped " : "finished ", id,
                   document_.has_value()
                       ? absl::StrCat("; now ", document_->id())
                       : std::string()));
}

}  // namespace spanlab::client
