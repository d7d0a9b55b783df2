#include "client/labeler_boundaries.h"

#include <algorithm>
#include <memory>

#include "absl/strings/str_cat.h"
#include "unicode/brkiter.h"
#include "unicode/uchar.h"
#include "unicode/unistr.h"
#include "unicode/utypes.h"

namespace spanlab::client {
namespace {

// code_point_at[i] is the code point holding UTF-16 unit i;
// code_point_at[length] is the number of code points.
std::vector<int64_t> CodePointIndex(const icu::UnicodeString& text) {
  std::vector<int64_t> code_point_at(text.length() + 1);
  int64_t code_point = 0;
  for (int32_t i = 0; i < text.length();) {
    const int32_t next = text.moveIndex32(i, 1);
    for (int32_t j = i; j < next; ++j) code_point_at[j] = code_point;
    ++code_point;
    i = next;
  }
  code_point_at[text.length()] = code_point;
  return code_point_at;
}

bool IsSpace(UChar32 c) { return u_isUWhiteSpace(c); }

// `start`..`end` (UTF-16) narrowed to exclude white space at both ends.
std::pair<int32_t, int32_t> TrimSpace(const icu::UnicodeString& text,
                                      int32_t start, int32_t end) {
  while (start < end && IsSpace(text.char32At(start))) {
    start = text.moveIndex32(start, 1);
  }
  while (end > start && IsSpace(text.char32At(text.moveIndex32(end, -1)))) {
    end = text.moveIndex32(end, -1);
  }
  return {start, end};
}

int64_t FirstStartAfter(const std::vector<CodePointRange>& ranges,
                        int64_t position, int64_t fallback) {
  auto it = std::upper_bound(
      ranges.begin(), ranges.end(), position,
      [](int64_t p, const CodePointRange& r) { return p < r.start; });
  return it == ranges.end() ? fallback : it->start;
}

int64_t LastStartBefore(const std::vector<CodePointRange>& ranges,
                        int64_t position) {
  auto it = std::lower_bound(
      ranges.begin(), ranges.end(), position,
      [](const CodePointRange& r, int64_t p) { return r.start < p; });
  return it == ranges.begin() ? 0 : std::prev(it)->start;
}

}  // namespace

absl::StatusOr<TextBoundaries> TextBoundaries::Build(absl::string_view text) {
  const icu::UnicodeString utf16 = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  const std::vector<int64_t> index = CodePointIndex(utf16);

  UErrorCode error = U_ZERO_ERROR;
  std::unique_ptr<icu::BreakIterator> words(
      icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), error));
  std::unique_ptr<icu::BreakIterator> sentences(
      icu::BreakIterator::createSentenceInstance(icu::Locale::getRoot(),
                                                 error));
  if (U_FAILURE(error)) {
    return absl::InternalError(
        absl::StrCat("text segmentation is unavailable: ", u_errorName(error)));
  }

  TextBoundaries out;
  out.length_ = index.back();
  words->setText(utf16);
  int32_t start = words->first();
  for (int32_t end = words->next(); end != icu::BreakIterator::DONE;
       start = end, end = words->next()) {
    // Statuses from UBRK_WORD_NUMBER up mark numbers, letters, kana and
    // ideographs; below are spaces, punctuation and symbols.
    if (words->getRuleStatus() >= UBRK_WORD_NUMBER) {
      out.words_.push_back({index[start], index[end]});
    }
  }
  sentences->setText(utf16);
  start = sentences->first();
  for (int32_t end = sentences->next(); end != icu::BreakIterator::DONE;
       start = end, end = sentences->next()) {
    const auto [s, e] = TrimSpace(utf16, start, end);
    if (s < e) out.sentences_.push_back({index[s], index[e]});
  }
  return out;
}

int64_t TextBoundaries::NextWordStart(int64_t position) const {
  return FirstStartAfter(words_, position, length_);
}

int64_t TextBoundaries::PreviousWordStart(int64_t position) const {
  return LastStartBefore(words_, position);
}

int64_t TextBoundaries::NextWordEnd(int64_t position) const {
  auto it = std::upper_bound(
      words_.begin(), words_.end(), position,
      [](int64_t p, const CodePointRange& r) { return p < r.end; });
  return it == words_.end() ? length_ : it->end;
}

int64_t TextBoundaries::NextSentenceStart(int64_t position) const {
  return FirstStartAfter(sentences_, position, length_);
}

int64_t TextBoundaries::PreviousSentenceStart(int64_t position) const {
  return LastStartBefore(sentences_, position);
}

CodePointRange TextBoundaries::SentenceAt(int64_t position) const {
  if (sentences_.empty()) return {0, 0};
  auto it = std::upper_bound(
      sentences_.begin(), sentences_.end(), position,
      [](int64_t p, const CodePointRange& r) { return p < r.end; });
  return it == sentences_.end() ? sentences_.back() : *it;
}

}  // namespace spanlab::client
