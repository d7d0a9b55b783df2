// Api: accepting and rejecting suggestions, and the audit log.
#include "absl/strings/str_cat.h"
#include "google/protobuf/util/time_util.h"
#include "service/api.h"
#include "service/names.h"
#include "service/permissions.h"
#include "service/validation.h"

namespace spanlab {
namespace {

using google::protobuf::util::TimeUtil;

absl::string_view DecisionName(SuggestionDecision d) {
  return d == SuggestionDecision::kAccepted ? "accepted" : "rejected";
}

// Reads a suggestion inside `txn` and checks that the caller may still
// decide on it.
absl::StatusOr<v1::Annotation> ReadUndecided(DocumentTransaction* txn,
                                             const Principal& caller,
                                             const AnnotationRef& ref,
                                             absl::string_view name) {
  auto s = txn->Read(ref.id);
  if (!s.ok()) return s.status();
  if (s->kind() != v1::AUTOMATIC || s->deleted()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "name=\"", name, "\": not a live suggestion (",
        s->deleted() ? "deleted" : v1::AnnotationKind_Name(s->kind()), ")"));
  }
  auto decisions = txn->ReadDecisions(caller.annotator_id());
  if (!decisions.ok()) return decisions.status();
  auto it = decisions->find(ref.id);
  if (it != decisions->end()) {
    return absl::AlreadyExistsError(
        absl::StrCat("name=\"", name, "\": ", caller.annotator_id(),
                     " already ", DecisionName(it->second), " it"));
  }
  return s;
}

// Whether a caller who does not see every layer may see an audit entry:
// their own actions, changes to records they may read, document creation.
// Someone else's layer and assignments stay hidden.
bool AuditVisible(const Principal& caller, const v1::AuditEntry& e) {
  if (caller.role() == v1::ADMIN || caller.role() == v1::ADJUDICATOR) {
    return true;
  }
  if (e.actor() == caller.annotator_id()) return true;
  // Someone else's decision on a suggestion reveals their work even though
  // the suggestion itself is readable.
  if (e.action() == "accept" || e.action() == "reject") return false;
  // Changes to records the caller may read: model suggestions, and their
  // own annotations changed by someone else (an admin).
  if (e.has_after()) return CanRead(caller, e.after());
  return e.action() == "create" && e.detail() == "document created";
}

}  // namespace

absl::StatusOr<v1::Annotation> Api::AcceptSuggestion(
    const Principal& caller, const v1::AcceptSuggestionRequest& r) {
  auto kind = KindForWrite(caller, v1::HUMAN);
  if (!kind.ok()) return kind.status();
  auto ref = ParseAnnotationName(r.name(), "name");
  if (!ref.ok()) return ref.status();
  auto project = store_->GetProject(ref->project);
  if (!project.ok()) return project.status();
  auto txn = store_->BeginDocument(ref->project, ref->document);
  if (!txn.ok()) return txn.status();
  auto suggestion = ReadUndecided(txn->get(), caller, *ref, r.name());
  if (!suggestion.ok()) return suggestion.status();

  v1::Annotation copy;
  copy.set_start(suggestion->start());
  copy.set_end(suggestion->end());
  copy.set_label(suggestion->label());
  *copy.mutable_attributes() = suggestion->attributes();
  copy.set_note(suggestion->note());
  copy.set_kind(v1::HUMAN);
  copy.set_author(caller.annotator_id());
  v1::SuggestionOrigin* origin = copy.mutable_origin();
  origin->set_suggestion(suggestion->name());
  origin->set_model(suggestion->author());
  origin->set_model_version(suggestion->model_version());
  origin->set_score(suggestion->score());

  const auto indexed =
      text_indexes_.Get(ref->project, (*txn)->shared_document());
  const Utf8Index& text = indexed->index();
  absl::Status s =
      ValidateAnnotation((*project)->schema(), text, "name", &copy);
  if (!s.ok()) return s;
  auto layer = (*txn)->ReadLayerSpans(v1::HUMAN, copy.author());
  if (!layer.ok()) return layer.status();
  if (static_cast<int>(layer->size()) >= limits_.max_spans_per_layer) {
    return absl::ResourceExhaustedError(absl::StrCat(
        "name=\"", r.name(), "\": ", copy.author(), "'s layer already holds ",
        layer->size(), " spans, the limit (--max_spans_per_layer)"));
  }
  s = LayerSpans(*layer, ref->project, ref->document).Add(copy, "name");
  if (!s.ok()) return s;
  auto id = (*txn)->NewId();
  if (!id.ok()) return id.status();
  copy.set_name(AnnotationName(ref->project, ref->document, *id));
  copy.set_revision(1);
  *copy.mutable_create_time() = TimeUtil::GetCurrentTime();
  *copy.mutable_update_time() = copy.create_time();
  // The audit entry's `before` is the suggestion the copy came from.
  (*txn)->Stage(*id, &*suggestion, copy, "accept", caller.annotator_id());
  (*txn)->StageDecision(caller.annotator_id(), ref->id,
                        SuggestionDecision::kAccepted);
  s = (*txn)->Commit();
  if (!s.ok()) return s;
  return copy;
}

absl::StatusOr<v1::RejectSuggestionResponse> Api::RejectSuggestion(
    const Principal& caller, const v1::RejectSuggestionRequest& r) {
  auto kind = KindForWrite(caller, v1::HUMAN);
  if (!kind.ok()) return kind.status();
  auto ref = ParseAnnotationName(r.name(), "name");
  if (!ref.ok()) return ref.status();
  auto txn = store_->BeginDocument(ref->project, ref->document);
  if (!txn.ok()) return txn.status();
  auto suggestion = ReadUndecided(txn->get(), caller, *ref, r.name());
  if (!suggestion.ok()) return suggestion.status();
  (*txn)->StageDecision(caller.annotator_id(), ref->id,
                        SuggestionDecision::kRejected);
  v1::AuditEntry entry;
  entry.set_actor(caller.annotator_id());
  entry.set_action("reject");
  entry.set_resource(suggestion->name());
  *entry.mutable_before() = *suggestion;
  (*txn)->StageAudit(std::move(entry));
  absl::Status s = (*txn)->Commit();
  if (!s.ok()) return s;
  v1::RejectSuggestionResponse out;
  *out.mutable_suggestion() = *std::move(suggestion);
  return out;
}

absl::StatusOr<v1::ListAuditLogResponse> Api::ListAuditLog(
    const Principal& caller, const v1::ListAuditLogRequest& r) {
  auto ref = ParseDocumentName(r.parent(), "parent");
  if (!ref.ok()) return ref.status();
  if (!r.annotation().empty()) {
    auto a = ParseAnnotationName(r.annotation(), "annotation");
    if (!a.ok()) return a.status();
    if (a->project != ref->project || a->document != ref->document) {
      return absl::InvalidArgumentError(
          absl::StrCat("annotation=\"", r.annotation(),
                       "\": not an annotation of ", r.parent()));
    }
  }
  auto size = PageSize(r.page_size());
  if (!size.ok()) return size.status();
  auto doc = store_->GetDocument(ref->project, ref->document);
  if (!doc.ok()) return doc.status();
  auto page = store_->ListAudit(
      ref->project, ref->document,
      [&](const v1::AuditEntry& e) {
        if (!r.annotation().empty() && e.resource() != r.annotation() &&
            e.after().origin().suggestion() != r.annotation()) {
          return false;
        }
        return AuditVisible(caller, e);
      },
      *size, r.page_token());
  if (!page.ok()) return page.status();
  v1::ListAuditLogResponse out;
  for (auto& e : page->items) *out.add_entries() = std::move(e);
  out.set_next_page_token(page->next_page_token);
  return out;
}

}  // namespace spanlab
