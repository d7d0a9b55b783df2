// RocksDbStore's transactions: a document's read-modify-write under its
// stripe lock, and a project's assignments under the project's lock.
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "rocksdb/write_batch.h"
#include "storage/assignment_index.h"
#include "storage/key_encoding.h"
#include "storage/keys.h"
#include "storage/layer_entry.h"
#include "storage/proto_wire.h"
#include "storage/rocksdb_status.h"
#include "storage/rocksdb_store.h"

namespace spanlab {

std::string LayerAuthor(const v1::Annotation& a) {
  return a.kind() == v1::GOLD ? std::string() : a.author();
}

// Holds the document's stripe lock for its whole life.
class RocksDbStore::Transaction final : public DocumentTransaction {
 public:
  Transaction(RocksDbStore* store, absl::Mutex* mu, std::string project,
              std::shared_ptr<const v1::Document> document)
      : store_(store),
        lock_(mu),
        project_(std::move(project)),
        document_(std::move(document)) {}

  const v1::Document& document() const override { return *document_; }
  std::shared_ptr<const v1::Document> shared_document() const override {
    return document_;
  }

  absl::StatusOr<std::vector<v1::Annotation>> ReadLayer(
      v1::AnnotationKind kind, absl::string_view layer_author,
      bool include_deleted) override {
    AnnotationFilter filter;
    filter.kind = kind;
    filter.author = std::string(layer_author);
    filter.include_deleted = include_deleted;
    std::vector<v1::Annotation> out;
    std::string token;
    do {
      auto page = store_->ListAnnotations(project_, document_->document_id(),
                                          filter, 1000, token);
      if (!page.ok()) return page.status();
      for (auto& a : page->items) out.push_back(std::move(a));
      token = std::move(page->next_page_token);
    } while (!token.empty());
    return out;
  }

  absl::StatusOr<std::vector<IndexedSpan>> ReadLayerSpans(
      v1::AnnotationKind kind, absl::string_view layer_author) override {
    const std::string& doc = document_->document_id();
    const std::string prefix =
        keys::LayerPrefix(project_, doc, kind, layer_author);
    std::vector<IndexedSpan> out;
    absl::Status s = store_->ScanAll(
        kIndexes, prefix,
        [&](absl::string_view key, absl::string_view value) -> absl::Status {
          IndexedSpan span;
          KeyReader reader(key.substr(prefix.size()));
          if (!reader.ReadUint64(&span.id).ok() || !reader.done()) {
            return CorruptRecord("a layer index entry of document", doc);
          }
          if (value.empty()) {
            // Written before index entries held spans: read the record.
            auto a = store_->GetAnnotation(project_, doc, span.id);
            if (absl::IsNotFound(a.status())) {
              return MissingTarget(
                  "the layer index",
                  absl::StrCat("annotation ",
                               absl::Hex(span.id, absl::kZeroPad16),
                               " of document \"", doc, "\""));
            }
            if (!a.ok()) return a.status();
            span.start = a->start();
            span.end = a->end();
            span.label = a->label();
            span.deleted = a->deleted();
          } else if (!DecodeLayerEntry(value, &span)) {
            return CorruptRecord(
                absl::StrCat("the layer index entry of annotation ",
                             absl::Hex(span.id, absl::kZeroPad16),
                             " of document"),
                doc);
          }
          if (!span.deleted) out.push_back(std::move(span));
          return absl::OkStatus();
        });
    if (!s.ok()) return s;
    return out;
  }

  absl::StatusOr<v1::Annotation> Read(uint64_t id) override {
    return store_->GetAnnotation(project_, document_->document_id(), id);
  }

  // No existence check: NextSequence never repeats within a database.
  absl::StatusOr<uint64_t> NewId() override { return store_->NextSequence(); }

  void Stage(uint64_t id, const v1::Annotation* before,
             const v1::Annotation& after, absl::string_view action,
             absl::string_view actor) override {
    const std::string& doc = document_->document_id();
    // A `before` of another record (an accepted suggestion) only goes into
    // the audit entry: there is no old index entry of `id` to move.
    if (before != nullptr && before->name() == after.name() &&
        (before->kind() != after.kind() ||
         LayerAuthor(*before) != LayerAuthor(after))) {
      batch_.Delete(store_->cf_[kIndexes],
                    keys::LayerEntry(project_, doc, before->kind(),
                                     LayerAuthor(*before), id));
    }
    const std::string record = after.SerializeAsString();
    batch_.Put(store_->cf_[kAnnotations], keys::Annotation(project_, doc, id),
               record);
    batch_.Put(
        store_->cf_[kIndexes],
        keys::LayerEntry(project_, doc, after.kind(), LayerAuthor(after), id),
        EncodeLayerEntry(after));
    v1::AuditEntry entry;
    entry.set_actor(std::string(actor));
    entry.set_action(std::string(action));
    entry.set_resource(after.name());
    std::string tail;
    if (before != nullptr) {
      AppendMessageField(v1::AuditEntry::kBeforeFieldNumber,
                         before->SerializeAsString(), &tail);
    }
    AppendMessageField(v1::AuditEntry::kAfterFieldNumber, record, &tail);
    store_->StageAuditEntry(&batch_, project_, doc, std::move(entry), tail);
    ++staged_;
  }

  absl::StatusOr<DecisionMap> ReadDecisions(
      absl::string_view annotator) override {
    return store_->ReadDecisions(project_, document_->document_id(), annotator);
  }

  void StageDecision(absl::string_view annotator, uint64_t suggestion_id,
                     SuggestionDecision decision) override {
    const char value = static_cast<char>(decision);
    batch_.Put(store_->cf_[kIndexes],
               keys::Decision(project_, document_->document_id(), annotator,
                              suggestion_id),
               rocksdb::Slice(&value, 1));
    ++staged_;
  }

  void StageAudit(v1::AuditEntry entry) override {
    store_->StageAuditEntry(&batch_, project_, document_->document_id(),
                            std::move(entry));
    ++staged_;
  }

  absl::StatusOr<std::vector<std::pair<std::string, v1::ItemResolution>>>
  ReadResolutions() override {
    std::vector<std::pair<std::string, v1::ItemResolution>> out;
    const std::string prefix =
        keys::ResolutionPrefix(project_, document_->document_id());
    absl::Status scanned = store_->ScanAll(
        kIndexes, prefix,
        [&](absl::string_view key, absl::string_view value) -> absl::Status {
          KeyReader reader(key.substr(prefix.size()));
          std::string item_id;
          if (!reader.ReadString(&item_id).ok() || !reader.done()) {
            return CorruptRecord("a resolution key of document",
                                 document_->document_id());
          }
          v1::ItemResolution r;
          absl::Status s =
              ParseRecord(value, &r, "the resolution of item", item_id);
          if (!s.ok()) return s;
          out.emplace_back(std::move(item_id), std::move(r));
          return absl::OkStatus();
        });
    if (!scanned.ok()) return scanned;
    return out;
  }

  void StageResolution(absl::string_view item_id,
                       const v1::ItemResolution& resolution) override {
    batch_.Put(store_->cf_[kIndexes],
               keys::Resolution(project_, document_->document_id(), item_id),
               resolution.SerializeAsString());
    ++staged_;
  }

  void StageResolutionRemoval(absl::string_view item_id) override {
    batch_.Delete(
        store_->cf_[kIndexes],
        keys::Resolution(project_, document_->document_id(), item_id));
    ++staged_;
  }

  size_t staged() const override { return staged_; }

  absl::Status Commit() override { return store_->Write(&batch_); }

 private:
  RocksDbStore* store_;
  absl::MutexLock lock_;
  std::string project_;
  // Shared with the store's cache: documents never change.
  std::shared_ptr<const v1::Document> document_;
  rocksdb::WriteBatch batch_;
  size_t staged_ = 0;
};

// Holds the project's lock for its whole life.
class RocksDbStore::Assignments final : public AssignmentTransaction {
 public:
  Assignments(RocksDbStore* store, absl::Mutex* mu, std::string project)
      : store_(store), lock_(mu), project_(std::move(project)) {}

  absl::Status ForEach(
      const std::function<bool(
          absl::string_view, const v1::DocumentAssignment&)>& visit) override {
    const std::string prefix = keys::AssignmentPrefix(project_);
    const std::string upper = PrefixSuccessor(prefix);
    rocksdb::Slice upper_slice(upper);
    rocksdb::ReadOptions ro;
    ro.iterate_upper_bound = &upper_slice;
    std::unique_ptr<rocksdb::Iterator> it(
        store_->db_->NewIterator(ro, store_->cf_[kAssignments]));
    v1::DocumentAssignment a;
    std::string document_id;
    for (it->Seek(prefix); it->Valid(); it->Next()) {
      KeyReader reader(absl::string_view(it->key().data(), it->key().size())
                           .substr(prefix.size()));
      if (!reader.ReadString(&document_id).ok() || !reader.done()) {
        return CorruptRecord("an assignment key of project", project_);
      }
      absl::Status s =
          ParseRecord(absl::string_view(it->value().data(), it->value().size()),
                      &a, "the assignment record of document", document_id);
      if (!s.ok()) return s;
      if (!visit(document_id, a)) break;
    }
    return FromRocks(it->status(), "scanning assignments");
  }

  absl::Status ForEachOpenTo(
      absl::string_view annotator, int overlap,
      const std::function<bool(
          absl::string_view, const v1::DocumentAssignment&)>& visit) override {
    auto index = Index();
    if (!index.ok()) return index.status();
    absl::Status status;
    std::string stale;
    (*index)->ForEachOpenTo(
        annotator, overlap,
        [&](absl::string_view document_id, int finished, int active) {
          auto a = Get(document_id);
          if (absl::IsNotFound(a.status()) ||
              (a.ok() && (a->finished_size() != finished ||
                          a->active_size() != active))) {
            stale = std::string(document_id);
            return false;
          }
          if (!a.ok()) {
            status = a.status();
            return false;
          }
          return visit(document_id, *a);
        });
    if (!stale.empty()) {
      // Only a bug, or a write reported failed that was stored, could do
      // this. Dropped here, once the walk over the index is over; the
      // next call rebuilds it from the records.
      store_->DropAssignmentIndex(project_);
      index_.reset();
      return absl::AbortedError(
          absl::StrCat("the assignment order of project \"", project_,
                       "\" was out of date for document \"", stale,
                       "\"; it has been rebuilt from the records, retry"));
    }
    return status;
  }

  absl::StatusOr<AssignmentCounts> CountsOf(
      absl::string_view annotator) override {
    auto index = Index();
    if (!index.ok()) return index.status();
    return (*index)->For(annotator);
  }

  absl::StatusOr<AssignmentSummary> Summarize(int overlap) override {
    auto index = Index();
    if (!index.ok()) return index.status();
    return (*index)->Summarize(overlap);
  }

  absl::StatusOr<v1::DocumentAssignment> Get(
      absl::string_view document_id) override {
    // The project's lock keeps the records as they were read (Commit
    // updates what it wrote); Commit needs them again to tell the index
    // what each Put changed.
    if (auto it = read_.find(document_id); it != read_.end()) {
      return it->second;
    }
    v1::DocumentAssignment a;
    absl::Status s = store_->ReadProto(
        kAssignments, keys::Assignment(project_, document_id), &a,
        absl::StrCat("document \"", document_id, "\" of project \"", project_,
                     "\""));
    if (!s.ok()) return s;
    read_.emplace(std::string(document_id), a);
    return a;
  }

  absl::StatusOr<std::string> Current(absl::string_view annotator) override {
    std::string document_id;
    rocksdb::Status s = store_->db_->Get(
        rocksdb::ReadOptions(), store_->cf_[kAssignments],
        keys::CurrentAssignment(project_, annotator), &document_id);
    if (s.IsNotFound()) return std::string();
    if (!s.ok()) return FromRocks(s, "reading current assignment");
    return document_id;
  }

  void Put(absl::string_view document_id,
           const v1::DocumentAssignment& assignment) override {
    batch_.Put(store_->cf_[kAssignments],
               keys::Assignment(project_, document_id),
               assignment.SerializeAsString());
    put_[std::string(document_id)] = assignment;
  }

  void SetCurrent(absl::string_view annotator,
                  absl::string_view document_id) override {
    const std::string key = keys::CurrentAssignment(project_, annotator);
    if (document_id.empty()) {
      batch_.Delete(store_->cf_[kAssignments], key);
    } else {
      batch_.Put(store_->cf_[kAssignments], key,
                 rocksdb::Slice(document_id.data(), document_id.size()));
    }
  }

  void StageAudit(absl::string_view document_id,
                  v1::AuditEntry entry) override {
    store_->StageAuditEntry(&batch_, project_, document_id, std::move(entry));
  }

  absl::Status Commit() override {
    // The index learns each document's change once it is stored, which
    // takes the document's state before this transaction.
    std::shared_ptr<AssignmentIndex> index =
        index_ != nullptr ? index_ : store_->FindAssignmentIndex(project_);
    std::vector<std::optional<v1::DocumentAssignment>> before;
    if (index != nullptr) {
      for (const auto& [document_id, after] : put_) {
        auto a = Get(document_id);
        if (!a.ok() && !absl::IsNotFound(a.status())) {
          // The write need not fail for want of the index: rebuild it.
          store_->DropAssignmentIndex(project_);
          index = nullptr;
          index_.reset();
          break;
        }
        before.push_back(a.ok() ? std::optional(*std::move(a)) : std::nullopt);
      }
    }
    absl::Status s = store_->Write(&batch_);
    if (!s.ok()) {
      if (index != nullptr) store_->DropAssignmentIndex(project_);
      index_.reset();
      read_.clear();  // what is stored is not known
      return s;
    }
    if (index != nullptr) {
      size_t i = 0;
      for (const auto& [document_id, after] : put_) {
        const auto& b = before[i++];
        if (!index->Update(document_id, b.has_value() ? &*b : nullptr, after)) {
          store_->DropAssignmentIndex(project_);
          index_.reset();
          break;
        }
        if (!b.has_value()) store_->AssignmentIndexGrew(project_);
      }
    }
    // What is stored now, should the session go on.
    for (auto& [document_id, after] : put_) {
      read_[document_id] = std::move(after);
    }
    put_.clear();
    batch_.Clear();
    return s;
  }

 private:
  // The project's index, built from every assignment record if the store
  // has none yet. Shared, so that it outlives its eviction by another
  // project's session while this one uses it.
  absl::StatusOr<std::shared_ptr<AssignmentIndex>> Index() {
    if (index_ != nullptr) return index_;
    if ((index_ = store_->FindAssignmentIndex(project_))) return index_;
    auto index = std::make_unique<AssignmentIndex>();
    bool consistent = true;
    absl::Status s = ForEach(
        [&](absl::string_view document_id, const v1::DocumentAssignment& a) {
          consistent = index->Update(document_id, nullptr, a);
          return consistent;
        });
    if (!s.ok()) return s;
    if (!consistent) {
      return absl::DataLossError(
          absl::StrCat("storage: assignments of project \"", project_,
                       "\" list a document twice"));
    }
    index_ = store_->AddAssignmentIndex(project_, std::move(index));
    return index_;
  }

  RocksDbStore* store_;
  absl::MutexLock lock_;
  std::string project_;
  rocksdb::WriteBatch batch_;
  // What Put staged, by document; the last Put of a document wins.
  std::map<std::string, v1::DocumentAssignment> put_;
  // What Get read, as stored (Commit brings it up to date).
  std::map<std::string, v1::DocumentAssignment, std::less<>> read_;
  // The index this session used, kept so that an eviction by another
  // project's session does not make it build the index again.
  std::shared_ptr<AssignmentIndex> index_;
};

absl::StatusOr<std::unique_ptr<DocumentTransaction>>
RocksDbStore::BeginDocument(absl::string_view project_id,
                            absl::string_view document_id) {
  auto doc = ReadDocument(project_id, document_id);
  if (!doc.ok()) return doc.status();
  return std::unique_ptr<DocumentTransaction>(
      new Transaction(this, &DocLock(project_id, document_id),
                      std::string(project_id), *std::move(doc)));
}

absl::StatusOr<std::unique_ptr<AssignmentTransaction>>
RocksDbStore::BeginAssignments(absl::string_view project_id) {
  auto project = GetProject(project_id);
  if (!project.ok()) return project.status();
  return std::unique_ptr<AssignmentTransaction>(
      new Assignments(this, &ProjectLock(project_id), std::string(project_id)));
}
}  // namespace spanlab
