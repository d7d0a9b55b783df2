#include "storage/sequence_floor.h"

#include <algorithm>

#include "absl/base/internal/endian.h"

namespace spanlab {
namespace {

class MaxUint64 final : public rocksdb::AssociativeMergeOperator {
 public:
  bool Merge(const rocksdb::Slice& /*key*/,
             const rocksdb::Slice* existing_value, const rocksdb::Slice& value,
             std::string* new_value,
             rocksdb::Logger* /*logger*/) const override {
    uint64_t operand = 0;
    if (!DecodeSequenceFloor(absl::string_view(value.data(), value.size()),
                             &operand)) {
      return false;
    }
    uint64_t existing = 0;
    if (existing_value != nullptr &&
        !DecodeSequenceFloor(
            absl::string_view(existing_value->data(), existing_value->size()),
            &existing)) {
      return false;
    }
    *new_value = EncodeSequenceFloor(std::max(existing, operand));
    return true;
  }

  const char* Name() const override { return "spanlab.MaxUint64"; }
};

}  // namespace

std::string EncodeSequenceFloor(uint64_t value) {
  std::string out(8, '\0');
  absl::big_endian::Store64(out.data(), value);
  return out;
}

bool DecodeSequenceFloor(absl::string_view data, uint64_t* value) {
  if (data.size() != 8) return false;
  *value = absl::big_endian::Load64(data.data());
  return true;
}

std::shared_ptr<rocksdb::MergeOperator> NewMaxUint64MergeOperator() {
  return std::make_shared<MaxUint64>();
}

}  // namespace spanlab
