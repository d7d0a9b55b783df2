#include "storage/rocksdb_store.h"

#include <chrono>
#include <limits>
#include <utility>

#include "absl/hash/hash.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/util/time_util.h"
#include "rocksdb/filter_policy.h"
#include "rocksdb/table.h"
#include "rocksdb/write_batch.h"
#include "rocksdb/write_buffer_manager.h"
#include "storage/key_encoding.h"
#include "storage/keys.h"
#include "storage/layer_entry.h"
#include "storage/proto_wire.h"
#include "storage/sequence_floor.h"

namespace spanlab {
namespace {

using google::protobuf::util::TimeUtil;

constexpr const char* kCfNames[] = {
    "projects", "documents",   "annotations", "indexes",
    "audit",    "assignments", "credentials",
};

absl::Status FromRocks(const rocksdb::Status& s, absl::string_view what) {
  if (s.ok()) return absl::OkStatus();
  const std::string msg = absl::StrCat("storage: ", what, ": ", s.ToString());
  if (s.IsBusy() || s.IsTimedOut() || s.IsTryAgain() || s.IsIOError()) {
    return absl::UnavailableError(msg);
  }
  return absl::InternalError(msg);
}

// A page token is the last key returned behind one byte naming its column
// family: the project listing scans with an empty prefix, so without the tag
// it would accept (and misread) a token of any other listing.
std::string EncodeToken(int cf, absl::string_view key) {
  return absl::WebSafeBase64Escape(
      absl::StrCat(std::string(1, static_cast<char>(cf)), key));
}

absl::StatusOr<std::string> DecodeToken(int cf, absl::string_view token,
                                        absl::string_view prefix) {
  std::string key;
  if (!absl::WebSafeBase64Unescape(token, &key) || key.empty() ||
      key[0] != static_cast<char>(cf) ||
      !absl::StartsWith(absl::string_view(key).substr(1), prefix) ||
      key.size() == prefix.size() + 1) {
    return absl::InvalidArgumentError(
        "page_token: not a page token of this listing (tokens are only valid "
        "with the same parent and filters)");
  }
  return key.substr(1);
}

// An iterator over the keys of a column family under `prefix`, positioned
// at the page token's key (which the previous page ended on, so it is
// skipped) or at the first key. Must not move: the iterator points at
// `upper_slice`.
struct PageScan {
  std::string start;
  bool skip_start = false;
  std::string upper;
  rocksdb::Slice upper_slice;
  std::unique_ptr<rocksdb::Iterator> it;

  PageScan() = default;
  PageScan(const PageScan&) = delete;
  PageScan& operator=(const PageScan&) = delete;

  absl::Status Open(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* handle,
                    int cf, const std::string& prefix,
                    absl::string_view page_token) {
    start = prefix;
    if (!page_token.empty()) {
      auto key = DecodeToken(cf, page_token, prefix);
      if (!key.ok()) return key.status();
      start = *std::move(key);
      skip_start = true;
    }
    upper = PrefixSuccessor(prefix);
    upper_slice = rocksdb::Slice(upper);
    rocksdb::ReadOptions ro;
    if (!upper.empty()) ro.iterate_upper_bound = &upper_slice;
    it.reset(db->NewIterator(ro, handle));
    it->Seek(start);
    return absl::OkStatus();
  }

  bool Skip(const rocksdb::Slice& key) const {
    return skip_start && key == rocksdb::Slice(start);
  }
};

}  // namespace

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
          absl::Status s = reader.ReadUint64(&span.id);
          if (!s.ok()) return s;
          if (value.empty()) {
            // Written before index entries held spans: read the record.
            auto a = store_->GetAnnotation(project_, doc, span.id);
            if (!a.ok()) return a.status();
            span.start = a->start();
            span.end = a->end();
            span.label = a->label();
            span.deleted = a->deleted();
          } else if (!DecodeLayerEntry(value, &span)) {
            return absl::DataLossError(
                absl::StrCat("storage: layer index entry of annotation ",
                             absl::Hex(span.id, absl::kZeroPad16), " corrupt"));
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
          absl::Status s = reader.ReadString(&item_id);
          if (!s.ok()) return s;
          v1::ItemResolution r;
          if (!r.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
            return absl::DataLossError("storage: resolution corrupt");
          }
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

  absl::Status Commit() override {
    if (batch_.Count() == 0) return absl::OkStatus();
    return store_->Write(&batch_);
  }

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
      absl::Status s = reader.ReadString(&document_id);
      if (!s.ok()) return s;
      if (!a.ParseFromArray(it->value().data(),
                            static_cast<int>(it->value().size()))) {
        return absl::DataLossError("storage: assignment corrupt");
      }
      if (!visit(document_id, a)) break;
    }
    return FromRocks(it->status(), "scanning assignments");
  }

  absl::StatusOr<v1::DocumentAssignment> Get(
      absl::string_view document_id) override {
    v1::DocumentAssignment a;
    absl::Status s = store_->ReadProto(
        kAssignments, keys::Assignment(project_, document_id), &a,
        absl::StrCat("document \"", document_id, "\" of project \"", project_,
                     "\""));
    if (!s.ok()) return s;
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
    if (batch_.Count() == 0) return absl::OkStatus();
    return store_->Write(&batch_);
  }

 private:
  RocksDbStore* store_;
  absl::MutexLock lock_;
  std::string project_;
  rocksdb::WriteBatch batch_;
};

absl::StatusOr<std::unique_ptr<RocksDbStore>> RocksDbStore::Open(
    const std::string& path, const RocksDbStoreOptions& options) {
  rocksdb::Options db_options;
  db_options.create_if_missing = true;
  db_options.create_missing_column_families = true;
  db_options.IncreaseParallelism(2);
  if (options.memtable_bytes > 0) {
    db_options.write_buffer_manager =
        std::make_shared<rocksdb::WriteBufferManager>(options.memtable_bytes);
  }
  rocksdb::BlockBasedTableOptions table;
  table.block_cache = rocksdb::NewLRUCache(options.block_cache_bytes);
  // Point reads (an annotation by id, a document, a token) then skip the
  // files that cannot hold the key instead of reading a block of each;
  // without it their cost grows with the number of files.
  table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  rocksdb::ColumnFamilyOptions cf_options(db_options);
  cf_options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  // The sequence floor is raised by merges, so concurrent batches never
  // lower it whatever order they commit in.
  rocksdb::ColumnFamilyOptions index_options = cf_options;
  index_options.merge_operator = NewMaxUint64MergeOperator();

  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  descriptors.emplace_back(rocksdb::kDefaultColumnFamilyName, cf_options);
  for (int cf = 0; cf < static_cast<int>(std::size(kCfNames)); ++cf) {
    descriptors.emplace_back(kCfNames[cf],
                             cf == kIndexes ? index_options : cf_options);
  }

  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s =
      rocksdb::DB::Open(db_options, path, descriptors, &handles, &raw);
  if (!s.ok()) {
    if (s.IsIOError() && absl::StrContains(s.ToString(), "lock")) {
      return absl::UnavailableError(
          absl::StrCat("data directory ", path,
                       " is in use by another process: ", s.ToString()));
    }
    return FromRocks(s, absl::StrCat("opening ", path));
  }
  std::unique_ptr<rocksdb::DB> db(raw);
  // handles[0] is the default family, unused; ours follow in enum order.
  rocksdb::ColumnFamilyHandle* default_cf = handles[0];
  db->DestroyColumnFamilyHandle(default_cf);
  handles.erase(handles.begin());
  std::string floor;
  s = db->Get(rocksdb::ReadOptions(), handles[kIndexes], keys::SequenceFloor(),
              &floor);
  if (!s.ok() && !s.IsNotFound()) {
    for (auto* h : handles) db->DestroyColumnFamilyHandle(h);
    return FromRocks(s, "reading the sequence floor");
  }
  auto store = std::unique_ptr<RocksDbStore>(
      new RocksDbStore(std::move(db), std::move(handles), options));
  if (s.ok()) {
    uint64_t value = 0;
    if (!DecodeSequenceFloor(floor, &value)) {
      return absl::DataLossError("storage: the sequence floor is corrupt");
    }
    store->last_sequence_.store(value);
    store->written_floor_.store(value);
  }
  return store;
}

RocksDbStore::RocksDbStore(std::unique_ptr<rocksdb::DB> db,
                           std::vector<rocksdb::ColumnFamilyHandle*> handles,
                           const RocksDbStoreOptions& options)
    : db_(std::move(db)),
      cf_(std::move(handles)),
      now_micros_(options.now_micros),
      documents_(options.document_cache_bytes) {
  write_options_.sync = options.durability == Durability::kSync;
}

RocksDbStore::~RocksDbStore() {
  for (auto* h : cf_) db_->DestroyColumnFamilyHandle(h);
  db_->Close().PermitUncheckedError();
}

uint64_t RocksDbStore::NextSequence() {
  // Microseconds since the epoch, bumped past the last value handed out, so
  // ids sort by creation time and stay unique within the process; across
  // restarts the clock has moved on.
  const uint64_t now =
      now_micros_ ? now_micros_()
                  : std::chrono::duration_cast<std::chrono::microseconds>(
                        std::chrono::system_clock::now().time_since_epoch())
                        .count();
  uint64_t last = last_sequence_.load(std::memory_order_relaxed);
  uint64_t next;
  do {
    next = now > last ? now : last + 1;
  } while (!last_sequence_.compare_exchange_weak(last, next,
                                                 std::memory_order_relaxed));
  return next;
}

void RocksDbStore::StageAuditEntry(rocksdb::WriteBatch* batch,
                                   absl::string_view project_id,
                                   absl::string_view document_id,
                                   v1::AuditEntry entry,
                                   absl::string_view tail) {
  entry.set_sequence(NextSequence());
  *entry.mutable_time() = TimeUtil::GetCurrentTime();
  const std::string head = entry.SerializeAsString();
  const std::string key =
      keys::Audit(project_id, document_id, entry.sequence());
  const rocksdb::Slice key_part(key);
  const rocksdb::Slice value_parts[] = {
      rocksdb::Slice(head), rocksdb::Slice(tail.data(), tail.size())};
  batch->Put(cf_[kAudit], rocksdb::SliceParts(&key_part, 1),
             rocksdb::SliceParts(value_parts, 2));
}

absl::Mutex& RocksDbStore::ProjectLock(absl::string_view project) {
  return project_locks_[absl::HashOf(project) % std::size(project_locks_)];
}

absl::Mutex& RocksDbStore::DocLock(absl::string_view project,
                                   absl::string_view document) {
  const size_t h = absl::HashOf(project, document);
  return doc_locks_[h % kDocLockStripes];
}

absl::Status RocksDbStore::Write(rocksdb::WriteBatch* batch) {
  // Every number in `batch` was handed out before this point, so it is at
  // most `last`. If an earlier, completed write already stored a floor
  // above that, the log holds it ahead of this batch and nothing more is
  // needed; otherwise the batch raises the floor itself, in the same atomic
  // write, with a reserve so that only about one write a second has to.
  const uint64_t last = last_sequence_.load();
  uint64_t raise_to = 0;
  if (last > written_floor_.load()) {
    raise_to = last + kFloorReserveMicros;
    rocksdb::Status s = batch->Merge(cf_[kIndexes], keys::SequenceFloor(),
                                     EncodeSequenceFloor(raise_to));
    if (!s.ok()) return FromRocks(s, "write");
  }
  absl::Status written = FromRocks(db_->Write(write_options_, batch), "write");
  if (written.ok() && raise_to != 0) {
    uint64_t floor = written_floor_.load();
    while (floor < raise_to &&
           !written_floor_.compare_exchange_weak(floor, raise_to)) {
    }
  }
  return written;
}

absl::Status RocksDbStore::ScanAll(
    Cf cf, const std::string& prefix,
    const std::function<absl::Status(absl::string_view key,
                                     absl::string_view value)>& visit) {
  std::string token;
  do {
    auto next = Scan(cf, prefix, token, 1000,
                     [&](absl::string_view key,
                         absl::string_view value) -> absl::StatusOr<bool> {
                       absl::Status s = visit(key, value);
                       if (!s.ok()) return s;
                       return true;
                     });
    if (!next.ok()) return next.status();
    token = *std::move(next);
  } while (!token.empty());
  return absl::OkStatus();
}

absl::Status RocksDbStore::ReadProto(Cf cf, const std::string& key,
                                     google::protobuf::Message* msg,
                                     absl::string_view what) {
  rocksdb::PinnableSlice value;
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), cf_[cf], key, &value);
  if (s.IsNotFound())
    return absl::NotFoundError(absl::StrCat(what, " not found"));
  if (!s.ok()) return FromRocks(s, absl::StrCat("reading ", what));
  if (!msg->ParseFromArray(value.data(), static_cast<int>(value.size()))) {
    return absl::DataLossError(absl::StrCat("storage: ", what, " is corrupt"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> RocksDbStore::Scan(
    Cf cf, const std::string& prefix, absl::string_view page_token,
    int page_size,
    const std::function<absl::StatusOr<bool>(absl::string_view,
                                             absl::string_view)>& visit) {
  PageScan scan;
  absl::Status opened = scan.Open(db_.get(), cf_[cf], cf, prefix, page_token);
  if (!opened.ok()) return opened;
  rocksdb::Iterator* it = scan.it.get();
  int taken = 0;
  std::string last_key;
  for (; it->Valid(); it->Next()) {
    const rocksdb::Slice key = it->key();
    if (!key.starts_with(prefix)) break;
    if (scan.Skip(key)) continue;
    if (taken == page_size) return EncodeToken(cf, last_key);
    auto took =
        visit(absl::string_view(key.data(), key.size()),
              absl::string_view(it->value().data(), it->value().size()));
    if (!took.ok()) return took.status();
    if (*took) {
      ++taken;
      last_key.assign(key.data(), key.size());
    }
  }
  if (!it->status().ok()) return FromRocks(it->status(), "scan");
  return std::string();
}

absl::Status RocksDbStore::CreateProject(const v1::Project& project,
                                         absl::string_view actor) {
  absl::MutexLock lock(&registry_mu_);
  const std::string key = keys::Project(project.project_id());
  std::string ignored;
  rocksdb::Status s =
      db_->Get(rocksdb::ReadOptions(), cf_[kProjects], key, &ignored);
  if (s.ok()) {
    return absl::AlreadyExistsError(
        absl::StrCat("project.project_id: project \"", project.project_id(),
                     "\" already exists"));
  }
  if (!s.IsNotFound()) return FromRocks(s, "reading project");
  rocksdb::WriteBatch batch;
  batch.Put(cf_[kProjects], key, project.SerializeAsString());
  v1::AuditEntry entry;
  entry.set_actor(std::string(actor));
  entry.set_action("create");
  entry.set_resource(project.name());
  entry.set_detail("project created");
  StageAuditEntry(&batch, project.project_id(), "", std::move(entry));
  return Write(&batch);
}

absl::StatusOr<std::shared_ptr<const v1::Project>> RocksDbStore::GetProject(
    absl::string_view project_id) {
  uint64_t writes;
  {
    absl::MutexLock lock(&projects_mu_);
    auto it = projects_.find(project_id);
    if (it != projects_.end()) return it->second;
    writes = project_writes_;
  }
  auto p = std::make_shared<v1::Project>();
  absl::Status s = ReadProto(kProjects, keys::Project(project_id), p.get(),
                             absl::StrCat("project \"", project_id, "\""));
  if (!s.ok()) return s;
  absl::MutexLock lock(&projects_mu_);
  if (project_writes_ == writes) {
    if (projects_.size() >= kMaxCachedProjects) projects_.clear();
    projects_.emplace(project_id, p);
  }
  return p;
}

void RocksDbStore::CacheProject(absl::string_view project_id,
                                std::shared_ptr<const v1::Project> project) {
  absl::MutexLock lock(&projects_mu_);
  ++project_writes_;
  if (project == nullptr) {
    projects_.erase(project_id);
    return;
  }
  if (projects_.size() >= kMaxCachedProjects) projects_.clear();
  projects_[project_id] = std::move(project);
}

absl::StatusOr<Page<v1::Project>> RocksDbStore::ListProjects(
    int page_size, absl::string_view page_token) {
  Page<v1::Project> page;
  auto next = Scan(
      kProjects, "", page_token, page_size,
      [&](absl::string_view, absl::string_view value) -> absl::StatusOr<bool> {
        if (!page.items.emplace_back().ParseFromArray(
                value.data(), static_cast<int>(value.size()))) {
          return absl::DataLossError("storage: project corrupt");
        }
        return true;
      });
  if (!next.ok()) return next.status();
  page.next_page_token = *std::move(next);
  return page;
}

absl::Status RocksDbStore::CreateDocument(absl::string_view project_id,
                                          const v1::Document& document,
                                          absl::string_view actor) {
  absl::MutexLock lock(&ProjectLock(project_id));
  // Read from the table, not the cache: this is a read-modify-write.
  auto project = std::make_shared<v1::Project>();
  absl::Status read =
      ReadProto(kProjects, keys::Project(project_id), project.get(),
                absl::StrCat("project \"", project_id, "\""));
  if (!read.ok()) return read;
  const std::string doc_key =
      keys::Document(project_id, document.document_id());
  std::string existing;
  rocksdb::Status s =
      db_->Get(rocksdb::ReadOptions(), cf_[kDocuments], doc_key, &existing);
  if (s.ok()) {
    return absl::AlreadyExistsError(absl::StrCat(
        "document.document_id: document \"", document.document_id(),
        "\" already exists in project \"", project_id, "\""));
  }
  if (!s.IsNotFound()) return FromRocks(s, "reading document");
  const std::string hash_key =
      keys::ContentHash(project_id, document.content_hash());
  s = db_->Get(rocksdb::ReadOptions(), cf_[kIndexes], hash_key, &existing);
  if (s.ok()) {
    return absl::AlreadyExistsError(absl::StrCat(
        "text: same text (sha256 ", document.content_hash().substr(0, 12),
        "...) is already stored as document \"", existing, "\""));
  }
  if (!s.IsNotFound()) return FromRocks(s, "reading content index");

  project->set_document_count(project->document_count() + 1);
  rocksdb::WriteBatch batch;
  batch.Put(cf_[kDocuments], doc_key, document.SerializeAsString());
  batch.Put(cf_[kIndexes], hash_key, document.document_id());
  batch.Put(cf_[kProjects], keys::Project(project_id),
            project->SerializeAsString());
  v1::AuditEntry entry;
  entry.set_actor(std::string(actor));
  entry.set_action("create");
  entry.set_resource(document.name());
  entry.set_detail("document created");
  StageAuditEntry(&batch, project_id, document.document_id(), std::move(entry));
  // Every document starts with an empty assignment record, so assignment
  // scans need not read document texts.
  v1::DocumentAssignment assignment;
  assignment.set_document(document.name());
  batch.Put(cf_[kAssignments],
            keys::Assignment(project_id, document.document_id()),
            assignment.SerializeAsString());
  absl::Status written = Write(&batch);
  CacheProject(project_id, written.ok() ? std::move(project) : nullptr);
  return written;
}

absl::StatusOr<std::shared_ptr<const v1::Document>> RocksDbStore::ReadDocument(
    absl::string_view project_id, absl::string_view document_id) {
  // Documents never change once stored, so a cached copy is current.
  const std::string key = keys::Document(project_id, document_id);
  if (auto hit = documents_.Get(key)) return hit;
  auto d = std::make_shared<v1::Document>();
  absl::Status s =
      ReadProto(kDocuments, key, d.get(),
                absl::StrCat("document \"", document_id, "\" of project \"",
                             project_id, "\""));
  if (!s.ok()) return s;
  documents_.Put(key, d, d->ByteSizeLong());
  return d;
}

absl::StatusOr<v1::Document> RocksDbStore::GetDocument(
    absl::string_view project_id, absl::string_view document_id) {
  auto d = ReadDocument(project_id, document_id);
  if (!d.ok()) return d.status();
  return **d;
}

absl::StatusOr<Page<v1::Document>> RocksDbStore::ListDocuments(
    absl::string_view project_id, int page_size, absl::string_view page_token,
    bool include_text) {
  Page<v1::Document> page;
  auto next = Scan(
      kDocuments, keys::DocumentPrefix(project_id), page_token, page_size,
      [&](absl::string_view, absl::string_view value) -> absl::StatusOr<bool> {
        v1::Document& d = page.items.emplace_back();
        if (!d.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
          return absl::DataLossError("storage: document corrupt");
        }
        // Frees the text rather than clear() it: a cleared string keeps its
        // capacity, and a page of documents would hold every text's memory.
        if (!include_text) std::string().swap(*d.mutable_text());
        return true;
      });
  if (!next.ok()) return next.status();
  page.next_page_token = *std::move(next);
  return page;
}

absl::StatusOr<Page<std::string>> RocksDbStore::ListDocumentRecords(
    absl::string_view project_id, int page_size, absl::string_view page_token) {
  Page<std::string> page;
  auto next = Scan(
      kDocuments, keys::DocumentPrefix(project_id), page_token, page_size,
      [&](absl::string_view, absl::string_view value) -> absl::StatusOr<bool> {
        page.items.emplace_back(value);
        return true;
      });
  if (!next.ok()) return next.status();
  page.next_page_token = *std::move(next);
  return page;
}

absl::StatusOr<std::unique_ptr<DocumentTransaction>>
RocksDbStore::BeginDocument(absl::string_view project_id,
                            absl::string_view document_id) {
  auto doc = ReadDocument(project_id, document_id);
  if (!doc.ok()) return doc.status();
  return std::unique_ptr<DocumentTransaction>(
      new Transaction(this, &DocLock(project_id, document_id),
                      std::string(project_id), *std::move(doc)));
}

absl::StatusOr<v1::Annotation> RocksDbStore::GetAnnotation(
    absl::string_view project_id, absl::string_view document_id, uint64_t id) {
  v1::Annotation a;
  absl::Status s =
      ReadProto(kAnnotations, keys::Annotation(project_id, document_id, id), &a,
                absl::StrCat("annotation ", absl::Hex(id, absl::kZeroPad16),
                             " of document \"", document_id, "\""));
  if (!s.ok()) return s;
  return a;
}

absl::StatusOr<Page<v1::Annotation>> RocksDbStore::ListAnnotations(
    absl::string_view project_id, absl::string_view document_id,
    const AnnotationFilter& filter, int page_size,
    absl::string_view page_token) {
  Page<v1::Annotation> page;
  const auto keep = [&](v1::Annotation& a) {
    if (a.deleted() && !filter.include_deleted) return false;
    if (filter.kind != v1::ANNOTATION_KIND_UNSPECIFIED &&
        a.kind() != filter.kind) {
      return false;
    }
    if (!filter.author.empty() && a.author() != filter.author) return false;
    if (filter.visible && !filter.visible(a)) return false;
    return true;
  };
  absl::StatusOr<std::string> next;
  if (filter.kind != v1::ANNOTATION_KIND_UNSPECIFIED &&
      (!filter.author.empty() || filter.kind == v1::GOLD)) {
    // One layer: walk its index and fetch each record.
    const std::string layer_author =
        filter.kind == v1::GOLD ? std::string() : filter.author;
    const std::string prefix =
        keys::LayerPrefix(project_id, document_id, filter.kind, layer_author);
    next = ScanLayer(project_id, document_id, prefix, page_token, page_size,
                     [&](v1::Annotation& a) {
                       if (!keep(a)) return false;
                       page.items.push_back(std::move(a));
                       return true;
                     });
  } else {
    next = Scan(
        kAnnotations, keys::AnnotationPrefix(project_id, document_id),
        page_token, page_size,
        [&](absl::string_view,
            absl::string_view value) -> absl::StatusOr<bool> {
          v1::Annotation a;
          if (!a.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
            return absl::DataLossError("storage: annotation corrupt");
          }
          if (!keep(a)) return false;
          page.items.push_back(std::move(a));
          return true;
        });
  }
  if (!next.ok()) return next.status();
  page.next_page_token = *std::move(next);
  return page;
}

absl::StatusOr<std::string> RocksDbStore::ScanLayer(
    absl::string_view project_id, absl::string_view document_id,
    const std::string& prefix, absl::string_view page_token, int page_size,
    const std::function<bool(v1::Annotation&)>& visit) {
  PageScan scan;
  absl::Status opened =
      scan.Open(db_.get(), cf_[kIndexes], kIndexes, prefix, page_token);
  if (!opened.ok()) return opened;
  rocksdb::Iterator* it = scan.it.get();
  // One more than a page, so a full page knows whether another follows.
  const size_t batch =
      std::min(static_cast<size_t>(page_size) + 1, kLayerBatch);
  std::vector<std::string> index_keys, record_keys;
  std::vector<uint64_t> ids;
  int taken = 0;
  std::string last_key;
  while (true) {
    index_keys.clear();
    record_keys.clear();
    ids.clear();
    for (; it->Valid() && index_keys.size() < batch; it->Next()) {
      const rocksdb::Slice key = it->key();
      if (!key.starts_with(prefix)) break;
      if (scan.Skip(key)) continue;
      KeyReader reader(
          absl::string_view(key.data(), key.size()).substr(prefix.size()));
      uint64_t id = 0;
      absl::Status s = reader.ReadUint64(&id);
      if (!s.ok()) return s;
      index_keys.emplace_back(key.data(), key.size());
      record_keys.push_back(keys::Annotation(project_id, document_id, id));
      ids.push_back(id);
    }
    if (!it->status().ok()) return FromRocks(it->status(), "scan");
    if (index_keys.empty()) return std::string();
    const size_t n = record_keys.size();
    std::vector<rocksdb::Slice> slices(record_keys.begin(), record_keys.end());
    std::vector<rocksdb::PinnableSlice> values(n);
    std::vector<rocksdb::Status> statuses(n);
    // Ids ascend, so the record keys do too.
    db_->MultiGet(rocksdb::ReadOptions(), cf_[kAnnotations], n, slices.data(),
                  values.data(), statuses.data(), /*sorted_input=*/true);
    for (size_t i = 0; i < n; ++i) {
      if (taken == page_size) return EncodeToken(kIndexes, last_key);
      if (!statuses[i].ok()) {
        const std::string what =
            absl::StrCat("annotation ", absl::Hex(ids[i], absl::kZeroPad16),
                         " of document \"", document_id, "\"");
        if (statuses[i].IsNotFound()) {
          return absl::NotFoundError(absl::StrCat(what, " not found"));
        }
        return FromRocks(statuses[i], what);
      }
      v1::Annotation a;
      if (!a.ParseFromArray(values[i].data(),
                            static_cast<int>(values[i].size()))) {
        return absl::DataLossError("storage: annotation corrupt");
      }
      if (!visit(a)) continue;
      ++taken;
      last_key = std::move(index_keys[i]);
    }
  }
}

absl::Status RocksDbStore::ForEachAnnotationRecord(
    absl::string_view project_id, absl::string_view document_id,
    const std::function<absl::Status(absl::string_view record)>& visit) {
  return Scan(kAnnotations, keys::AnnotationPrefix(project_id, document_id), "",
              std::numeric_limits<int>::max(),
              [&](absl::string_view,
                  absl::string_view value) -> absl::StatusOr<bool> {
                absl::Status s = visit(value);
                if (!s.ok()) return s;
                return true;
              })
      .status();
}

absl::StatusOr<DecisionMap> RocksDbStore::ReadDecisions(
    absl::string_view project_id, absl::string_view document_id,
    absl::string_view annotator) {
  DecisionMap out;
  const std::string prefix =
      keys::DecisionPrefix(project_id, document_id, annotator);
  absl::Status scanned = ScanAll(
      kIndexes, prefix,
      [&](absl::string_view key, absl::string_view value) -> absl::Status {
        KeyReader reader(key.substr(prefix.size()));
        uint64_t id = 0;
        absl::Status s = reader.ReadUint64(&id);
        if (!s.ok()) return s;
        if (value.size() != 1) {
          return absl::DataLossError("storage: decision corrupt");
        }
        out[id] = static_cast<SuggestionDecision>(value[0]);
        return absl::OkStatus();
      });
  if (!scanned.ok()) return scanned;
  return out;
}

absl::StatusOr<DocumentDecisions> RocksDbStore::ReadAllDecisions(
    absl::string_view project_id, absl::string_view document_id) {
  DocumentDecisions out;
  const std::string prefix =
      keys::DocumentDecisionPrefix(project_id, document_id);
  absl::Status scanned = ScanAll(
      kIndexes, prefix,
      [&](absl::string_view key, absl::string_view value) -> absl::Status {
        KeyReader reader(key.substr(prefix.size()));
        std::string annotator;
        uint64_t id = 0;
        absl::Status s = reader.ReadString(&annotator);
        if (s.ok()) s = reader.ReadUint64(&id);
        if (!s.ok()) return s;
        if (value.size() != 1) {
          return absl::DataLossError("storage: decision corrupt");
        }
        out[annotator][id] = static_cast<SuggestionDecision>(value[0]);
        return absl::OkStatus();
      });
  if (!scanned.ok()) return scanned;
  return out;
}

absl::StatusOr<std::vector<v1::AuditEntry>> RocksDbStore::ReadAudit(
    absl::string_view project_id, absl::string_view document_id) {
  std::vector<v1::AuditEntry> out;
  std::string token;
  do {
    auto page = ListAudit(project_id, document_id, nullptr, 1000, token);
    if (!page.ok()) return page.status();
    for (auto& e : page->items) out.push_back(std::move(e));
    token = std::move(page->next_page_token);
  } while (!token.empty());
  return out;
}

absl::StatusOr<Page<v1::AuditEntry>> RocksDbStore::ListAudit(
    absl::string_view project_id, absl::string_view document_id,
    const std::function<bool(const v1::AuditEntry&)>& keep, int page_size,
    absl::string_view page_token) {
  Page<v1::AuditEntry> page;
  auto next = Scan(
      kAudit, keys::AuditPrefix(project_id, document_id), page_token, page_size,
      [&](absl::string_view, absl::string_view value) -> absl::StatusOr<bool> {
        v1::AuditEntry e;
        if (!e.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
          return absl::DataLossError("storage: audit corrupt");
        }
        if (keep && !keep(e)) return false;
        page.items.push_back(std::move(e));
        return true;
      });
  if (!next.ok()) return next.status();
  page.next_page_token = *std::move(next);
  return page;
}

absl::StatusOr<std::unique_ptr<AssignmentTransaction>>
RocksDbStore::BeginAssignments(absl::string_view project_id) {
  auto project = GetProject(project_id);
  if (!project.ok()) return project.status();
  return std::unique_ptr<AssignmentTransaction>(
      new Assignments(this, &ProjectLock(project_id), std::string(project_id)));
}

absl::Status RocksDbStore::CreateAnnotator(const v1::Annotator& annotator,
                                           absl::string_view token_hash) {
  absl::MutexLock lock(&registry_mu_);
  const std::string key = keys::Annotator(annotator.annotator_id());
  std::string ignored;
  rocksdb::Status s =
      db_->Get(rocksdb::ReadOptions(), cf_[kCredentials], key, &ignored);
  if (s.ok()) {
    return absl::AlreadyExistsError(
        absl::StrCat("annotator.annotator_id: annotator \"",
                     annotator.annotator_id(), "\" already exists"));
  }
  if (!s.IsNotFound()) return FromRocks(s, "reading annotator");
  rocksdb::WriteBatch batch;
  batch.Put(cf_[kCredentials], key, annotator.SerializeAsString());
  batch.Put(cf_[kCredentials], keys::Token(token_hash),
            annotator.annotator_id());
  return Write(&batch);
}

absl::StatusOr<v1::Annotator> RocksDbStore::LookupToken(
    absl::string_view token_hash) {
  std::string id;
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), cf_[kCredentials],
                               keys::Token(token_hash), &id);
  if (s.IsNotFound()) return absl::NotFoundError("unknown token");
  if (!s.ok()) return FromRocks(s, "reading token");
  v1::Annotator a;
  absl::Status st = ReadProto(kCredentials, keys::Annotator(id), &a,
                              absl::StrCat("annotator \"", id, "\""));
  if (!st.ok()) return st;
  return a;
}

absl::StatusOr<Page<v1::Annotator>> RocksDbStore::ListAnnotators(
    int page_size, absl::string_view page_token) {
  Page<v1::Annotator> page;
  auto next = Scan(
      kCredentials, keys::AnnotatorPrefix(), page_token, page_size,
      [&](absl::string_view, absl::string_view value) -> absl::StatusOr<bool> {
        if (!page.items.emplace_back().ParseFromArray(
                value.data(), static_cast<int>(value.size()))) {
          return absl::DataLossError("storage: annotator corrupt");
        }
        return true;
      });
  if (!next.ok()) return next.status();
  page.next_page_token = *std::move(next);
  return page;
}

absl::StatusOr<v1::Annotator> RocksDbStore::RevokeAnnotator(
    absl::string_view annotator_id,
    const google::protobuf::Timestamp& revoke_time) {
  absl::MutexLock lock(&registry_mu_);
  v1::Annotator target;
  const std::string name = absl::StrCat("annotators/", annotator_id);
  absl::Status st =
      ReadProto(kCredentials, keys::Annotator(annotator_id), &target,
                absl::StrCat("name=\"", name, "\": annotator"));
  if (!st.ok()) return st;
  if (target.has_revoke_time()) return target;

  // Annotator records and token hashes are few (one each per annotator), so
  // both are scanned whole rather than indexed.
  const auto works = [&revoke_time](const v1::Annotator& a) {
    return !a.has_revoke_time() &&
           (!a.has_expire_time() || revoke_time < a.expire_time());
  };
  if (target.role() == v1::ADMIN && works(target)) {
    bool other_admin = false;
    std::string token;
    do {
      auto page = ListAnnotators(1000, token);
      if (!page.ok()) return page.status();
      for (const auto& a : page->items) {
        other_admin |= a.role() == v1::ADMIN && works(a) &&
                       a.annotator_id() != annotator_id;
      }
      token = std::move(page->next_page_token);
    } while (!token.empty() && !other_admin);
    if (!other_admin) {
      return absl::FailedPreconditionError(absl::StrCat(
          "name=\"", name,
          "\": the last ADMIN whose token works; create another admin "
          "before revoking this one"));
    }
  }

  rocksdb::WriteBatch batch;
  auto scanned = Scan(kCredentials, keys::TokenPrefix(), "",
                      std::numeric_limits<int>::max(),
                      [&](absl::string_view key,
                          absl::string_view owner) -> absl::StatusOr<bool> {
                        if (owner == annotator_id) {
                          batch.Delete(cf_[kCredentials],
                                       rocksdb::Slice(key.data(), key.size()));
                        }
                        return true;
                      });
  if (!scanned.ok()) return scanned.status();
  *target.mutable_revoke_time() = revoke_time;
  batch.Put(cf_[kCredentials], keys::Annotator(annotator_id),
            target.SerializeAsString());
  st = Write(&batch);
  if (!st.ok()) return st;
  return target;
}

}  // namespace spanlab
