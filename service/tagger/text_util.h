// Small UTF-8 helpers of the tagger that work on byte offsets of valid
// UTF-8 text. Pure functions, safe from any thread.
#ifndef SPANLAB_SERVICE_TAGGER_TEXT_UTIL_H_
#define SPANLAB_SERVICE_TAGGER_TEXT_UTIL_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"

namespace spanlab::tagger {

// Byte offset of the code point after the one starting at `pos`.
size_t NextCodePoint(absl::string_view text, size_t pos);
// Byte offset of the code point that ends at `pos` (pos > 0).
size_t PrevCodePoint(absl::string_view text, size_t pos);

// True if every code point of [begin, end) is Unicode white space.
bool IsAllSpace(absl::string_view text, uint32_t begin, uint32_t end);
// Moves *begin forward and *end back over Unicode white space.
void TrimSpace(absl::string_view text, uint32_t* begin, uint32_t* end);

// True for quotation marks, straight or typographic, single or double;
// *is_double tells which.
bool IsQuoteMark(char32_t c, bool* is_double);

// Appends the normalised form of a word: lower case, typographic
// apostrophes made straight.
void AppendNormalised(absl::string_view word, std::string* out);

}  // namespace spanlab::tagger

#endif  // SPANLAB_SERVICE_TAGGER_TEXT_UTIL_H_
