#include "service/tagger/text_util.h"

#include <unicode/uchar.h>

#include "service/text/utf8.h"

namespace spanlab::tagger {

size_t NextCodePoint(absl::string_view text, size_t pos) {
  ++pos;
  while (pos < text.size() &&
         (static_cast<uint8_t>(text[pos]) & 0xC0) == 0x80) {
    ++pos;
  }
  return pos;
}

size_t PrevCodePoint(absl::string_view text, size_t pos) {
  do {
    --pos;
  } while (pos > 0 && (static_cast<uint8_t>(text[pos]) & 0xC0) == 0x80);
  return pos;
}

bool IsAllSpace(absl::string_view text, uint32_t begin, uint32_t end) {
  for (size_t p = begin; p < end; p = NextCodePoint(text, p)) {
    const unsigned char b = static_cast<unsigned char>(text[p]);
    if (b < 0x80) {
      if (b != ' ' && (b < '\t' || b > '\r')) return false;
      continue;
    }
    if (!IsUnicodeWhitespace(DecodeAt(text, p))) return false;
  }
  return true;
}

void TrimSpace(absl::string_view text, uint32_t* begin, uint32_t* end) {
  while (*begin < *end && IsUnicodeWhitespace(DecodeAt(text, *begin))) {
    *begin = static_cast<uint32_t>(NextCodePoint(text, *begin));
  }
  while (*end > *begin) {
    const size_t p = PrevCodePoint(text, *end);
    if (!IsUnicodeWhitespace(DecodeAt(text, p))) break;
    *end = static_cast<uint32_t>(p);
  }
}

bool IsQuoteMark(char32_t c, bool* is_double) {
  switch (c) {
    case U'"':
    case U'\u201C':  // “
    case U'\u201D':  // ”
    case U'\u201E':  // „
    case U'\u00AB':  // «
    case U'\u00BB':  // »
      *is_double = true;
      return true;
    case U'\'':
    case U'\u2018':  // ‘
    case U'\u2019':  // ’
    case U'\u201A':  // ‚
    case U'\u2039':  // ‹
    case U'\u203A':  // ›
      *is_double = false;
      return true;
    default:
      return false;
  }
}

void AppendNormalised(absl::string_view word, std::string* out) {
  for (size_t p = 0; p < word.size(); p = NextCodePoint(word, p)) {
    const char32_t c = DecodeAt(word, p);
    if (c < 0x80) {
      out->push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c));
    } else if (c == U'\u2019' || c == U'\u2018' || c == U'\u02BC') {
      out->push_back('\'');
    } else {
      AppendUtf8(static_cast<char32_t>(u_tolower(static_cast<UChar32>(c))),
                 out);
    }
  }
}

}  // namespace spanlab::tagger
