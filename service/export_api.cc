// ExportApi::Export: checks the request, then streams one document at a
// time through the format writer.
#include "service/export_api.h"

#include <algorithm>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "service/export/dataset.h"
#include "service/export_formats.h"
#include "service/names.h"
#include "service/permissions.h"

namespace spanlab {
namespace {

// Largest `data` of one ExportChunk: small enough for any client's default
// message limit, large enough to keep per-message overhead negligible.
constexpr size_t kMaxChunkBytes = 1 << 20;
// Document ids are listed this many at a time without their text; each
// text is then read on its own, so memory holds one text, not a page.
constexpr int kDocumentIdPage = 100;
constexpr int kAnnotationPage = 1000;

// What a checked request asks for.
struct Plan {
  std::string project;
  v1::LabelSchema schema;
  dataset::Format format = dataset::Format::kJsonl;
  dataset::OffsetUnit unit = dataset::OffsetUnit::kCodePoints;
  // Sorted and unique; empty for every document.
  std::vector<std::string> document_ids;
  absl::flat_hash_set<std::string> labels;
  int64_t total = 0;
};

absl::Status CheckLayer(const Principal& caller, const v1::ExportRequest& r,
                        dataset::Format format) {
  if (!v1::AnnotationKind_IsValid(r.kind())) {
    return absl::InvalidArgumentError(
        absl::StrCat("kind=", r.kind(), ": not an AnnotationKind"));
  }
  if (!r.author().empty()) {
    absl::Status s = ValidateAnnotatorId(r.author(), "author");
    if (!s.ok()) return s;
  }
  absl::Status s = CheckCanListLayer(caller, r.kind(), r.author());
  if (!s.ok()) return s;
  const bool one_layer =
      r.kind() == v1::GOLD ||
      ((r.kind() == v1::HUMAN || r.kind() == v1::AUTOMATIC) &&
       !r.author().empty());
  if (format == dataset::Format::kConll && !one_layer) {
    return absl::InvalidArgumentError(
        "format=CONLL: BIO tags cannot overlap, so a CoNLL export covers one "
        "layer: set kind=GOLD, or kind=HUMAN or AUTOMATIC with an author");
  }
  if (r.include_deleted() && format != dataset::Format::kJsonl &&
      format != dataset::Format::kCsv) {
    return absl::InvalidArgumentError(absl::StrCat(
        "include_deleted: the ", v1::DatasetFormat_Name(r.format()),
        " format cannot mark deleted annotations; use JSONL or "
        "CSV"));
  }
  return absl::OkStatus();
}

absl::StatusOr<Plan> Check(Store* store, const Principal& caller,
                           const v1::ExportRequest& r) {
  if (caller.role() != v1::ADMIN && caller.role() != v1::ADJUDICATOR &&
      caller.role() != v1::ANNOTATOR) {
    return absl::PermissionDeniedError(absl::StrCat(
        "Export needs the ADMIN, ADJUDICATOR or ANNOTATOR role; ",
        caller.annotator_id(), " is ", v1::Role_Name(caller.role())));
  }
  Plan plan;
  auto format = DatasetFormatOf(r.format(), "format");
  if (!format.ok()) return format.status();
  plan.format = *format;
  absl::Status s = CheckLayer(caller, r, plan.format);
  if (!s.ok()) return s;
  auto unit =
      OffsetUnitOf(r.labelstudio_offset_unit(), "labelstudio_offset_unit");
  if (!unit.ok()) return unit.status();
  plan.unit = *unit;
  auto project = ParseProjectName(r.parent(), "parent");
  if (!project.ok()) return project.status();
  plan.project = *project;
  auto record = store->GetProject(plan.project);
  if (!record.ok()) return record.status();
  plan.schema = record->schema();
  for (int i = 0; i < r.labels_size(); ++i) {
    const auto& labels = plan.schema.labels();
    if (std::none_of(labels.begin(), labels.end(),
                     [&](const auto& l) { return l.name() == r.labels(i); })) {
      return absl::InvalidArgumentError(
          absl::StrCat("labels[", i, "]=", Quote(r.labels(i)),
                       ": not a label of the project's schema"));
    }
    plan.labels.insert(r.labels(i));
  }
  for (int i = 0; i < r.document_ids_size(); ++i) {
    const std::string field = absl::StrCat("document_ids[", i, "]");
    s = ValidateDocumentId(r.document_ids(i), field);
    if (!s.ok()) return s;
    plan.document_ids.push_back(r.document_ids(i));
  }
  std::sort(plan.document_ids.begin(), plan.document_ids.end());
  plan.document_ids.erase(
      std::unique(plan.document_ids.begin(), plan.document_ids.end()),
      plan.document_ids.end());
  // Missing ids fail the call before anything is sent.
  for (const std::string& id : plan.document_ids) {
    auto doc = store->GetDocument(plan.project, id);
    if (!doc.ok()) return doc.status();
  }
  plan.total = plan.document_ids.empty()
                   ? record->document_count()
                   : static_cast<int64_t>(plan.document_ids.size());
  return plan;
}

// Cuts output pieces into chunks and sends them with the progress counters.
class ChunkSender {
 public:
  ChunkSender(const std::function<bool(const v1::ExportChunk&)>& send,
              int64_t total)
      : send_(send), total_(total) {}

  // Sends `pieces` (an empty piece still names its file, which must then
  // exist); when `document_done`, the last chunk counts one more document
  // and `annotations` more annotations, and a document that wrote nothing
  // gets a chunk without file name or data that carries only the counts.
  bool Send(const std::vector<dataset::OutputPiece>& pieces, bool document_done,
            int64_t annotations) {
    // Chunks are built one at a time as they are sent, so the output is
    // held once, not twice.
    size_t count = 0;
    for (const auto& piece : pieces) {
      count += std::max<size_t>(
          1, (piece.data.size() + kMaxChunkBytes - 1) / kMaxChunkBytes);
    }
    if (count == 0 && !document_done) return true;
    const int64_t done_before = done_;
    const int64_t annotations_before = annotations_;
    if (document_done) {
      ++done_;
      annotations_ += annotations;
    }
    total_ = std::max(total_, done_);
    size_t sent = 0;
    const auto send = [&](const std::string& file_name,
                          absl::string_view data) {
      v1::ExportChunk chunk;
      chunk.set_file_name(file_name);
      chunk.set_data(std::string(data));
      const bool last = ++sent >= count;
      chunk.set_documents_done(last ? done_ : done_before);
      chunk.set_documents_total(total_);
      chunk.set_annotations_done(last ? annotations_ : annotations_before);
      return send_(chunk);
    };
    if (count == 0) return send("", "");
    for (const auto& piece : pieces) {
      const absl::string_view data = piece.data;
      size_t at = 0;
      do {
        if (!send(piece.file_name, data.substr(at, kMaxChunkBytes))) {
          return false;
        }
        at += kMaxChunkBytes;
      } while (at < data.size());
    }
    return true;
  }

 private:
  const std::function<bool(const v1::ExportChunk&)>& send_;
  int64_t total_;
  int64_t done_ = 0;
  int64_t annotations_ = 0;
};

// Suggestions of one document someone rejected (for an ANNOTATOR: the
// caller), by resource name, from the audit log's "reject" entries.
absl::StatusOr<absl::flat_hash_set<std::string>> RejectedSuggestions(
    Store* store, const Principal& caller, const std::string& project,
    const std::string& document) {
  const bool anyone = caller.role() != v1::ANNOTATOR;
  absl::flat_hash_set<std::string> out;
  std::string token;
  do {
    auto page = store->ListAudit(
        project, document,
        [&](const v1::AuditEntry& e) {
          return e.action() == "reject" &&
                 (anyone || e.actor() == caller.annotator_id());
        },
        kAnnotationPage, token);
    if (!page.ok()) return page.status();
    for (const auto& e : page->items) out.insert(e.resource());
    token = std::move(page->next_page_token);
  } while (!token.empty());
  return out;
}

absl::StatusOr<std::vector<v1::Annotation>> ReadAnnotations(
    Store* store, const Principal& caller, const v1::ExportRequest& r,
    const Plan& plan, const std::string& document) {
  absl::flat_hash_set<std::string> rejected;
  if (!r.include_rejected() && (r.kind() == v1::ANNOTATION_KIND_UNSPECIFIED ||
                                r.kind() == v1::AUTOMATIC)) {
    auto found = RejectedSuggestions(store, caller, plan.project, document);
    if (!found.ok()) return found.status();
    rejected = *std::move(found);
  }
  AnnotationFilter filter;
  filter.kind = r.kind();
  filter.author = r.author();
  filter.include_deleted = r.include_deleted();
  filter.visible = [&](const v1::Annotation& a) {
    return CanRead(caller, a) &&
           (plan.labels.empty() || plan.labels.contains(a.label())) &&
           !(a.kind() == v1::AUTOMATIC && rejected.contains(a.name()));
  };
  std::vector<v1::Annotation> out;
  std::string token;
  do {
    auto page = store->ListAnnotations(plan.project, document, filter,
                                       kAnnotationPage, token);
    if (!page.ok()) return page.status();
    for (auto& a : page->items) out.push_back(std::move(a));
    token = std::move(page->next_page_token);
  } while (!token.empty());
  return out;
}

}  // namespace

absl::Status ExportApi::Export(
    const Principal& caller, const v1::ExportRequest& r,
    const std::function<bool(const v1::ExportChunk&)>& send) {
  auto plan = Check(store_, caller, r);
  if (!plan.ok()) return plan.status();
  dataset::ExportOptions options;
  options.schema = plan->schema;
  options.include_deleted = r.include_deleted();
  options.labelstudio_offsets = plan->unit;
  std::unique_ptr<dataset::FormatWriter> writer =
      dataset::NewFormatWriter(plan->format, options);
  ChunkSender sender(send, plan->total);
  const absl::Status gone =
      absl::CancelledError("the client stopped reading the export");

  if (!sender.Send(writer->Begin(), false, 0)) return gone;
  // Exports one document; false when the client has gone.
  const auto export_document =
      [&](const std::string& id) -> absl::StatusOr<bool> {
    auto doc = store_->GetDocument(plan->project, id);
    if (!doc.ok()) return doc.status();
    auto annotations = ReadAnnotations(store_, caller, r, *plan, id);
    if (!annotations.ok()) return annotations.status();
    const int64_t count = static_cast<int64_t>(annotations->size());
    return sender.Send(writer->Document(*doc, *std::move(annotations)), true,
                       count);
  };
  if (!plan->document_ids.empty()) {
    for (const std::string& id : plan->document_ids) {
      auto sent = export_document(id);
      if (!sent.ok()) return sent.status();
      if (!*sent) return gone;
    }
  } else {
    std::string token;
    do {
      auto page = store_->ListDocuments(plan->project, kDocumentIdPage, token,
                                        /*include_text=*/false);
      if (!page.ok()) return page.status();
      for (const v1::Document& d : page->items) {
        auto sent = export_document(d.document_id());
        if (!sent.ok()) return sent.status();
        if (!*sent) return gone;
      }
      token = std::move(page->next_page_token);
    } while (!token.empty());
  }
  if (!sender.Send(writer->End(), false, 0)) return gone;
  return absl::OkStatus();
}

}  // namespace spanlab
