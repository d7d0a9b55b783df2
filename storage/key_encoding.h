// Order-preserving encoding of key components.
//
// A key is a concatenation of encoded components. The encodings are chosen
// so that comparing two keys bytewise (RocksDB's default comparator) orders
// them exactly like comparing their component tuples, and so that a prefix
// of components is a byte prefix of the key (prefix scans). Thread-safe:
// everything here is a pure function.
#ifndef SPANLAB_STORAGE_KEY_ENCODING_H_
#define SPANLAB_STORAGE_KEY_ENCODING_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace spanlab {

// Appends `v` as 8 big-endian bytes.
void AppendUint64(std::string* key, uint64_t v);

// Appends one raw byte; used for record-kind tags.
void AppendByte(std::string* key, uint8_t v);

// Appends `s` escaped and terminated: 0x00 becomes 0x00 0xFF, and the end is
// 0x00 0x01. Any byte string is allowed, and "a" < "a\0" < "ab" holds after
// encoding.
void AppendString(std::string* key, absl::string_view s);

// Reads components back in the order they were appended. Every reader
// returns INVALID_ARGUMENT on truncated or malformed input and then leaves
// the reader in an unspecified position; it never reads out of bounds.
class KeyReader {
 public:
  explicit KeyReader(absl::string_view key) : rest_(key) {}

  absl::Status ReadUint64(uint64_t* v);
  absl::Status ReadByte(uint8_t* v);
  absl::Status ReadString(std::string* s);

  bool done() const { return rest_.empty(); }
  absl::string_view rest() const { return rest_; }

 private:
  absl::string_view rest_;
};

// The smallest key greater than every key that starts with `prefix`, or
// empty if there is none (all bytes 0xFF). Used as an iterate_upper_bound.
std::string PrefixSuccessor(absl::string_view prefix);

}  // namespace spanlab

#endif  // SPANLAB_STORAGE_KEY_ENCODING_H_
