// Conversion between code-point offsets and UTF-16 code-unit offsets of one
// text.
//
// JavaScript (and Java, C#) index strings in UTF-16 code units: a code point
// above U+FFFF (most emoji) is a surrogate pair and counts 2, every other
// code point counts 1. Tools written in those languages may report offsets
// in that unit; the API counts code points.
#ifndef SPANLAB_SERVICE_EXPORT_UTF16_H_
#define SPANLAB_SERVICE_EXPORT_UTF16_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "service/text/utf8.h"

namespace spanlab::dataset {

// Building is O(n) in the text's code points; each conversion to UTF-16 is
// O(1), each conversion back O(log n). Thread-compatible.
class Utf16Offsets {
 public:
  explicit Utf16Offsets(const Utf8Index& text);

  // Length of the text in UTF-16 code units.
  int64_t size() const { return units_.back(); }

  // UTF-16 offset of code point `cp`, 0 <= cp <= text length.
  int64_t FromCodePoint(int64_t cp) const { return units_[cp]; }

  // Code-point offset of UTF-16 offset `unit`; nullopt if it is out of
  // [0, size()] or falls between the two halves of a surrogate pair.
  std::optional<int64_t> ToCodePoint(int64_t unit) const;

 private:
  // units_[i] is the UTF-16 offset of code point i; units_.back() is the
  // length.
  std::vector<int64_t> units_;
};

}  // namespace spanlab::dataset

#endif  // SPANLAB_SERVICE_EXPORT_UTF16_H_
