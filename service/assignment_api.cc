// Api: assignments and progress.
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "service/api.h"
#include "service/assignment_policy.h"
#include "service/names.h"

namespace spanlab {
namespace {

absl::Status RequireHuman(const Principal& caller, absl::string_view action) {
  if (caller.role() != v1::MODEL) return absl::OkStatus();
  return absl::PermissionDeniedError(
      absl::StrCat(action, ": ", caller.annotator_id(),
                   " is a MODEL; documents are assigned to people"));
}

v1::AuditEntry AssignmentEvent(const Principal& caller,
                               absl::string_view action,
                               const std::string& document_name,
                               const v1::DocumentAssignment& a) {
  v1::AuditEntry e;
  e.set_actor(caller.annotator_id());
  e.set_action(std::string(action));
  e.set_resource(document_name);
  e.set_detail(absl::StrCat(action, " by ", caller.annotator_id(), ": ",
                            a.active_size(), " active, ", a.finished_size(),
                            " finished"));
  return e;
}

v1::AnnotatorProgress ProgressLine(absl::string_view annotator,
                                   const AssignmentCounts& counts) {
  v1::AnnotatorProgress line;
  line.set_annotator(std::string(annotator));
  line.set_done(counts.done);
  line.set_assigned(counts.assigned);
  line.set_skipped(counts.skipped);
  line.set_total(counts.documents);
  return line;
}

}  // namespace

absl::StatusOr<v1::NextDocumentResponse> Api::NextDocument(
    const Principal& caller, const v1::NextDocumentRequest& r) {
  absl::Status s = RequireHuman(caller, "NextDocument");
  if (!s.ok()) return s;
  auto project_id = ParseProjectName(r.parent(), "parent");
  if (!project_id.ok()) return project_id.status();
  auto project = store_->GetProject(*project_id);
  if (!project.ok()) return project.status();
  auto txn = store_->BeginAssignments(*project_id);
  if (!txn.ok()) return txn.status();

  const std::string& me = caller.annotator_id();
  auto current = (*txn)->Current(me);
  if (!current.ok()) return current.status();
  auto counts = (*txn)->CountsOf(me);
  if (!counts.ok()) return counts.status();

  v1::NextDocumentResponse out;
  // Progress as it was, before any new assignment.
  *out.mutable_progress() = ProgressLine(me, *counts);
  std::string document_id = *current;
  DocumentChooser chooser(me, (*project)->overlap());
  if (document_id.empty()) {
    // Offered in the chooser's order of preference, the first document it
    // takes is the best: one record read, not one per document.
    s = (*txn)->ForEachOpenTo(
        me, (*project)->overlap(),
        [&](absl::string_view id, const v1::DocumentAssignment& a) {
          chooser.Offer(id, a);
          return !chooser.best().has_value();
        });
    if (!s.ok()) return s;
  }
  if (!document_id.empty()) {
    out.set_resumed(true);
  } else if (chooser.best().has_value()) {
    document_id = chooser.best()->first;
    v1::DocumentAssignment a = chooser.best()->second;
    a.add_active(me);
    (*txn)->Put(document_id, a);
    (*txn)->SetCurrent(me, document_id);
    (*txn)->StageAudit(document_id,
                       AssignmentEvent(caller, "assign", a.document(), a));
    s = (*txn)->Commit();
    if (!s.ok()) return s;
    out.mutable_progress()->set_assigned(out.progress().assigned() + 1);
  }
  if (document_id.empty()) return out;
  auto doc = store_->GetDocument(*project_id, document_id);
  // Documents are never deleted, so an assignment naming one that is not
  // stored is the store's inconsistency, not the caller's mistake.
  if (absl::IsNotFound(doc.status())) {
    return absl::DataLossError(absl::StrCat(
        "storage: the assignments of project \"", *project_id,
        "\" name document \"", document_id, "\", which is not stored"));
  }
  if (!doc.ok()) return doc.status();
  *out.mutable_document() = *std::move(doc);
  return out;
}

absl::StatusOr<v1::DocumentAssignment> Api::EndAssignment(
    const Principal& caller, absl::string_view name, bool finished) {
  const absl::string_view action = finished ? "finish" : "skip";
  auto ref = ParseDocumentName(name, "name");
  if (!ref.ok()) return ref.status();
  auto txn = store_->BeginAssignments(ref->project);
  if (!txn.ok()) return txn.status();
  auto a = (*txn)->Get(ref->document);
  if (!a.ok()) return a.status();
  const std::string& me = caller.annotator_id();
  const auto& done = finished ? a->finished() : a->skipped();
  if (std::find(done.begin(), done.end(), me) != done.end()) {
    return a;  // Repeating a finish or skip is not an error.
  }
  if (!RemoveAnnotator(a->mutable_active(), me)) {
    return absl::FailedPreconditionError(
        absl::StrCat("name=\"", name, "\": not assigned to ", me,
                     "; ask for it with NextDocument first"));
  }
  *(finished ? a->add_finished() : a->add_skipped()) = me;
  (*txn)->Put(ref->document, *a);
  auto current = (*txn)->Current(me);
  if (!current.ok()) return current.status();
  if (*current == ref->document) (*txn)->SetCurrent(me, "");
  (*txn)->StageAudit(ref->document,
                     AssignmentEvent(caller, action, a->document(), *a));
  absl::Status s = (*txn)->Commit();
  if (!s.ok()) return s;
  return a;
}

absl::StatusOr<v1::DocumentAssignment> Api::FinishDocument(
    const Principal& caller, const v1::FinishDocumentRequest& r) {
  absl::Status s = RequireHuman(caller, "FinishDocument");
  if (!s.ok()) return s;
  return EndAssignment(caller, r.name(), /*finished=*/true);
}

absl::StatusOr<v1::DocumentAssignment> Api::SkipDocument(
    const Principal& caller, const v1::SkipDocumentRequest& r) {
  absl::Status s = RequireHuman(caller, "SkipDocument");
  if (!s.ok()) return s;
  return EndAssignment(caller, r.name(), /*finished=*/false);
}

absl::StatusOr<v1::ProjectProgress> Api::GetProgress(
    const Principal& caller, const v1::GetProgressRequest& r) {
  auto project_id = ParseProjectName(r.parent(), "parent");
  if (!project_id.ok()) return project_id.status();
  auto project = store_->GetProject(*project_id);
  if (!project.ok()) return project.status();
  auto txn = store_->BeginAssignments(*project_id);
  if (!txn.ok()) return txn.status();
  const int overlap = (*project)->overlap();
  auto summary = (*txn)->Summarize(overlap);
  if (!summary.ok()) return summary.status();
  v1::ProjectProgress out;
  out.set_total(summary->documents);
  out.set_complete(summary->complete);
  out.set_in_progress(summary->in_progress);
  out.set_overlap(overlap);
  // People who only annotate are told about themselves, not about others
  // (blind annotation extends to who is working on what); so are models,
  // which take no documents and have no need to know.
  const bool sees_everyone =
      caller.role() == v1::ADMIN || caller.role() == v1::ADJUDICATOR;
  AssignmentCounts mine;
  mine.documents = summary->documents;
  for (const auto& [annotator, counts] : summary->annotators) {
    if (sees_everyone) {
      *out.add_annotators() = ProgressLine(annotator, counts);
    } else if (annotator == caller.annotator_id()) {
      mine = counts;
    }
  }
  if (!sees_everyone) {
    *out.add_annotators() = ProgressLine(caller.annotator_id(), mine);
  }
  return out;
}

}  // namespace spanlab
