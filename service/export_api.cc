// ExportApi::Export: checks the request, then streams one document at a
// time through the format writer.
#include "service/export_api.h"

#include <algorithm>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "service/export/dataset.h"
#include "service/export_formats.h"
#include "service/names.h"
#include "service/permissions.h"

namespace spanlab {
namespace {

// Largest `data` of one ExportChunk (the proto promises it): small enough
// for any client's default message limit (gRPC's is 4 MiB) and well under
// the server's smallest --max_message_bytes (server_limits.h).
constexpr size_t kMaxChunkBytes = 1 << 20;
// Held output of one file is sent once it reaches this size: enough to
// make per-message costs negligible, small enough to keep progress and
// memory fine-grained.
constexpr size_t kChunkBytes = 256 << 10;
// ... or once this many documents were counted since the last chunk.
constexpr int64_t kMaxDocumentsPerChunk = 100;
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
  plan.schema = (*record)->schema();
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
                   ? (*record)->document_count()
                   : static_cast<int64_t>(plan.document_ids.size());
  return plan;
}

// Packs the output into chunks and sends them with the progress counters.
// Consecutive output of one file is held and sent in chunks of about
// kChunkBytes rather than one message per document: per-message costs
// dominated exports of many small documents.
class ChunkSender {
 public:
  ChunkSender(const std::function<bool(const v1::ExportChunk&)>& send,
              int64_t total)
      : send_(send), total_(total) {}

  // Adds `pieces` to the output (an empty piece still names its file,
  // which must then exist); when `document_done`, counts one more document
  // and `annotations` more annotations. Sends whatever is complete; false
  // once the client has gone.
  bool Add(const std::vector<dataset::OutputPiece>& pieces, bool document_done,
           int64_t annotations) {
    for (const auto& piece : pieces) {
      if (held_ && chunk_.file_name() != piece.file_name && !Flush()) {
        return false;
      }
      absl::string_view data = piece.data;
      while (true) {
        if (!held_) {
          chunk_.set_file_name(piece.file_name);
          held_ = true;
        }
        const size_t room = kMaxChunkBytes - chunk_.data().size();
        if (data.size() <= room) {
          chunk_.mutable_data()->append(data.data(), data.size());
          break;
        }
        chunk_.mutable_data()->append(data.data(), room);
        data.remove_prefix(room);
        if (!Flush()) return false;
      }
    }
    if (document_done) {
      ++done_;
      annotations_ += annotations;
      ++documents_since_sent_;
      total_ = std::max(total_, done_);
    }
    // Documents that write nothing (a CSV document without spans) still
    // move the progress counters now and then.
    if (chunk_.data().size() >= kChunkBytes ||
        documents_since_sent_ >= kMaxDocumentsPerChunk) {
      return Flush();
    }
    return true;
  }

  // Sends what is held; the last chunk carries the final counts.
  bool Finish() {
    if (held_ || documents_since_sent_ > 0) return Flush();
    return true;
  }

 private:
  // Sends the held output with the counters as they are now: documents
  // counted are complete in this chunk or earlier ones. With nothing held
  // the chunk has neither file name nor data and reports progress only.
  bool Flush() {
    chunk_.set_documents_done(done_);
    chunk_.set_documents_total(total_);
    chunk_.set_annotations_done(annotations_);
    const bool sent = send_(chunk_);
    // clear() keeps the buffer's capacity for the next chunk.
    chunk_.mutable_file_name()->clear();
    chunk_.mutable_data()->clear();
    held_ = false;
    documents_since_sent_ = 0;
    return sent;
  }

  const std::function<bool(const v1::ExportChunk&)>& send_;
  int64_t total_;
  int64_t done_ = 0;
  int64_t annotations_ = 0;
  int64_t documents_since_sent_ = 0;
  // Whether chunk_ holds output not yet sent (possibly an empty file).
  bool held_ = false;
  v1::ExportChunk chunk_;
};

// Suggestions of one document someone rejected (for an ANNOTATOR: the
// caller), by resource name. An annotator decides on a suggestion once, and
// the decision record is written with the "reject" audit entry, so the
// records say what the audit log does without reading every entry of it.
absl::StatusOr<absl::flat_hash_set<std::string>> RejectedSuggestions(
    Store* store, const Principal& caller, const std::string& project,
    const std::string& document) {
  absl::flat_hash_set<std::string> out;
  const auto add = [&](const DecisionMap& decisions) {
    for (const auto& [id, decision] : decisions) {
      if (decision == SuggestionDecision::kRejected) {
        out.insert(AnnotationName(project, document, id));
      }
    }
  };
  if (caller.role() == v1::ANNOTATOR) {
    auto mine = store->ReadDecisions(project, document, caller.annotator_id());
    if (!mine.ok()) return mine.status();
    add(*mine);
  } else {
    auto all = store->ReadAllDecisions(project, document);
    if (!all.ok()) return all.status();
    for (const auto& [annotator, decisions] : *all) add(decisions);
  }
  return out;
}

absl::StatusOr<std::vector<v1::Annotation>> ReadAnnotations(
    Store* store, const Principal& caller, const v1::ExportRequest& r,
    const Plan& plan, const std::string& document) {
  AnnotationFilter filter;
  filter.kind = r.kind();
  filter.author = r.author();
  filter.include_deleted = r.include_deleted();
  filter.visible = [&](const v1::Annotation& a) {
    return CanRead(caller, a) &&
           (plan.labels.empty() || plan.labels.contains(a.label()));
  };
  std::vector<v1::Annotation> out;
  std::string token;
  do {
    auto page = store->ListAnnotations(plan.project, document, filter,
                                       kAnnotationPage, token);
    if (!page.ok()) return page.status();
    if (out.empty()) {
      out = std::move(page->items);
    } else {
      for (auto& a : page->items) out.push_back(std::move(a));
    }
    token = std::move(page->next_page_token);
  } while (!token.empty());
  // Only suggestions can be rejected: the decisions of a document without
  // any (every document of a project without a model) are not read.
  const auto suggestion = [](const v1::Annotation& a) {
    return a.kind() == v1::AUTOMATIC;
  };
  if (!r.include_rejected() &&
      std::any_of(out.begin(), out.end(), suggestion)) {
    auto rejected = RejectedSuggestions(store, caller, plan.project, document);
    if (!rejected.ok()) return rejected.status();
    out.erase(std::remove_if(out.begin(), out.end(),
                             [&](const v1::Annotation& a) {
                               return suggestion(a) &&
                                      rejected->contains(a.name());
                             }),
              out.end());
  }
  return out;
}

// One document of an export with the annotations it writes.
struct ExportDocument {
  v1::Document document;
  std::vector<v1::Annotation> annotations;
};

// Reads an export's documents on a thread of its own, one document ahead of
// the caller: reading and parsing the records is most of an export's work,
// and this way it overlaps with formatting and sending the document
// before. Holds at most one document besides the caller's.
class ReadAhead {
 public:
  // The next document, kEnd after the last, or the error that ends the
  // export.
  using Result = absl::StatusOr<std::optional<ExportDocument>>;
  static constexpr std::nullopt_t kEnd = std::nullopt;

  // `read` is called on the thread, one call at a time, until it returns
  // kEnd or an error.
  explicit ReadAhead(std::function<Result()> read)
      : read_(std::move(read)), thread_([this] { Run(); }) {}

  // Waits for a `read` under way to return; stops the thread.
  ~ReadAhead() {
    {
      absl::MutexLock lock(&mu_);
      stopped_ = true;
    }
    thread_.join();
  }

  ReadAhead(const ReadAhead&) = delete;
  ReadAhead& operator=(const ReadAhead&) = delete;

  // What `read` returned next. Not to be called again after kEnd or an
  // error.
  Result Next() {
    absl::MutexLock lock(&mu_);
    mu_.Await(absl::Condition(this, &ReadAhead::HasNext));
    Result out = *std::move(next_);
    next_.reset();
    return out;
  }

 private:
  bool HasNext() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return next_.has_value();
  }
  bool CanHandOver() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return !next_.has_value() || stopped_;
  }

  void Run() {
    for (bool last = false; !last;) {
      Result result = Read();
      last = !result.ok() || !result->has_value();
      absl::MutexLock lock(&mu_);
      mu_.Await(absl::Condition(this, &ReadAhead::CanHandOver));
      if (stopped_) return;
      next_ = std::move(result);
    }
  }

  // `read_`, with an exception (out of memory) as an error: on this thread
  // it would otherwise end the process.
  Result Read() {
    try {
      return read_();
    } catch (const std::exception& e) {
      return absl::InternalError(
          absl::StrCat("reading the export failed: ", e.what()));
    }
  }

  const std::function<Result()> read_;
  absl::Mutex mu_;
  // Read, not yet taken by Next.
  std::optional<Result> next_ ABSL_GUARDED_BY(mu_);
  bool stopped_ ABSL_GUARDED_BY(mu_) = false;
  // Last: starts once everything it uses is there.
  std::thread thread_;
};

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

  if (!sender.Add(writer->Begin(), false, 0)) return gone;
  // The listed documents in order, or every document of the project: one
  // per page, with its text, so that each text is read and parsed once (a
  // listing without texts parses them too; listing ids, then reading each
  // document parsed every text twice).
  size_t listed = 0;
  std::string token;
  bool last_page = false;
  const auto read = [&]() -> ReadAhead::Result {
    v1::Document doc;
    if (!plan->document_ids.empty()) {
      if (listed == plan->document_ids.size()) return ReadAhead::kEnd;
      auto got =
          store_->GetDocument(plan->project, plan->document_ids[listed++]);
      if (!got.ok()) return got.status();
      doc = *std::move(got);
    } else {
      if (last_page) return ReadAhead::kEnd;
      auto page = store_->ListDocuments(plan->project, /*page_size=*/1, token,
                                        /*include_text=*/true);
      if (!page.ok()) return page.status();
      token = std::move(page->next_page_token);
      last_page = token.empty();
      if (page->items.empty()) return ReadAhead::kEnd;
      doc = std::move(page->items.front());
    }
    auto annotations =
        ReadAnnotations(store_, caller, r, *plan, doc.document_id());
    if (!annotations.ok()) return annotations.status();
    return ExportDocument{std::move(doc), *std::move(annotations)};
  };
  ReadAhead ahead(read);
  while (true) {
    ReadAhead::Result next = ahead.Next();
    if (!next.ok()) return next.status();
    if (!next->has_value()) break;
    ExportDocument& d = **next;
    const int64_t count = static_cast<int64_t>(d.annotations.size());
    if (!sender.Add(writer->Document(d.document, std::move(d.annotations)),
                    true, count)) {
      return gone;
    }
  }
  if (!sender.Add(writer->End(), false, 0) || !sender.Finish()) return gone;
  return absl::OkStatus();
}

}  // namespace spanlab
