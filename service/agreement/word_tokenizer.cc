#include "service/agreement/word_tokenizer.h"

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/utext.h>

#include <utility>

#include "absl/strings/str_cat.h"
#include "service/text/utf8.h"

namespace spanlab::agreement {

class WordTokenizer::Impl {
 public:
  explicit Impl(std::unique_ptr<icu::BreakIterator> iter)
      : iter_(std::move(iter)) {}
  icu::BreakIterator& iter() { return *iter_; }

 private:
  std::unique_ptr<icu::BreakIterator> iter_;
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
  UErrorCode status = U_ZERO_ERROR;
  // Iterating the UTF-8 bytes in place keeps memory at the token list: no
  // UTF-16 copy of the document. Native indexes of a UTF-8 UText are byte
  // offsets.
  UText* utext = utext_openUTF8(nullptr, text.data(),
                                static_cast<int64_t>(text.size()), &status);
  if (U_FAILURE(status)) {
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
  // Boundaries come in increasing byte order, so code-point offsets are
  // counted incrementally: one pass over the bytes in total.
  size_t byte = 0;
  int64_t code_point = 0;
  const auto advance_to = [&](size_t target) {
    for (; byte < target; ++byte) {
      if ((static_cast<uint8_t>(text[byte]) & 0xC0) != 0x80) ++code_point;
    }
    return code_point;
  };
  int32_t start = iter.first();
  for (int32_t end = iter.next(); end != icu::BreakIterator::DONE;
       start = end, end = iter.next()) {
    // The rule status describes the segment that ends at `end`.
    if (iter.getRuleStatus() < UBRK_WORD_NONE_LIMIT) continue;
    const int64_t token_start = advance_to(static_cast<size_t>(start));
    const int64_t token_end = advance_to(static_cast<size_t>(end));
    tokens->push_back(Token{token_start, token_end});
  }
  // The iterator keeps a shallow clone of the UText that points into
  // `text`; reset it so nothing refers to the caller's buffer afterwards.
  iter.setText(icu::UnicodeString());
  utext_close(utext);
  return absl::OkStatus();
}

}  // namespace spanlab::agreement
