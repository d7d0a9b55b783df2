#include "storage/layer_entry.h"

#include "storage/key_encoding.h"

namespace spanlab {
namespace {

constexpr uint8_t kVersion = 1;

}  // namespace

std::string EncodeLayerEntry(const v1::Annotation& a) {
  std::string out;
  out.reserve(18 + a.label().size());
  AppendByte(&out, kVersion);
  AppendUint64(&out, static_cast<uint64_t>(a.start()));
  AppendUint64(&out, static_cast<uint64_t>(a.end()));
  AppendByte(&out, a.deleted() ? 1 : 0);
  out.append(a.label());
  return out;
}

bool DecodeLayerEntry(absl::string_view value, IndexedSpan* span) {
  KeyReader reader(value);
  uint8_t version = 0, deleted = 0;
  uint64_t start = 0, end = 0;
  if (!reader.ReadByte(&version).ok() || version != kVersion ||
      !reader.ReadUint64(&start).ok() || !reader.ReadUint64(&end).ok() ||
      !reader.ReadByte(&deleted).ok() || deleted > 1) {
    return false;
  }
  span->start = static_cast<int64_t>(start);
  span->end = static_cast<int64_t>(end);
  span->deleted = deleted == 1;
  span->label.assign(reader.rest().data(), reader.rest().size());
  return true;
}

}  // namespace spanlab
