#include "service/agreement/word_tokenizer.h"

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/ustring.h>
#include <unicode/utext.h>

#include <cstdint>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "service/text/utf8.h"

namespace spanlab::agreement {

namespace {

// Texts up to this size are converted to UTF-16 for ICU, which segments
// UTF-16 faster than it reads UTF-8 in place (about a fifth less time for a
// news article, conversion included). Longer ones are read in place, so
// that memory stays at the token list rather than grow with a copy.
constexpr size_t kMaxConvertedBytes = 1 << 20;

// Appends the word tokens `iter` finds in its text, whose native units
// (UTF-8 bytes or UTF-16 code units) are `units`, with offsets in code
// points; `starts(unit)` tells whether a unit begins a code point.
template <typename Unit, typename StartsCodePoint>
void CollectWords(icu::BreakIterator& iter, const Unit* units,
                  StartsCodePoint starts, std::vector<Token>* tokens) {
  // Boundaries come in increasing order, so code-point offsets are counted
  // incrementally: one pass over the units in total.
  int64_t unit = 0;
  int64_t code_point = 0;
  const auto advance_to = [&](int64_t target) {
    int64_t n = 0;
    for (int64_t i = unit; i < target; ++i) n += starts(units[i]);
    unit = target;
    code_point += n;
    return code_point;
  };
  int32_t start = iter.first();
  for (int32_t end = iter.next(); end != icu::BreakIterator::DONE;
       start = end, end = iter.next()) {
    // The rule status describes the segment that ends at `end`.
    if (iter.getRuleStatus() < UBRK_WORD_NONE_LIMIT) continue;
    const int64_t token_start = advance_to(start);
    const int64_t token_end = advance_to(end);
    tokens->push_back(Token{token_start, token_end});
  }
}

}  // namespace

class WordTokenizer::Impl {
 public:
  explicit Impl(std::unique_ptr<icu::BreakIterator> iter)
      : iter_(std::move(iter)) {}
  icu::BreakIterator& iter() { return *iter_; }
  // The UTF-16 copy of the current text, reused from text to text.
  std::vector<UChar>& utf16() { return utf16_; }

 private:
  std::unique_ptr<icu::BreakIterator> iter_;
  std::vector<UChar> utf16_;
};

WordTokenizer::WordTokenizer(std::unique_ptr<Impl> impl)
    : impl_(std::move(impl)) {}

WordTokenizer::~WordTokenizer() = default;

absl::StatusOr<std::unique_ptr<WordTokenizer>> WordTokenizer::Create() {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::BreakIterator> iter(
      icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
  if (U_FAILURE(status) || iter == nullptr) {
    return absl::InternalError(absl::StrCat(
        "cannot create ICU word break iterator: ", u_errorName(status)));
  }
  return std::unique_ptr<WordTokenizer>(
      new WordTokenizer(std::make_unique<Impl>(std::move(iter))));
}

absl::Status WordTokenizer::Tokenize(absl::string_view text,
                                     std::vector<Token>* tokens) {
  tokens->clear();
  if (absl::Status s = ValidateUtf8(text, "text"); !s.ok()) return s;
  return TokenizeValidUtf8(text, tokens);
}

absl::Status WordTokenizer::TokenizeValidUtf8(absl::string_view text,
                                              std::vector<Token>* tokens) {
  tokens->clear();
  // Prose has a word every six bytes or so; growing the list one doubling
  // at a time would copy it a dozen times.
  tokens->reserve(text.size() / 6 + 1);
  UErrorCode status = U_ZERO_ERROR;
  const bool convert = text.size() <= kMaxConvertedBytes;
  UText* utext = nullptr;
  std::vector<UChar>& utf16 = impl_->utf16();
  if (convert) {
    // UTF-16 never takes more code units than UTF-8 takes bytes, and
    // invalid bytes, which only a caller breaking the contract passes,
    // become one U+FFFD each at most.
    if (utf16.size() < text.size() + 1) utf16.resize(text.size() + 1);
    int32_t length = 0;
    u_strFromUTF8WithSub(
        utf16.data(), static_cast<int32_t>(utf16.size()), &length, text.data(),
        static_cast<int32_t>(text.size()), 0xFFFD, nullptr, &status);
    if (U_SUCCESS(status)) {
      utext = utext_openUChars(nullptr, utf16.data(), length, &status);
    }
  } else {
    // Native indexes of a UTF-8 UText are byte offsets.
    utext = utext_openUTF8(nullptr, text.data(),
                           static_cast<int64_t>(text.size()), &status);
  }
  if (U_FAILURE(status)) {
    if (utext != nullptr) utext_close(utext);
    return absl::InternalError(
        absl::StrCat("cannot open text for ICU: ", u_errorName(status)));
  }
  icu::BreakIterator& iter = impl_->iter();
  iter.setText(utext, status);
  if (U_FAILURE(status)) {
    utext_close(utext);
    return absl::InternalError(absl::StrCat(
        "cannot set ICU break iterator text: ", u_errorName(status)));
  }
  if (convert) {
    // A trail surrogate continues the code point its lead began.
    CollectWords(
        iter, utf16.data(), [](UChar u) { return (u & 0xFC00) != 0xDC00; },
        tokens);
  } else {
    CollectWords(
        iter, text.data(),
        [](char c) { return (static_cast<uint8_t>(c) & 0xC0) != 0x80; },
        tokens);
  }
  // The iterator keeps a shallow clone of the UText that points into
  // `text` or the copy; reset it so nothing refers to either afterwards.
  iter.setText(icu::UnicodeString());
  utext_close(utext);
  return absl::OkStatus();
}

}  // namespace spanlab::agreement
