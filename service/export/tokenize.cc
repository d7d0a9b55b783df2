#include "service/export/tokenize.h"

#include <algorithm>
#include <memory>

#include "unicode/brkiter.h"
#include "unicode/locid.h"
#include "unicode/utext.h"

namespace spanlab::dataset {
namespace {

// Segment boundaries of `text` in code points, from an ICU break iterator
// made by `make`; empty if ICU fails.
template <typename Make>
std::vector<int64_t> Boundaries(const Utf8Index& text, Make make) {
  UErrorCode status = U_ZERO_ERROR;
  const absl::string_view bytes = text.text();
  UText* ut = utext_openUTF8(nullptr, bytes.data(),
                             static_cast<int64_t>(bytes.size()), &status);
  std::unique_ptr<icu::BreakIterator> it(make(status));
  std::vector<int64_t> out;
  if (U_SUCCESS(status)) it->setText(ut, status);
  if (U_SUCCESS(status)) {
    // Over UTF-8 text ICU reports native (byte) offsets.
    for (int32_t b = it->first(); b != icu::BreakIterator::DONE;
         b = it->next()) {
      const size_t byte = static_cast<size_t>(b);
      out.push_back(byte >= bytes.size() ? text.size()
                                         : text.CodePointAt(byte));
    }
  }
  utext_close(ut);
  if (U_FAILURE(status)) out.clear();
  return out;
}

// Splits [start, end) at token separators and appends the pieces.
void AppendTokens(const Utf8Index& text, int64_t start, int64_t end,
                  std::vector<Token>* out) {
  int64_t from = start;
  for (int64_t cp = start; cp <= end; ++cp) {
    if (cp < end && !IsTokenSeparator(text.CodePoint(cp))) continue;
    if (from < cp) out->push_back({from, cp});
    from = cp + 1;
  }
}

}  // namespace

bool IsTokenSeparator(char32_t cp) {
  return IsUnicodeWhitespace(cp) || (cp >= 0x1C && cp <= 0x1F);
}

std::vector<std::vector<Token>> TokenizeSentences(const Utf8Index& text) {
  std::vector<int64_t> words = Boundaries(text, [](UErrorCode& status) {
    return icu::BreakIterator::createWordInstance(icu::Locale::getRoot(),
                                                  status);
  });
  std::vector<int64_t> sentences = Boundaries(text, [](UErrorCode& status) {
    return icu::BreakIterator::createSentenceInstance(icu::Locale::getRoot(),
                                                      status);
  });
  if (words.empty() || sentences.empty()) {
    words = {0, text.size()};
    sentences = {0, text.size()};
  }
  std::vector<Token> tokens;
  for (size_t i = 0; i + 1 < words.size(); ++i) {
    AppendTokens(text, words[i], words[i + 1], &tokens);
  }
  std::vector<std::vector<Token>> out;
  size_t next = 0;
  for (size_t i = 0; i + 1 < sentences.size(); ++i) {
    std::vector<Token> sentence;
    while (next < tokens.size() && tokens[next].start < sentences[i + 1]) {
      sentence.push_back(tokens[next++]);
    }
    if (!sentence.empty()) out.push_back(std::move(sentence));
  }
  return out;
}

}  // namespace spanlab::dataset
