// Word tokens and sentences of a text, for token-level formats (CoNLL).
//
// Tokens are ICU word-break segments (Unicode UAX #29 rules, root locale)
// with the white space left out: segments of white space are dropped and a
// segment is split at any white space inside it, so no token contains a
// character Python's str.split() would split at. Punctuation segments are
// tokens of their own. Sentences are ICU sentence-break segments.
#ifndef SPANLAB_SERVICE_EXPORT_TOKENIZE_H_
#define SPANLAB_SERVICE_EXPORT_TOKENIZE_H_

#include <cstdint>
#include <vector>

#include "service/text/utf8.h"

namespace spanlab::dataset {

// [start, end) in code points of the text.
struct Token {
  int64_t start = 0;
  int64_t end = 0;
};

// The tokens of `text` grouped by sentence, in text order; sentences
// without tokens are left out. If ICU cannot segment (its data missing),
// the whole text is one sentence split at white space only.
std::vector<std::vector<Token>> TokenizeSentences(const Utf8Index& text);

// Whether `cp` separates tokens: Unicode White_Space, plus the information
// separators U+001C..U+001F that Python's str.split() also splits at.
bool IsTokenSeparator(char32_t cp);

}  // namespace spanlab::dataset

#endif  // SPANLAB_SERVICE_EXPORT_TOKENIZE_H_
