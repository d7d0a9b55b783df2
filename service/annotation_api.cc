// Api: annotations.
#include <optional>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "google/protobuf/util/time_util.h"
#include "service/api.h"
#include "service/names.h"
#include "service/permissions.h"
#include "service/suggestion_replace.h"
#include "service/validation.h"

namespace spanlab {
namespace {

using google::protobuf::util::TimeUtil;

// Layers whose spans may not overlap: a person's work. Models may propose
// overlapping alternatives.
bool IsExclusiveLayer(v1::AnnotationKind kind) {
  return kind == v1::HUMAN || kind == v1::GOLD;
}

// Keeps only the fields a client may set on a new annotation.
v1::Annotation ClientFields(const v1::Annotation& in) {
  v1::Annotation a;
  a.set_start(in.start());
  a.set_end(in.end());
  a.set_label(in.label());
  *a.mutable_attributes() = in.attributes();
  *a.mutable_links() = in.links();
  a.set_note(in.note());
  a.set_kind(in.kind());
  a.set_model_version(in.model_version());
  a.set_score(in.score());
  return a;
}

// Links must point at live annotations of the same project.
absl::Status CheckLinkTargets(Store* store, absl::string_view project,
                              const v1::Annotation& a,
                              absl::string_view field) {
  for (int i = 0; i < a.links_size(); ++i) {
    const std::string at = absl::StrCat(field, ".links[", i, "].target");
    auto ref = ParseAnnotationName(a.links(i).target(), at);
    if (!ref.ok()) return ref.status();
    if (ref->project != project) {
      return absl::InvalidArgumentError(absl::StrCat(
          at, "=\"", a.links(i).target(), "\": must be in project ", project));
    }
    auto target = store->GetAnnotation(ref->project, ref->document, ref->id);
    if (!target.ok() || target->deleted()) {
      return absl::NotFoundError(absl::StrCat(at, "=\"", a.links(i).target(),
                                              "\": no such live annotation"));
    }
  }
  return absl::OkStatus();
}

std::string ReplaceKey(absl::string_view document, absl::string_view model,
                       absl::string_view version) {
  return absl::StrCat(document, "\n", model, "\n", version);
}

absl::Status StaleRevision(int64_t given, int64_t current) {
  return absl::AbortedError(absl::StrCat("revision=", given,
                                         ": the annotation is at revision ",
                                         current, "; re-read it and retry"));
}

}  // namespace

absl::StatusOr<v1::Annotation> Api::CreateAnnotation(
    const Principal& caller, const v1::CreateAnnotationRequest& r) {
  auto ref = ParseDocumentName(r.parent(), "parent");
  if (!ref.ok()) return ref.status();
  auto kind = KindForWrite(caller, r.annotation().kind());
  if (!kind.ok()) return kind.status();
  auto project = store_->GetProject(ref->project);
  if (!project.ok()) return project.status();
  if (!r.quote().empty() &&
      (r.annotation().start() != 0 || r.annotation().end() != 0)) {
    return absl::InvalidArgumentError(
        "quote: give either quote or annotation.start/end, not both");
  }

  auto txn = store_->BeginDocument(ref->project, ref->document);
  if (!txn.ok()) return txn.status();
  const auto indexed =
      text_indexes_.Get(ref->project, (*txn)->shared_document());
  const Utf8Index& text = indexed->index();

  v1::Annotation a = ClientFields(r.annotation());
  a.set_kind(*kind);
  a.set_author(caller.annotator_id());
  if (!r.quote().empty()) {
    auto span = ResolveQuote(text, r.quote(), r.occurrence());
    if (!span.ok()) return span.status();
    a.set_start(span->first);
    a.set_end(span->second);
  }
  absl::Status s =
      ValidateAnnotation((*project)->schema(), text, "annotation", &a);
  if (s.ok()) s = CheckLinkTargets(store_, ref->project, a, "annotation");
  if (!s.ok()) return s;
  if (IsExclusiveLayer(a.kind())) {
    auto layer = (*txn)->ReadLayerSpans(a.kind(), LayerAuthor(a));
    if (!layer.ok()) return layer.status();
    if (static_cast<int>(layer->size()) >= limits_.max_spans_per_layer) {
      return absl::ResourceExhaustedError(
          absl::StrCat("annotation: the layer already holds ", layer->size(),
                       " spans, the limit (--max_spans_per_layer)"));
    }
    s = LayerSpans(*layer, ref->project, ref->document).Add(a, "annotation");
    if (!s.ok()) return s;
  }
  auto id = (*txn)->NewId();
  if (!id.ok()) return id.status();
  a.set_name(AnnotationName(ref->project, ref->document, *id));
  a.set_revision(1);
  *a.mutable_create_time() = TimeUtil::GetCurrentTime();
  *a.mutable_update_time() = a.create_time();
  (*txn)->Stage(*id, nullptr, a, "create", caller.annotator_id());
  s = (*txn)->Commit();
  if (!s.ok()) return s;
  return a;
}

absl::StatusOr<v1::Annotation> Api::GetAnnotation(
    const Principal& caller, const v1::GetAnnotationRequest& r) {
  auto ref = ParseAnnotationName(r.name(), "name");
  if (!ref.ok()) return ref.status();
  auto a = store_->GetAnnotation(ref->project, ref->document, ref->id);
  if (!a.ok()) return a.status();
  if (!CanRead(caller, *a)) {
    return absl::PermissionDeniedError(absl::StrCat(
        "name=\"", r.name(), "\": belongs to ", a->author(), "'s layer; ",
        caller.annotator_id(), " may read only their own layer"));
  }
  return a;
}

absl::StatusOr<v1::Annotation> Api::UpdateAnnotation(
    const Principal& caller, const v1::UpdateAnnotationRequest& r) {
  auto ref = ParseAnnotationName(r.annotation().name(), "annotation.name");
  if (!ref.ok()) return ref.status();
  static const absl::flat_hash_set<std::string>* const kUpdatable =
      new absl::flat_hash_set<std::string>{
          "start", "end", "label", "attributes", "links", "note", "score"};
  if (r.update_mask().paths_size() == 0) {
    return absl::InvalidArgumentError(
        "update_mask: required; name the fields to change (start, end, "
        "label, attributes, links, note, score)");
  }
  for (int i = 0; i < r.update_mask().paths_size(); ++i) {
    if (!kUpdatable->contains(r.update_mask().paths(i))) {
      return absl::InvalidArgumentError(absl::StrCat(
          "update_mask.paths[", i, "]=\"", r.update_mask().paths(i),
          "\": not an updatable field (start, end, label, attributes, links, "
          "note, score)"));
    }
  }
  auto project = store_->GetProject(ref->project);
  if (!project.ok()) return project.status();
  auto txn = store_->BeginDocument(ref->project, ref->document);
  if (!txn.ok()) return txn.status();
  auto before = (*txn)->Read(ref->id);
  if (!before.ok()) return before.status();
  absl::Status s = CheckCanModify(caller, *before);
  if (!s.ok()) return s;
  if (before->deleted()) {
    return absl::FailedPreconditionError(
        absl::StrCat("annotation.name=\"", before->name(), "\": is deleted"));
  }
  if (r.annotation().revision() != 0 &&
      r.annotation().revision() != before->revision()) {
    return StaleRevision(r.annotation().revision(), before->revision());
  }

  v1::Annotation after = *before;
  const v1::Annotation& in = r.annotation();
  for (const std::string& path : r.update_mask().paths()) {
    if (path == "start") after.set_start(in.start());
    if (path == "end") after.set_end(in.end());
    if (path == "label") after.set_label(in.label());
    if (path == "attributes") *after.mutable_attributes() = in.attributes();
    if (path == "links") *after.mutable_links() = in.links();
    if (path == "note") after.set_note(in.note());
    if (path == "score") after.set_score(in.score());
  }
  const auto indexed =
      text_indexes_.Get(ref->project, (*txn)->shared_document());
  const Utf8Index& text = indexed->index();
  s = ValidateAnnotation((*project)->schema(), text, "annotation", &after);
  if (s.ok()) s = CheckLinkTargets(store_, ref->project, after, "annotation");
  if (!s.ok()) return s;
  if (IsExclusiveLayer(after.kind())) {
    auto layer = (*txn)->ReadLayerSpans(after.kind(), LayerAuthor(after));
    if (!layer.ok()) return layer.status();
    s = LayerSpans(*layer, ref->project, ref->document)
            .Add(after, "annotation");
    if (!s.ok()) return s;
  }
  after.set_revision(before->revision() + 1);
  *after.mutable_update_time() = TimeUtil::GetCurrentTime();
  (*txn)->Stage(ref->id, &*before, after, "update", caller.annotator_id());
  s = (*txn)->Commit();
  if (!s.ok()) return s;
  return after;
}

absl::StatusOr<v1::Annotation> Api::DeleteAnnotation(
    const Principal& caller, const v1::DeleteAnnotationRequest& r) {
  auto ref = ParseAnnotationName(r.name(), "name");
  if (!ref.ok()) return ref.status();
  auto txn = store_->BeginDocument(ref->project, ref->document);
  if (!txn.ok()) return txn.status();
  auto before = (*txn)->Read(ref->id);
  if (!before.ok()) return before.status();
  absl::Status s = CheckCanModify(caller, *before);
  if (!s.ok()) return s;
  // Deleting twice is not an error, so a client may retry a delete whose
  // answer it lost.
  if (before->deleted()) return before;
  if (r.revision() != 0 && r.revision() != before->revision()) {
    return StaleRevision(r.revision(), before->revision());
  }
  v1::Annotation after = *before;
  after.set_deleted(true);
  after.set_revision(before->revision() + 1);
  *after.mutable_update_time() = TimeUtil::GetCurrentTime();
  (*txn)->Stage(ref->id, &*before, after, "delete", caller.annotator_id());
  s = (*txn)->Commit();
  if (!s.ok()) return s;
  return after;
}

absl::StatusOr<v1::ListAnnotationsResponse> Api::ListAnnotations(
    const Principal& caller, const v1::ListAnnotationsRequest& r) {
  auto ref = ParseDocumentName(r.parent(), "parent");
  if (!ref.ok()) return ref.status();
  if (!v1::AnnotationKind_IsValid(r.kind())) {
    return absl::InvalidArgumentError(
        absl::StrCat("kind=", r.kind(), ": not an AnnotationKind"));
  }
  absl::Status s = CheckCanListLayer(caller, r.kind(), r.author());
  if (!s.ok()) return s;
  auto size = PageSize(r.page_size());
  if (!size.ok()) return size.status();

  // Suggestions the caller already accepted or rejected are not offered
  // again.
  DecisionMap decided;
  if (!r.show_decided() && (r.kind() == v1::ANNOTATION_KIND_UNSPECIFIED ||
                            r.kind() == v1::AUTOMATIC)) {
    auto d = store_->ReadDecisions(ref->project, ref->document,
                                   caller.annotator_id());
    if (!d.ok()) return d.status();
    decided = *std::move(d);
  }
  AnnotationFilter filter;
  filter.kind = r.kind();
  filter.author = r.author();
  filter.include_deleted = r.show_deleted();
  filter.visible = [&caller, &decided](const v1::Annotation& a) {
    if (!CanRead(caller, a)) return false;
    if (a.kind() != v1::AUTOMATIC || decided.empty()) return true;
    auto ref = ParseAnnotationName(a.name(), "name");
    return !ref.ok() || !decided.contains(ref->id);
  };
  auto page = store_->ListAnnotations(ref->project, ref->document, filter,
                                      *size, r.page_token());
  // Documents are never deleted, so annotations listed prove theirs exists;
  // only an empty or failed listing reads the document (text and all, the
  // larger read) to answer NOT_FOUND for a document that is not there.
  if (!page.ok() || page->items.empty()) {
    auto doc = store_->GetDocument(ref->project, ref->document);
    if (!doc.ok()) return doc.status();
  }
  if (!page.ok()) return page.status();
  v1::ListAnnotationsResponse out;
  for (auto& a : page->items) *out.add_annotations() = std::move(a);
  out.set_next_page_token(page->next_page_token);
  return out;
}

absl::StatusOr<v1::BulkWriteAnnotationsResponse> Api::BulkWriteAnnotations(
    const Principal& caller,
    const std::function<bool(v1::BulkWriteAnnotationsRequest*)>& next) {
  v1::BulkWriteAnnotationsResponse out;
  // Projects are read once per stream: their schema does not change.
  absl::flat_hash_map<std::string, std::shared_ptr<const v1::Project>> projects;
  // (document, model, version) whose earlier suggestions this stream has
  // already replaced.
  absl::flat_hash_set<std::string> replaced;
  v1::BulkWriteAnnotationsRequest request;
  const auto fail = [&out](int64_t index, const absl::Status& s) {
    return absl::Status(
        s.code(), absl::StrCat("requests[", index, "].", s.message(), " (",
                               out.messages(), " earlier messages with ",
                               out.written(), " annotations were stored)"));
  };
  for (int64_t index = 0; next(&request); ++index) {
    auto ref = ParseDocumentName(request.parent(), "parent");
    if (!ref.ok()) return fail(index, ref.status());
    const int n = request.annotations_size();
    if (n == 0 || n > limits_.max_annotations_per_message) {
      return fail(index, absl::InvalidArgumentError(absl::StrCat(
                             "annotations: ", n, " in one message; send 1 to ",
                             limits_.max_annotations_per_message,
                             " (--max_annotations_per_message)")));
    }
    auto it = projects.find(ref->project);
    if (it == projects.end()) {
      auto p = store_->GetProject(ref->project);
      if (!p.ok()) return fail(index, p.status());
      it = projects.emplace(ref->project, *std::move(p)).first;
    }
    const v1::LabelSchema& schema = it->second->schema();

    auto txn = store_->BeginDocument(ref->project, ref->document);
    if (!txn.ok()) return fail(index, txn.status());
    const auto indexed =
        text_indexes_.Get(ref->project, (*txn)->shared_document());
    const Utf8Index& text = indexed->index();
    absl::flat_hash_map<std::string, std::optional<LayerSpans>> layers;
    // Live spans per exclusive layer, counting those staged in this message.
    absl::flat_hash_map<std::string, int64_t> layer_sizes;
    const auto now = TimeUtil::GetCurrentTime();
    std::vector<v1::Annotation> validated;
    validated.reserve(n);
    for (int j = 0; j < n; ++j) {
      const std::string field = absl::StrCat("annotations[", j, "]");
      auto kind = KindForWrite(caller, request.annotations(j).kind());
      if (!kind.ok()) {
        // KindForWrite names the field of a single create ("annotation.");
        // name this annotation of the message instead.
        absl::string_view message = kind.status().message();
        absl::ConsumePrefix(&message, "annotation");
        return fail(index, absl::Status(kind.status().code(),
                                        absl::StrCat(field, message)));
      }
      v1::Annotation a = ClientFields(request.annotations(j));
      a.set_kind(*kind);
      a.set_author(caller.annotator_id());
      absl::Status s = ValidateAnnotation(schema, text, field, &a);
      if (s.ok()) s = CheckLinkTargets(store_, ref->project, a, field);
      if (!s.ok()) return fail(index, s);
      if (IsExclusiveLayer(a.kind())) {
        const std::string key = absl::StrCat(a.kind(), "/", LayerAuthor(a));
        auto& spans = layers[key];
        int64_t& size = layer_sizes[key];
        if (!spans.has_value()) {
          auto layer = (*txn)->ReadLayerSpans(a.kind(), LayerAuthor(a));
          if (!layer.ok()) return fail(index, layer.status());
          spans.emplace(*layer, ref->project, ref->document);
          size = static_cast<int64_t>(layer->size());
        }
        if (size >= limits_.max_spans_per_layer) {
          return fail(index, absl::ResourceExhaustedError(absl::StrCat(
                                 field, ": the layer already holds ", size,
                                 " spans, the limit (--max_spans_per_layer)")));
        }
        s = spans->Add(a, field);
        if (!s.ok()) return fail(index, s);
        ++size;
      }
      validated.push_back(std::move(a));
    }

    // A model's output for a document replaces that model version's earlier
    // suggestions there, the first time this stream writes the version to
    // the document; later messages of the stream for the same document and
    // version add to it.
    std::vector<int> create;
    absl::flat_hash_map<std::string, std::vector<int>> by_version;
    for (int j = 0; j < n; ++j) {
      const v1::Annotation& a = validated[j];
      if (a.kind() == v1::AUTOMATIC &&
          !replaced.contains(
              ReplaceKey(request.parent(), a.author(), a.model_version()))) {
        by_version[a.model_version()].push_back(j);
      } else {
        create.push_back(j);
      }
    }
    std::vector<std::string> replaced_now;
    int64_t kept = 0, removed = 0;
    if (!by_version.empty()) {
      auto layer =
          (*txn)->ReadLayer(v1::AUTOMATIC, caller.annotator_id(), false);
      if (!layer.ok()) return fail(index, layer.status());
      for (const auto& [version, indexes] : by_version) {
        std::vector<v1::Annotation> existing, incoming;
        for (const auto& a : *layer) {
          if (a.model_version() == version) existing.push_back(a);
        }
        for (int j : indexes) incoming.push_back(validated[j]);
        const ReplacementPlan plan = PlanReplacement(existing, incoming);
        for (const v1::Annotation* old : plan.remove) {
          auto old_ref = ParseAnnotationName(old->name(), "name");
          if (!old_ref.ok()) return fail(index, old_ref.status());
          v1::Annotation tombstone = *old;
          tombstone.set_deleted(true);
          tombstone.set_revision(old->revision() + 1);
          *tombstone.mutable_update_time() = now;
          (*txn)->Stage(old_ref->id, old, tombstone, "delete",
                        caller.annotator_id());
        }
        for (int c : plan.create) create.push_back(indexes[c]);
        kept += plan.kept;
        removed += static_cast<int64_t>(plan.remove.size());
        replaced_now.push_back(
            ReplaceKey(request.parent(), caller.annotator_id(), version));
      }
    }
    for (int j : create) {
      v1::Annotation& a = validated[j];
      auto id = (*txn)->NewId();
      if (!id.ok()) return fail(index, id.status());
      a.set_name(AnnotationName(ref->project, ref->document, *id));
      a.set_revision(1);
      *a.mutable_create_time() = now;
      *a.mutable_update_time() = now;
      (*txn)->Stage(*id, nullptr, a, "create", caller.annotator_id());
    }
    absl::Status s = (*txn)->Commit();
    if (!s.ok()) return fail(index, s);
    replaced.insert(replaced_now.begin(), replaced_now.end());
    out.set_messages(out.messages() + 1);
    out.set_written(out.written() + static_cast<int64_t>(create.size()));
    out.set_kept(out.kept() + kept);
    out.set_removed(out.removed() + removed);
    request.Clear();
  }
  return out;
}

}  // namespace spanlab
