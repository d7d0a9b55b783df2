#include "service/dataset_import.h"

#include <algorithm>
#include <map>
#include <optional>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "google/protobuf/util/time_util.h"
#include "service/names.h"
#include "service/validation.h"

namespace spanlab {
namespace {

using google::protobuf::util::TimeUtil;

// Layers whose spans may not overlap: a person's work (as in
// annotation_api.cc).
bool IsExclusiveLayer(v1::AnnotationKind kind) {
  return kind == v1::HUMAN || kind == v1::GOLD;
}

// The content of an annotation, for "already stored identically". Every
// part is length-prefixed so that no two contents share a fingerprint.
std::string Fingerprint(const v1::Annotation& a) {
  std::string out;
  const auto add = [&out](absl::string_view part) {
    absl::StrAppend(&out, part.size(), ":", part);
  };
  // %a: the score's exact bits, where %g would merge close scores.
  add(absl::StrFormat("%d/%d/%d/%d/%a", static_cast<int>(a.kind()), a.start(),
                      a.end(), a.deleted() ? 1 : 0, a.score()));
  add(a.author());
  add(a.label());
  add(a.model_version());
  add(a.note());
  const std::map<std::string, std::string> attributes(a.attributes().begin(),
                                                      a.attributes().end());
  for (const auto& [key, value] : attributes) {
    add(key);
    add(value);
  }
  return out;
}

// One layer of the document as the transaction found it, plus what this
// import adds to it.
struct LayerState {
  std::optional<LayerSpans> spans;
  int64_t live = 0;
  absl::flat_hash_map<std::string, std::string> names_by_fingerprint;
};

}  // namespace

DatasetImporter::DatasetImporter(Store* store, const Limits& limits,
                                 const Principal& caller,
                                 std::string project_id, v1::LabelSchema schema,
                                 v1::ImportDatasetResponse* response)
    : store_(store),
      limits_(limits),
      caller_(caller),
      project_(std::move(project_id)),
      schema_(std::move(schema)),
      response_(response) {}

void DatasetImporter::AddError(const dataset::RecordLocation& where,
                               const std::string& document_id,
                               const absl::Status& status) {
  if (response_->errors_size() >= kMaxImportErrors) {
    response_->set_errors_omitted(response_->errors_omitted() + 1);
    return;
  }
  v1::ImportError* e = response_->add_errors();
  e->set_file(where.file);
  e->set_line(where.line);
  e->set_task(where.task);
  e->set_document_id(document_id);
  e->set_code(static_cast<int>(status.code()));
  e->set_message(std::string(status.message()));
}

void DatasetImporter::AddIssue(const dataset::ImportIssue& issue) {
  AddError(issue.where, "", absl::InvalidArgumentError(issue.message));
}

void DatasetImporter::Import(dataset::ParsedDocument doc) {
  const auto fail = [this] {
    response_->set_documents_failed(response_->documents_failed() + 1);
  };
  if (!doc.ok()) {
    for (const auto& issue : doc.issues) {
      AddError(issue.where, doc.document_id,
               absl::InvalidArgumentError(issue.message));
    }
    return fail();
  }
  if (doc.document_id.empty()) {
    // Stable, so importing the same file again reuses the document.
    doc.document_id = absl::StrCat("doc-", Sha256Hex(doc.text).substr(0, 16));
  }
  v1::Document d;
  d.set_document_id(doc.document_id);
  d.set_title(doc.title);
  d.set_source(doc.source);
  for (const auto& [key, value] : doc.metadata) {
    (*d.mutable_metadata())[key] = value;
  }
  absl::Status s = ValidateNewDocument(doc.text, limits_, &d);
  if (!s.ok()) {
    AddError(doc.where, doc.document_id, s);
    return fail();
  }
  const Utf8Index text(d.text());
  std::vector<v1::Annotation> annotations;
  if (!CheckSpans(doc, text, &annotations)) return fail();

  bool created = false;
  auto existing = store_->GetDocument(project_, doc.document_id);
  if (existing.ok()) {
    if (existing->text() != d.text()) {
      AddError(doc.where, doc.document_id,
               absl::AlreadyExistsError(absl::StrCat(
                   "document_id=", Quote(doc.document_id),
                   ": the project holds this id with a different text "
                   "(content_hash ",
                   existing->content_hash(), ", the file's is ",
                   d.content_hash(), "); nothing of this record was stored")));
      return fail();
    }
  } else if (absl::IsNotFound(existing.status())) {
    d.set_name(DocumentName(project_, doc.document_id));
    *d.mutable_create_time() = TimeUtil::GetCurrentTime();
    s = store_->CreateDocument(project_, d, caller_.annotator_id());
    if (!s.ok()) {
      AddError(doc.where, doc.document_id, s);
      return fail();
    }
    created = true;
  } else {
    AddError(doc.where, doc.document_id, existing.status());
    return fail();
  }

  const dataset::ImportedSpan* at = nullptr;
  s = StoreAnnotations(doc, std::move(annotations), &at);
  if (!s.ok()) {
    // Only a storage failure or a concurrent writer gets here for a new
    // document: its spans were checked against each other above.
    AddError(at != nullptr ? at->where : doc.where, doc.document_id,
             created ? absl::Status(s.code(),
                                    absl::StrCat(s.message(),
                                                 " (the document was stored "
                                                 "without annotations)"))
                     : s);
    return fail();
  }
  if (created) {
    response_->set_documents_created(response_->documents_created() + 1);
  } else {
    response_->set_documents_reused(response_->documents_reused() + 1);
  }
}

bool DatasetImporter::CheckSpans(const dataset::ParsedDocument& doc,
                                 const Utf8Index& text,
                                 std::vector<v1::Annotation>* annotations) {
  bool ok = true;
  // Spans of the record per exclusive layer, named by their field so that
  // an overlap message points at both spans of the record.
  std::map<std::pair<int, std::string>, LayerSpans> layers;
  for (size_t i = 0; i < doc.spans.size(); ++i) {
    const dataset::ImportedSpan& span = doc.spans[i];
    v1::Annotation a = span.annotation;
    if (a.kind() == v1::ANNOTATION_KIND_UNSPECIFIED) a.set_kind(v1::HUMAN);
    if (a.author().empty()) a.set_author(caller_.annotator_id());
    a.clear_links();
    absl::Status s =
        ValidateAnnotatorId(a.author(), absl::StrCat(span.field, ".author"));
    if (s.ok()) s = ValidateAnnotation(schema_, text, span.field, &a);
    for (size_t j = 0; s.ok() && j < span.links.size(); ++j) {
      const auto& [type, target] = span.links[j];
      const auto& types = schema_.link_types();
      if (std::find(types.begin(), types.end(), type) == types.end()) {
        s = absl::InvalidArgumentError(
            absl::StrCat(span.field, ".links[", j, "].type=", Quote(type),
                         ": not a link type of the project's schema"));
      } else if (target >= doc.spans.size() || target == i) {
        s = absl::InvalidArgumentError(absl::StrCat(
            span.field, ".links[", j, "]: must point at another span"));
      }
    }
    if (s.ok() && IsExclusiveLayer(a.kind()) && !a.deleted()) {
      auto [it, inserted] = layers.try_emplace({a.kind(), LayerAuthor(a)},
                                               std::vector<v1::Annotation>());
      v1::Annotation named = a;
      named.set_name(span.field);
      s = it->second.Add(named, span.field);
    }
    if (!s.ok()) {
      AddError(span.where, doc.document_id, s);
      ok = false;
    }
    annotations->push_back(std::move(a));
  }
  return ok;
}

absl::Status DatasetImporter::StoreAnnotations(
    const dataset::ParsedDocument& doc, std::vector<v1::Annotation> annotations,
    const dataset::ImportedSpan** at) {
  auto txn = store_->BeginDocument(project_, doc.document_id);
  if (!txn.ok()) return txn.status();
  std::map<std::pair<int, std::string>, LayerState> layers;
  std::vector<std::string> names(annotations.size());
  std::vector<uint64_t> ids(annotations.size(), 0);
  std::vector<bool> is_new(annotations.size(), false);
  int64_t unchanged = 0;
  const auto now = TimeUtil::GetCurrentTime();
  for (size_t i = 0; i < annotations.size(); ++i) {
    v1::Annotation& a = annotations[i];
    LayerState& layer = layers[{a.kind(), LayerAuthor(a)}];
    if (!layer.spans.has_value()) {
      auto existing = (*txn)->ReadLayer(a.kind(), LayerAuthor(a),
                                        /*include_deleted=*/true);
      if (!existing.ok()) return existing.status();
      layer.spans.emplace(*existing);
      for (const v1::Annotation& e : *existing) {
        layer.live += e.deleted() ? 0 : 1;
        layer.names_by_fingerprint.emplace(Fingerprint(e), e.name());
      }
    }
    const std::string fingerprint = Fingerprint(a);
    if (auto same = layer.names_by_fingerprint.find(fingerprint);
        same != layer.names_by_fingerprint.end()) {
      names[i] = same->second;
      ++unchanged;
      continue;
    }
    if (IsExclusiveLayer(a.kind()) && !a.deleted()) {
      *at = &doc.spans[i];
      if (layer.live >= limits_.max_spans_per_layer) {
        return absl::ResourceExhaustedError(absl::StrCat(
            doc.spans[i].field, ": the layer already holds ", layer.live,
            " spans, the limit (--max_spans_per_layer)"));
      }
      absl::Status s = layer.spans->Add(a, doc.spans[i].field);
      if (!s.ok()) return s;
      ++layer.live;
      *at = nullptr;
    }
    auto id = (*txn)->NewId();
    if (!id.ok()) return id.status();
    ids[i] = *id;
    is_new[i] = true;
    names[i] = AnnotationName(project_, doc.document_id, *id);
    a.set_name(names[i]);
    a.set_revision(1);
    *a.mutable_create_time() = now;
    *a.mutable_update_time() = now;
    layer.names_by_fingerprint.emplace(fingerprint, names[i]);
  }
  int64_t created = 0;
  for (size_t i = 0; i < annotations.size(); ++i) {
    if (!is_new[i]) continue;
    for (const auto& [type, target] : doc.spans[i].links) {
      v1::AnnotationLink* link = annotations[i].add_links();
      link->set_type(type);
      link->set_target(names[target]);
    }
    (*txn)->Stage(ids[i], nullptr, annotations[i], "create",
                  caller_.annotator_id());
    ++created;
  }
  if (created > 0) {
    absl::Status s = (*txn)->Commit();
    if (!s.ok()) return s;
  }
  response_->set_annotations_created(response_->annotations_created() +
                                     created);
  response_->set_annotations_unchanged(response_->annotations_unchanged() +
                                       unchanged);
  return absl::OkStatus();
}

}  // namespace spanlab
