// RocksDbStore: opening the database, numbering, writes, and the records
// read or written one at a time (projects, documents, annotations,
// annotators). Transactions are in rocksdb_transactions.cc, listings and
// scans in rocksdb_scans.cc.
#include "storage/rocksdb_store.h"

#include <cassert>
#include <chrono>
#include <limits>
#include <utility>

#include "absl/hash/hash.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/util/time_util.h"
#include "rocksdb/filter_policy.h"
#include "rocksdb/table.h"
#include "rocksdb/write_batch.h"
#include "rocksdb/write_buffer_manager.h"
#include "storage/assignment_index.h"
#include "storage/keys.h"
#include "storage/rocksdb_status.h"
#include "storage/sequence_floor.h"

namespace spanlab {
namespace {

using google::protobuf::util::TimeUtil;

constexpr const char* kCfNames[] = {
    "projects", "documents",   "annotations", "indexes",
    "audit",    "assignments", "credentials",
};

}  // namespace

absl::StatusOr<std::unique_ptr<RocksDbStore>> RocksDbStore::Open(
    const std::string& path, const RocksDbStoreOptions& options) {
  rocksdb::Options db_options;
  db_options.create_if_missing = true;
  db_options.create_missing_column_families = true;
  // Recovery must keep a prefix of the log: a batch that did not raise the
  // sequence floor relies on an earlier batch that did (Write), so a mode
  // that could keep a later batch while dropping an earlier one would let
  // ids repeat after a restart with the clock behind.
  db_options.wal_recovery_mode = rocksdb::WALRecoveryMode::kPointInTimeRecovery;
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
      documents_(options.document_cache_bytes),
      assignment_index_budget_(options.assignment_index_documents) {
  write_options_.sync = options.durability == Durability::kSync;
}

RocksDbStore::~RocksDbStore() {
  for (auto* h : cf_) db_->DestroyColumnFamilyHandle(h);
  db_->Close().PermitUncheckedError();
}

uint64_t RocksDbStore::block_cache_usage() const {
  uint64_t bytes = 0;
  db_->GetIntProperty(rocksdb::DB::Properties::kBlockCacheUsage, &bytes);
  return bytes;
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
  // Appended fields merge into ones already set rather than replacing them.
  assert(tail.empty() || (!entry.has_before() && !entry.has_after()));
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

std::shared_ptr<AssignmentIndex> RocksDbStore::FindAssignmentIndex(
    absl::string_view project) {
  ProjectLock(project).AssertHeld();
  absl::MutexLock lock(&assignment_indexes_mu_);
  auto it = assignment_indexes_.find(project);
  if (it == assignment_indexes_.end()) return nullptr;
  it->second.last_use = ++assignment_index_uses_;
  return it->second.index;
}

std::shared_ptr<AssignmentIndex> RocksDbStore::AddAssignmentIndex(
    absl::string_view project, std::unique_ptr<AssignmentIndex> index) {
  ProjectLock(project).AssertHeld();
  std::vector<std::shared_ptr<AssignmentIndex>> evicted;
  std::shared_ptr<AssignmentIndex> added;
  {
    absl::MutexLock lock(&assignment_indexes_mu_);
    CachedAssignmentIndex& slot = assignment_indexes_[project];
    assignment_index_documents_ += index->documents() - slot.documents;
    slot.documents = index->documents();
    slot.index = std::move(index);
    slot.last_use = ++assignment_index_uses_;
    added = slot.index;
    evicted = EvictAssignmentIndexesBeyondBudget(project);
  }
  // Freed here, not under the map's lock: an index of a million documents
  // takes a while to free, and every project's sessions need that lock.
  evicted.clear();
  return added;
}

void RocksDbStore::AssignmentIndexGrew(absl::string_view project) {
  ProjectLock(project).AssertHeld();
  std::vector<std::shared_ptr<AssignmentIndex>> evicted;
  {
    absl::MutexLock lock(&assignment_indexes_mu_);
    auto it = assignment_indexes_.find(project);
    if (it == assignment_indexes_.end()) return;
    ++it->second.documents;
    ++assignment_index_documents_;
    evicted = EvictAssignmentIndexesBeyondBudget(project);
  }
  evicted.clear();
}

std::vector<std::shared_ptr<AssignmentIndex>>
RocksDbStore::EvictAssignmentIndexesBeyondBudget(absl::string_view keep) {
  std::vector<std::shared_ptr<AssignmentIndex>> evicted;
  // The least recently used first. A linear search each: the map holds one
  // entry per project in use, and an entry is evicted once per build.
  while (assignment_index_documents_ > assignment_index_budget_ &&
         assignment_indexes_.size() > 1) {
    auto oldest = assignment_indexes_.end();
    for (auto it = assignment_indexes_.begin(); it != assignment_indexes_.end();
         ++it) {
      if (it->first != keep &&
          (oldest == assignment_indexes_.end() ||
           it->second.last_use < oldest->second.last_use)) {
        oldest = it;
      }
    }
    assignment_index_documents_ -= oldest->second.documents;
    evicted.push_back(std::move(oldest->second.index));
    assignment_indexes_.erase(oldest);
  }
  return evicted;
}

void RocksDbStore::DropAssignmentIndex(absl::string_view project) {
  ProjectLock(project).AssertHeld();
  std::shared_ptr<AssignmentIndex> dropped;
  {
    absl::MutexLock lock(&assignment_indexes_mu_);
    auto it = assignment_indexes_.find(project);
    if (it == assignment_indexes_.end()) return;
    assignment_index_documents_ -= it->second.documents;
    dropped = std::move(it->second.index);
    assignment_indexes_.erase(it);
  }
}

absl::Mutex& RocksDbStore::DocLock(absl::string_view project,
                                   absl::string_view document) {
  const size_t h = absl::HashOf(project, document);
  return doc_locks_[h % kDocLockStripes];
}

absl::Status RocksDbStore::Write(rocksdb::WriteBatch* batch) {
  // Nothing staged: nothing to log, not even a floor.
  if (batch->Count() == 0) return absl::OkStatus();
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

absl::Status RocksDbStore::ReadProto(Cf cf, const std::string& key,
                                     google::protobuf::Message* msg,
                                     absl::string_view what) {
  rocksdb::PinnableSlice value;
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), cf_[cf], key, &value);
  if (s.IsNotFound())
    return absl::NotFoundError(absl::StrCat(what, " not found"));
  if (!s.ok()) return FromRocks(s, absl::StrCat("reading ", what));
  return ParseRecord(absl::string_view(value.data(), value.size()), msg, what);
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
    // Written with the document and never removed: one it names that is
    // not stored would refuse this text for good, so say what is wrong.
    std::string ignored;
    rocksdb::Status named =
        db_->Get(rocksdb::ReadOptions(), cf_[kDocuments],
                 keys::Document(project_id, existing), &ignored);
    if (named.IsNotFound()) {
      return MissingTarget(
          absl::StrCat("the content index of project \"", project_id, "\""),
          absl::StrCat("document \"", existing, "\""));
    }
    if (!named.ok()) return FromRocks(named, "reading document");
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
  if (!written.ok()) {
    DropAssignmentIndex(project_id);
  } else if (std::shared_ptr<AssignmentIndex> index =
                 FindAssignmentIndex(project_id);
             index != nullptr) {
    if (index->Update(document.document_id(), nullptr, assignment)) {
      AssignmentIndexGrew(project_id);
    } else {
      DropAssignmentIndex(project_id);
    }
  }
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
  // The token and its annotator are written in one batch and neither is
  // ever deleted, so a token without one is the store's inconsistency, not
  // an unknown token.
  if (absl::IsNotFound(st)) {
    return MissingTarget("a token", absl::StrCat("annotator \"", id, "\""));
  }
  if (!st.ok()) return st;
  return a;
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
