// UTF-8 validation and code-point/byte offset arithmetic.
//
// The API counts span offsets in Unicode code points; the stored text is
// UTF-8. Everything that converts between the two lives here so that there
// is exactly one definition of "offset". All functions are pure and
// thread-safe.
#ifndef SPANLAB_SERVICE_TEXT_UTF8_H_
#define SPANLAB_SERVICE_TEXT_UTF8_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace spanlab {

// OK if `bytes` is well-formed UTF-8 (no overlong forms, no surrogates, no
// code point above U+10FFFF). Otherwise INVALID_ARGUMENT whose message names
// `field` and the byte offset of the first bad byte.
absl::Status ValidateUtf8(absl::string_view bytes, absl::string_view field);

// True if `bytes` is well-formed UTF-8.
bool IsValidUtf8(absl::string_view bytes);

// Number of code points in valid UTF-8 `text`.
int64_t CodePointCount(absl::string_view text);

// Maps code-point offsets of one text to byte offsets. Building is O(n) in
// the text; each lookup is O(1). The text must be valid UTF-8 and must
// outlive the index.
class Utf8Index {
 public:
  explicit Utf8Index(absl::string_view text);

  absl::string_view text() const { return text_; }
  // Length of the text in code points.
  int64_t size() const { return static_cast<int64_t>(starts_.size()) - 1; }
  // Byte offset of code point `cp`, 0 <= cp <= size().
  size_t ByteOffset(int64_t cp) const { return starts_[cp]; }
  // Code point whose encoding contains byte `byte` (a byte inside a
  // multi-byte sequence maps to the code point it belongs to).
  int64_t CodePointAt(size_t byte) const;
  // The text of code points [start, end); requires 0 <= start <= end <=
  // size().
  absl::string_view Slice(int64_t start, int64_t end) const {
    return text_.substr(starts_[start], starts_[end] - starts_[start]);
  }
  // Code point `cp` decoded, 0 <= cp < size().
  char32_t CodePoint(int64_t cp) const;

 private:
  absl::string_view text_;
  // starts_[i] is the byte offset of code point i; starts_[size()] is the
  // text's byte length.
  std::vector<uint32_t> starts_;
};

// Decodes the code point starting at byte `pos` of valid UTF-8 `text`.
char32_t DecodeAt(absl::string_view text, size_t pos);

// Appends the UTF-8 encoding of `cp` to `out`.
void AppendUtf8(char32_t cp, std::string* out);

// True for the code points Unicode classes as White_Space.
bool IsUnicodeWhitespace(char32_t cp);

}  // namespace spanlab

#endif  // SPANLAB_SERVICE_TEXT_UTF8_H_
