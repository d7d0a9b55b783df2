// How a RocksDB error reaches callers of the store.
#ifndef SPANLAB_STORAGE_ROCKSDB_STATUS_H_
#define SPANLAB_STORAGE_ROCKSDB_STATUS_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/message_lite.h"
#include "rocksdb/status.h"

namespace spanlab {

// OK for OK. Otherwise "storage: <what>: <RocksDB's message>", as
// UNAVAILABLE when retrying the call may work (busy, timed out, try again,
// I/O error), DATA_LOSS for corruption (a block's checksum, a merge operand
// that does not decode) and INTERNAL for everything else.
absl::Status FromRocks(const rocksdb::Status& s, absl::string_view what);

// Parses a stored record into `msg`. If it does not parse, DATA_LOSS
// "storage: <what> is corrupt", or with a `subject` "storage: <what>
// "<subject>" is corrupt": the bytes on disk are not what the store wrote,
// and retrying will not help. Builds no string unless it fails.
absl::Status ParseRecord(absl::string_view bytes,
                         google::protobuf::MessageLite* msg,
                         absl::string_view what,
                         absl::string_view subject = {});

// The DATA_LOSS ParseRecord returns, for a caller that decodes a record
// itself or names it only once it has failed.
absl::Status CorruptRecord(absl::string_view what,
                           absl::string_view subject = {});

// DATA_LOSS "storage: <index> names <target>, which is not stored": an
// index or reference the store wrote with its target, whose target is gone
// (the store never deletes one without the other).
absl::Status MissingTarget(absl::string_view index, absl::string_view target);

}  // namespace spanlab

#endif  // SPANLAB_STORAGE_ROCKSDB_STATUS_H_
