// The stored floor of RocksDbStore's sequence numbers (annotation ids and
// audit sequences): the highest number any committed write batch may hold.
//
// A batch whose numbers pass the floor already stored carries a merge that
// raises it a reserve beyond the last number handed out (so about one batch
// a second does), and the merge operator keeps the maximum, so batches
// committing in any order never lower it. On open the store starts
// numbering above the floor, which is what keeps ids unique when the clock
// steps backwards across a restart, without a read per id.
#ifndef SPANLAB_STORAGE_SEQUENCE_FLOOR_H_
#define SPANLAB_STORAGE_SEQUENCE_FLOOR_H_

#include <cstdint>
#include <memory>
#include <string>

#include "absl/strings/string_view.h"
#include "rocksdb/merge_operator.h"

namespace spanlab {

// Eight bytes, big-endian.
std::string EncodeSequenceFloor(uint64_t value);
// False unless `data` is eight bytes.
bool DecodeSequenceFloor(absl::string_view data, uint64_t* value);

// Keeps the largest of the stored value and the operands. An operand that is
// not eight bytes fails the merge (RocksDB then reports corruption) rather
// than silently lowering the floor. Thread-safe, as RocksDB requires.
std::shared_ptr<rocksdb::MergeOperator> NewMaxUint64MergeOperator();

}  // namespace spanlab

#endif  // SPANLAB_STORAGE_SEQUENCE_FLOOR_H_
