// How a RocksDB error reaches callers of the store.
#ifndef SPANLAB_STORAGE_ROCKSDB_STATUS_H_
#define SPANLAB_STORAGE_ROCKSDB_STATUS_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "rocksdb/status.h"

namespace spanlab {

// OK for OK. Otherwise "storage: <what>: <RocksDB's message>", as
// UNAVAILABLE when retrying the call may work (busy, timed out, try again,
// I/O error) and INTERNAL for everything else.
absl::Status FromRocks(const rocksdb::Status& s, absl::string_view what);

}  // namespace spanlab

#endif  // SPANLAB_STORAGE_ROCKSDB_STATUS_H_
