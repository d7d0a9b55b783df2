// Helpers for the tagger's tests: code-point arithmetic done independently
// of the code under test, and lookups of suggestions by their text.
#ifndef SPANLAB_SERVICE_TAGGER_TEST_UTIL_H_
#define SPANLAB_SERVICE_TAGGER_TEST_UTIL_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "service/tagger/suggestion.h"
#include "service/tagger/tagger.h"
#include "tests/support/utf8_literals.h"

namespace spanlab::tagger::testing {

// One tagger for all tests of a binary: construction compiles everything.
inline const Tagger& SharedTagger() {
  static const Tagger* const tagger = new Tagger();
  return *tagger;
}

// Decodes valid UTF-8 by the book (lead byte gives the length), without
// the library's helpers.
inline std::u32string Decode(absl::string_view s) {
  std::u32string out;
  for (size_t i = 0; i < s.size();) {
    const unsigned char b = static_cast<unsigned char>(s[i]);
    const int n = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
    char32_t cp = n == 1 ? b : b & (0x7F >> n);
    for (int k = 1; k < n; ++k) cp = (cp << 6) | (s[i + k] & 0x3F);
    out.push_back(cp);
    i += n;
  }
  return out;
}

inline std::string Encode(const std::u32string& s) {
  return ::spanlab::testing_support::Utf8(s);
}

// The text of a suggestion: code points [start, end) of `text`.
inline std::string SpanText(absl::string_view text, const Suggestion& s) {
  const std::u32string cps = Decode(text);
  return Encode(cps.substr(s.start, s.end - s.start));
}

// The suggestion whose text is exactly `span`, or null.
inline const Suggestion* Find(absl::string_view text,
                              const std::vector<Suggestion>& suggestions,
                              absl::string_view span) {
  for (const Suggestion& s : suggestions) {
    if (SpanText(text, s) == span) return &s;
  }
  return nullptr;
}

inline std::string Attr(const Suggestion& s, absl::string_view key) {
  auto it = s.attributes.find(std::string(key));
  return it == s.attributes.end() ? "" : it->second;
}

// All suggestions, one per line, for failure messages.
inline std::string Dump(absl::string_view text,
                        const std::vector<Suggestion>& suggestions) {
  std::string out;
  for (const Suggestion& s : suggestions) {
    absl::StrAppend(&out, "  [", s.start, ",", s.end, ") ", s.label, " ",
                    s.score, " ", s.rule, " source=", Attr(s, kSourceKey),
                    " cue=", Attr(s, kCueKey),
                    " disputed_by=", Attr(s, kDisputedByKey), " | ",
                    SpanText(text, s), "\n");
  }
  return out;
}

}  // namespace spanlab::tagger::testing

#endif  // SPANLAB_SERVICE_TAGGER_TEST_UTIL_H_
