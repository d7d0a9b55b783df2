// The RocksDB implementation of Store: one embedded database, one column
// family per record kind (see keys.h for every key layout). Implemented in
// rocksdb_store.cc (open, numbering, single records), rocksdb_scans.cc
// (listings) and rocksdb_transactions.cc.
#ifndef SPANLAB_STORAGE_ROCKSDB_STORE_H_
#define SPANLAB_STORAGE_ROCKSDB_STORE_H_

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "rocksdb/db.h"
#include "storage/lru_cache.h"
#include "storage/store.h"

namespace spanlab {

class AssignmentIndex;

enum class Durability {
  // A write returns only after the write-ahead log is fsynced. Concurrent
  // writers are grouped by RocksDB and share one fsync.
  kSync,
  // A write returns once it is in the OS page cache: it survives a crash of
  // the process but not of the machine. Faster, weaker.
  kBuffered,
};

struct RocksDbStoreOptions {
  Durability durability = Durability::kSync;
  // Block cache size for reads.
  size_t block_cache_bytes = 64 << 20;
  // Most memory all column families' memtables take together; when they
  // reach it RocksDB flushes the largest. 0 lets each family grow its own
  // 64 MiB memtable (plus one being flushed), which after a large load can
  // hold several hundred MB that reads never need.
  size_t memtable_bytes = 0;
  // Parsed documents kept in memory (documents never change once stored);
  // 0 reads every one from RocksDB.
  size_t document_cache_bytes = 16 << 20;
  // Documents whose assignments the in-memory assignment orders may hold,
  // all projects together (assignment_index.h: about 150 bytes each). When
  // building or growing a project's order takes the total past it, the
  // orders of the projects used longest ago are dropped, to be rebuilt from
  // the records when next used; the order in use is kept whatever its size
  // (so 0 keeps just that one).
  int64_t assignment_index_documents = 1'000'000;
  // Microseconds since the epoch, the source of ids and audit sequences.
  // Tests replace it to step the clock backwards; empty means the system
  // clock.
  std::function<uint64_t()> now_micros;
};

class RocksDbStore final : public Store {
 public:
  // Opens (creating if missing) the database in directory `path`.
  // UNAVAILABLE if another process holds it; DATA_LOSS if what it holds
  // does not read back (a damaged file, or sequence floor); INTERNAL for
  // other failures.
  static absl::StatusOr<std::unique_ptr<RocksDbStore>> Open(
      const std::string& path, const RocksDbStoreOptions& options);

  ~RocksDbStore() override;
  RocksDbStore(const RocksDbStore&) = delete;
  RocksDbStore& operator=(const RocksDbStore&) = delete;

  absl::Status CreateProject(const v1::Project& project,
                             absl::string_view actor) override;
  absl::StatusOr<std::shared_ptr<const v1::Project>> GetProject(
      absl::string_view project_id) override;
  absl::StatusOr<Page<v1::Project>> ListProjects(
      int page_size, absl::string_view page_token) override;

  absl::Status CreateDocument(absl::string_view project_id,
                              const v1::Document& document,
                              absl::string_view actor) override;
  absl::StatusOr<v1::Document> GetDocument(
      absl::string_view project_id, absl::string_view document_id) override;
  absl::StatusOr<Page<v1::Document>> ListDocuments(absl::string_view project_id,
                                                   int page_size,
                                                   absl::string_view page_token,
                                                   bool include_text) override;
  absl::StatusOr<Page<DocumentRecord>> ListDocumentRecords(
      absl::string_view project_id, int page_size,
      absl::string_view page_token) override;

  absl::StatusOr<std::unique_ptr<DocumentTransaction>> BeginDocument(
      absl::string_view project_id, absl::string_view document_id) override;
  absl::StatusOr<v1::Annotation> GetAnnotation(absl::string_view project_id,
                                               absl::string_view document_id,
                                               uint64_t id) override;
  absl::StatusOr<Page<v1::Annotation>> ListAnnotations(
      absl::string_view project_id, absl::string_view document_id,
      const AnnotationFilter& filter, int page_size,
      absl::string_view page_token) override;
  absl::Status ForEachAnnotationRecord(
      absl::string_view project_id, absl::string_view document_id,
      const std::function<absl::Status(absl::string_view record)>& visit)
      override;

  absl::StatusOr<DecisionMap> ReadDecisions(
      absl::string_view project_id, absl::string_view document_id,
      absl::string_view annotator) override;
  absl::StatusOr<DocumentDecisions> ReadAllDecisions(
      absl::string_view project_id, absl::string_view document_id) override;
  absl::StatusOr<std::vector<v1::AuditEntry>> ReadAudit(
      absl::string_view project_id, absl::string_view document_id) override;
  absl::StatusOr<Page<v1::AuditEntry>> ListAudit(
      absl::string_view project_id, absl::string_view document_id,
      const std::function<bool(const v1::AuditEntry&)>& keep, int page_size,
      absl::string_view page_token) override;
  absl::StatusOr<std::unique_ptr<AssignmentTransaction>> BeginAssignments(
      absl::string_view project_id) override;

  absl::Status CreateAnnotator(const v1::Annotator& annotator,
                               absl::string_view token_hash) override;
  absl::StatusOr<v1::Annotator> LookupToken(
      absl::string_view token_hash) override;
  absl::StatusOr<Page<v1::Annotator>> ListAnnotators(
      int page_size, absl::string_view page_token) override;
  absl::StatusOr<v1::Annotator> RevokeAnnotator(
      absl::string_view annotator_id,
      const google::protobuf::Timestamp& revoke_time) override;

  // A RocksDB checkpoint (rocksdb_store_checkpoint.cc): table files are
  // hard-linked when `path` is on the database's file system.
  absl::StatusOr<CheckpointInfo> Checkpoint(const std::string& path) override;

  // Bytes the block cache holds now (RocksDB's rocksdb.block-cache-usage),
  // for monitoring and tests.
  uint64_t block_cache_usage() const;

 private:
  // For tests: writes records behind the store's back
  // (rocksdb_store_test_peer.h).
  friend class RocksDbStoreTestPeer;
  class Transaction;
  class Assignments;
  enum Cf {
    kProjects,
    kDocuments,
    kAnnotations,
    kIndexes,
    kAudit,
    kAssignments,
    kCredentials,
    kNumCfs
  };
  static constexpr int kDocLockStripes = 256;

  RocksDbStore(std::unique_ptr<rocksdb::DB> db,
               std::vector<rocksdb::ColumnFamilyHandle*> handles,
               const RocksDbStoreOptions& options);

  // Reads key `key` of `cf` into `msg`; NOT_FOUND names `what`.
  absl::Status ReadProto(Cf cf, const std::string& key,
                         google::protobuf::Message* msg,
                         absl::string_view what);
  absl::Status Write(rocksdb::WriteBatch* batch);
  // The document, from the cache when it is there.
  absl::StatusOr<std::shared_ptr<const v1::Document>> ReadDocument(
      absl::string_view project_id, absl::string_view document_id);
  // A sequence number (annotation ids, audit entries) increasing with time,
  // never repeating in this database: every write batch also raises the
  // stored floor to the last number handed out, and Open starts above it,
  // so a clock that steps backwards across a restart cannot reuse one.
  uint64_t NextSequence();
  // Replaces the cached copy of project `project_id` after a write of it:
  // with `project`, or drops it when null (the write failed, so what the
  // table holds is not known here).
  void CacheProject(absl::string_view project_id,
                    std::shared_ptr<const v1::Project> project);
  // Fills sequence and time of `entry` and stages it under `document_id`.
  // `tail` is appended to its serialization: encoded fields of the entry
  // (see AppendMessageField), so that a record already serialized for its
  // own key is not copied into the entry and serialized again.
  void StageAuditEntry(rocksdb::WriteBatch* batch, absl::string_view project_id,
                       absl::string_view document_id, v1::AuditEntry entry,
                       absl::string_view tail = {});
  absl::Mutex& ProjectLock(absl::string_view project);
  absl::Mutex& DocLock(absl::string_view project, absl::string_view document);

  // The project's assignment index, or null until one is added. The caller
  // of these holds ProjectLock(project), and keeps holding it for as long
  // as it uses the index: only that lock's holder adds, changes or drops
  // the project's index (AssertHeld checks the lock's stripe, which other
  // projects share). Adding an index, or growing one, may evict other
  // projects' indexes without their locks (see
  // RocksDbStoreOptions::assignment_index_documents): an evicted index
  // stays alive for whoever still holds it, and what they tell it is lost
  // with it, which is safe: the next user rebuilds from the records.
  std::shared_ptr<AssignmentIndex> FindAssignmentIndex(
      absl::string_view project) ABSL_LOCKS_EXCLUDED(assignment_indexes_mu_);
  std::shared_ptr<AssignmentIndex> AddAssignmentIndex(
      absl::string_view project, std::unique_ptr<AssignmentIndex> index)
      ABSL_LOCKS_EXCLUDED(assignment_indexes_mu_);
  // Records that the project's index (if any) gained a document.
  void AssignmentIndexGrew(absl::string_view project)
      ABSL_LOCKS_EXCLUDED(assignment_indexes_mu_);
  // Takes out of the map, least recently used first, the indexes of
  // projects other than `keep` until the documents left fit the budget;
  // returns them, for the caller to free once it has released the lock.
  std::vector<std::shared_ptr<AssignmentIndex>>
  EvictAssignmentIndexesBeyondBudget(absl::string_view keep)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(assignment_indexes_mu_);
  // Forgets the project's index, to be rebuilt from the records on next
  // use: after a write whose outcome is unknown, or an index found stale.
  void DropAssignmentIndex(absl::string_view project)
      ABSL_LOCKS_EXCLUDED(assignment_indexes_mu_);

  // Scans `cf` from the page token (or `prefix`) and calls `visit` with each
  // key and value under `prefix` until it returns false. Returns the token
  // of the next page: empty when the scan ran past the prefix. Scans over a
  // whole project (export, agreement) pass `fill_cache` false, so that one
  // pass over everything does not evict the blocks interactive calls use.
  absl::StatusOr<std::string> Scan(
      Cf cf, const std::string& prefix, absl::string_view page_token,
      int page_size,
      const std::function<absl::StatusOr<bool>(absl::string_view key,
                                               absl::string_view value)>& visit,
      bool fill_cache = true);
  // Scan of one layer's index (`prefix`, a keys::LayerPrefix) that fetches
  // the annotations it names with MultiGet, kLayerBatch at a time, which
  // reads each data block once for every key in it instead of once per
  // key. `visit` returns whether it took the annotation; paging as in Scan.
  absl::StatusOr<std::string> ScanLayer(
      absl::string_view project_id, absl::string_view document_id,
      const std::string& prefix, absl::string_view page_token, int page_size,
      const std::function<bool(v1::Annotation&)>& visit);
  static constexpr size_t kLayerBatch = 64;
  // Scan over every page: visits everything under `prefix`, stopping at
  // the first error `visit` returns.
  absl::Status ScanAll(
      Cf cf, const std::string& prefix,
      const std::function<absl::Status(absl::string_view key,
                                       absl::string_view value)>& visit);

  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> cf_;
  rocksdb::WriteOptions write_options_;
  std::function<uint64_t()> now_micros_;
  LruCache<v1::Document> documents_;
  // Projects by id. A project changes only when a document is added (its
  // count), and that write replaces the entry; a reader that missed fills
  // it only if no project was written while it read, so it never puts back
  // a copy older than the store's. Cleared when it holds kMaxCachedProjects.
  absl::Mutex projects_mu_;
  absl::flat_hash_map<std::string, std::shared_ptr<const v1::Project>> projects_
      ABSL_GUARDED_BY(projects_mu_);
  uint64_t project_writes_ ABSL_GUARDED_BY(projects_mu_) = 0;
  static constexpr size_t kMaxCachedProjects = 1024;
  std::atomic<uint64_t> last_sequence_{0};
  // The highest sequence floor a completed write has stored (see Write).
  std::atomic<uint64_t> written_floor_{0};
  // How far past the last number handed out a write raises the floor: ids
  // are microseconds, so about one write a second carries the floor.
  static constexpr uint64_t kFloorReserveMicros = 1'000'000;

  // Serialises creation of projects and annotators (uniqueness checks).
  absl::Mutex registry_mu_;
  // Serialises document creation and assignment per project (id and content
  // uniqueness, document count, overlap); striped by project.
  absl::Mutex project_locks_[16];
  // One lock per stripe of documents for annotation read-modify-write.
  absl::Mutex doc_locks_[kDocLockStripes];

  // Assignment indexes by project, built on first use and kept while the
  // documents they hold together fit the budget (see assignment_index.h
  // for their size). The map is guarded by its mutex; each index only by its
  // project's ProjectLock, so one project's assignments never wait for
  // another's. Sizes are counted here, not read from the indexes, which
  // would need their projects' locks.
  struct CachedAssignmentIndex {
    std::shared_ptr<AssignmentIndex> index;
    int64_t documents = 0;
    uint64_t last_use = 0;
  };
  absl::Mutex assignment_indexes_mu_;
  absl::flat_hash_map<std::string, CachedAssignmentIndex> assignment_indexes_
      ABSL_GUARDED_BY(assignment_indexes_mu_);
  uint64_t assignment_index_uses_ ABSL_GUARDED_BY(assignment_indexes_mu_) = 0;
  // The sum of the map's `documents`.
  int64_t assignment_index_documents_ ABSL_GUARDED_BY(assignment_indexes_mu_) =
      0;
  const int64_t assignment_index_budget_;
};

}  // namespace spanlab

#endif  // SPANLAB_STORAGE_ROCKSDB_STORE_H_
