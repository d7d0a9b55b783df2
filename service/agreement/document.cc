#include "service/agreement/document.h"

#include <algorithm>
#include <tuple>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace spanlab::agreement {

absl::StatusOr<std::vector<LabeledSpan>> PrepareLayer(
    const std::vector<Span>& spans, int64_t length, const LabelIndex& labels,
    const std::string& document_id, const std::string& annotator,
    int64_t* dropped) {
  std::vector<LabeledSpan> out;
  out.reserve(spans.size());
  int64_t skipped = 0;
  for (const Span& span : spans) {
    const auto it = labels.find(span.label);
    if (it == labels.end()) {
      ++skipped;
      continue;
    }
    if (span.start < 0 || span.start >= span.end || span.end > length) {
      return absl::InvalidArgumentError(
          absl::StrCat("document ", document_id, ", annotator ", annotator,
                       ": span [", span.start, ", ", span.end, ") ", span.label,
                       " is not within 0 <= start < end <= ", length,
                       " (the document's length in code points)"));
    }
    out.push_back(LabeledSpan{span.start, span.end, it->second});
  }
  std::sort(out.begin(), out.end(),
            [](const LabeledSpan& a, const LabeledSpan& b) {
              return std::tie(a.start, a.end, a.label) <
                     std::tie(b.start, b.end, b.label);
            });
  // Sorted by start, a same-label overlap shows up as a span starting before
  // the previous span of its label ends.
  absl::flat_hash_map<int, const LabeledSpan*> last_of_label;
  for (const LabeledSpan& span : out) {
    const LabeledSpan*& last = last_of_label[span.label];
    if (last != nullptr && span.start < last->end) {
      return absl::InvalidArgumentError(absl::StrCat(
          "document ", document_id, ", annotator ", annotator, ": spans [",
          last->start, ", ", last->end, ") and [", span.start, ", ", span.end,
          ") overlap and have the same label; agreement needs one annotator's "
          "spans of one label to be disjoint"));
    }
    last = &span;
  }
  if (dropped != nullptr) *dropped += skipped;
  return out;
}

}  // namespace spanlab::agreement
