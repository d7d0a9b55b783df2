// RocksDbStoreTestPeer: for tests only. Writes records behind the store's
// back, to test how the store copes with what it did not write (a record
// that does not parse, derived state that disagrees with the records), and
// shows what the store keeps in memory.
#ifndef SPANLAB_STORAGE_ROCKSDB_STORE_TEST_PEER_H_
#define SPANLAB_STORAGE_ROCKSDB_STORE_TEST_PEER_H_

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "rocksdb/db.h"
#include "storage/keys.h"
#include "storage/rocksdb_status.h"
#include "storage/rocksdb_store.h"

namespace spanlab {

class RocksDbStoreTestPeer {
 public:
  // Stores `bytes` as document `document_id`'s assignment record.
  static absl::Status PutAssignmentRecord(RocksDbStore* store,
                                          absl::string_view project_id,
                                          absl::string_view document_id,
                                          absl::string_view bytes) {
    return Put(store, RocksDbStore::kAssignments,
               keys::Assignment(project_id, document_id), bytes);
  }

  // Stores `bytes` as annotation `id` of the document, and names it in the
  // layer of (`kind`, `author`) with an empty entry.
  static absl::Status PutAnnotationRecord(RocksDbStore* store,
                                          absl::string_view project_id,
                                          absl::string_view document_id,
                                          uint64_t id, int kind,
                                          absl::string_view author,
                                          absl::string_view bytes) {
    absl::Status s = Put(store, RocksDbStore::kAnnotations,
                         keys::Annotation(project_id, document_id, id), bytes);
    if (!s.ok()) return s;
    return Put(store, RocksDbStore::kIndexes,
               keys::LayerEntry(project_id, document_id, kind, author, id), "");
  }

  // Stores `bytes` under `key` in the column family named `family`
  // ("projects", "documents", "indexes", ...: kCfNames in rocksdb_store.cc).
  static absl::Status PutRaw(RocksDbStore* store, absl::string_view family,
                             const std::string& key, absl::string_view bytes) {
    for (int cf = 0; cf < RocksDbStore::kNumCfs; ++cf) {
      if (store->cf_[cf]->GetName() == family) {
        return Put(store, static_cast<RocksDbStore::Cf>(cf), key, bytes);
      }
    }
    return absl::InvalidArgumentError("no such column family");
  }

  // Whether the two projects share a lock stripe (and so never run their
  // assignment sessions at the same time).
  static bool ShareProjectLock(RocksDbStore* store, absl::string_view a,
                               absl::string_view b) {
    return &store->ProjectLock(a) == &store->ProjectLock(b);
  }

  // The projects whose assignment order the store keeps, in id order.
  static std::vector<std::string> CachedOrders(RocksDbStore* store) {
    absl::MutexLock lock(&store->assignment_indexes_mu_);
    std::vector<std::string> out;
    for (const auto& [project, cached] : store->assignment_indexes_) {
      out.push_back(project);
    }
    std::sort(out.begin(), out.end());
    return out;
  }

 private:
  static absl::Status Put(RocksDbStore* store, RocksDbStore::Cf cf,
                          const std::string& key, absl::string_view bytes) {
    return FromRocks(
        store->db_->Put(rocksdb::WriteOptions(), store->cf_[cf], key,
                        rocksdb::Slice(bytes.data(), bytes.size())),
        "test put");
  }
};

}  // namespace spanlab

#endif  // SPANLAB_STORAGE_ROCKSDB_STORE_TEST_PEER_H_
