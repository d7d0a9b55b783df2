#include "client/labeler_document.h"

#include <algorithm>
#include <tuple>
#include <utility>

#include "client/labeler_layout.h"
#include "unicode/uchar.h"

namespace spanlab::client {
namespace {

void SortByPosition(std::vector<LabelerSpan>* spans) {
  std::stable_sort(spans->begin(), spans->end(),
                   [](const LabelerSpan& a, const LabelerSpan& b) {
                     return std::tie(a.start, b.end, a.name) <
                            std::tie(b.start, a.end, b.name);
                   });
}

bool IsSpace(char32_t cp) { return u_isUWhiteSpace(static_cast<UChar32>(cp)); }

}  // namespace

CodePointRange Selection::Range(int64_t cursor) const {
  const int64_t other = fixed ? end : cursor;
  return {std::min(anchor, other), std::max(anchor, other)};
}

LabelerDocument::LabelerDocument(std::string id, std::string title,
                                 absl::string_view text)
    : id_(std::move(id)), title_(std::move(title)), text_(DecodeUtf8(text)) {}

std::string LabelerDocument::Slice(int64_t start, int64_t end) const {
  return EncodeUtf8(text_, start, end);
}

void LabelerDocument::SetSpans(std::vector<LabelerSpan> mine,
                               std::vector<LabelerSpan> suggestions) {
  mine_ = std::move(mine);
  suggestions_ = std::move(suggestions);
  SortByPosition(&mine_);
  SortByPosition(&suggestions_);
}

const LabelerSpan* LabelerDocument::MineAt(int64_t position) const {
  for (const LabelerSpan& span : mine_) {
    if (span.start <= position && position < span.end) return &span;
  }
  return nullptr;
}

const LabelerSpan* LabelerDocument::MineNamed(absl::string_view name) const {
  for (const LabelerSpan& span : mine_) {
    if (span.name == name) return &span;
  }
  return nullptr;
}

const LabelerSpan* LabelerDocument::SuggestionAt(int64_t position) const {
  const LabelerSpan* found = nullptr;
  for (const LabelerSpan& span : suggestions_) {
    if (span.start > position) break;
    if (position < span.end) found = &span;
  }
  return found;
}

const LabelerSpan* LabelerDocument::NextSuggestion(int64_t position) const {
  if (suggestions_.empty()) return nullptr;
  for (const LabelerSpan& span : suggestions_) {
    if (span.start > position) return &span;
  }
  return &suggestions_.front();
}

const LabelerSpan* LabelerDocument::PreviousSuggestion(int64_t position) const {
  if (suggestions_.empty()) return nullptr;
  for (auto it = suggestions_.rbegin(); it != suggestions_.rend(); ++it) {
    if (it->start < position) return &*it;
  }
  return &suggestions_.back();
}

std::optional<int64_t> LabelerDocument::Find(absl::string_view needle,
                                             int64_t position) const {
  const std::u32string pattern = DecodeUtf8(needle);
  if (pattern.empty() || pattern.size() > text_.size()) return std::nullopt;
  const size_t from = static_cast<size_t>(
      std::clamp<int64_t>(position + 1, 0, static_cast<int64_t>(text_.size())));
  size_t found = text_.find(pattern, from);
  if (found == std::u32string::npos) found = text_.find(pattern);
  if (found == std::u32string::npos) return std::nullopt;
  return static_cast<int64_t>(found);
}

std::optional<CodePointRange> LabelerDocument::Trim(
    CodePointRange range) const {
  range.start = std::clamp<int64_t>(range.start, 0, length());
  range.end = std::clamp<int64_t>(range.end, range.start, length());
  while (range.start < range.end && IsSpace(text_[range.start])) ++range.start;
  while (range.end > range.start && IsSpace(text_[range.end - 1])) --range.end;
  if (range.start == range.end) return std::nullopt;
  return range;
}

}  // namespace spanlab::client
