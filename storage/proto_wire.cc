#include "storage/proto_wire.h"

#include <cstdint>

namespace spanlab {
namespace {

void AppendVarint(uint64_t v, std::string* out) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}

}  // namespace

void AppendMessageField(int field_number, absl::string_view serialized,
                        std::string* out) {
  constexpr uint64_t kLengthDelimited = 2;
  AppendVarint((static_cast<uint64_t>(field_number) << 3) | kLengthDelimited,
               out);
  AppendVarint(serialized.size(), out);
  out->append(serialized.data(), serialized.size());
}

}  // namespace spanlab
