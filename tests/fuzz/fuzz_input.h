// Splitting a fuzz input into the pieces a target needs. libFuzzer ships
// FuzzedDataProvider for this, but only with clang; the targets also build
// with gcc (replay_main.cc), so they use this small reader instead.
//
// Every read succeeds: past the end of the input, numbers are 0 and
// strings are empty, so a target never has to handle "too short".
#ifndef SPANLAB_TESTS_FUZZ_FUZZ_INPUT_H_
#define SPANLAB_TESTS_FUZZ_FUZZ_INPUT_H_

#include <cstddef>
#include <cstdint>

#include "absl/strings/string_view.h"

namespace spanlab::fuzz {

class FuzzInput {
 public:
  FuzzInput(const uint8_t* data, size_t size)
      : rest_(reinterpret_cast<const char*>(data), size) {}

  bool empty() const { return rest_.empty(); }

  uint8_t Byte() {
    if (rest_.empty()) return 0;
    const uint8_t b = static_cast<uint8_t>(rest_[0]);
    rest_.remove_prefix(1);
    return b;
  }

  // Two bytes, little-endian, as a signed number: small enough for the
  // fuzzer to reach every offset of a short text, and negative half the
  // time, which is where bounds checks break.
  int16_t Int16() {
    const uint16_t lo = Byte();
    const uint16_t hi = Byte();
    return static_cast<int16_t>(lo | (hi << 8));
  }

  // Eight bytes, big-endian.
  uint64_t Uint64() {
    uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v = (v << 8) | Byte();
    return v;
  }

  // The next `n` bytes, or as many as are left.
  absl::string_view Bytes(size_t n) {
    const absl::string_view out = rest_.substr(0, n);
    rest_.remove_prefix(out.size());
    return out;
  }

  // The bytes up to the first `separator` (which is consumed), or all the
  // rest if there is none.
  absl::string_view Until(char separator) {
    const size_t at = rest_.find(separator);
    const absl::string_view out = rest_.substr(0, at);
    rest_.remove_prefix(at == absl::string_view::npos ? rest_.size() : at + 1);
    return out;
  }

  absl::string_view Rest() {
    const absl::string_view out = rest_;
    rest_ = absl::string_view();
    return out;
  }

 private:
  absl::string_view rest_;
};

}  // namespace spanlab::fuzz

#endif  // SPANLAB_TESTS_FUZZ_FUZZ_INPUT_H_
