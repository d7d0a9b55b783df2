// Span-level agreement between two annotators: which spans match, and
// precision, recall and F1 of one layer against the other.
//
// Two matching rules:
//  - exact: same start, same end, same label;
//  - overlap: same label and at least one code point in common. Matching is
//    one-to-one: candidate pairs are taken greedily by decreasing overlap
//    (ties: smaller |start difference| + |end difference|, then earlier
//    span of `a`, then earlier span of `b`), and a pair is kept only if
//    neither span is already matched. So one long span against two short
//    ones counts one match, not two.
//
// F1 = 2 * matched / (|a| + |b|) does not depend on which layer is the
// reference; it is the positive specific agreement of Fleiss (1975), the
// usual span-agreement figure when "no span" has no countable units.
#ifndef SPANLAB_SERVICE_AGREEMENT_SPAN_MATCH_H_
#define SPANLAB_SERVICE_AGREEMENT_SPAN_MATCH_H_

#include <cstdint>
#include <utility>
#include <vector>

#include "absl/types/span.h"
#include "service/agreement/document.h"

namespace spanlab::agreement {

enum class MatchMode { kExact, kOverlap };

// Matched pairs (index into `a`, index into `b`), sorted by the index into
// `a`. Requires, as PrepareLayer guarantees, that spans of one label within
// `a` are disjoint, and likewise within `b`; order within each layer does
// not matter. O((|a| + |b|) log(|a| + |b|) + candidate pairs).
std::vector<std::pair<int, int>> MatchSpans(absl::Span<const LabeledSpan> a,
                                            absl::Span<const LabeledSpan> b,
                                            MatchMode mode);

// Counts of one comparison of layer `b` against reference layer `a`.
struct MatchCounts {
  int64_t a_spans = 0;
  int64_t b_spans = 0;
  int64_t matched = 0;

  void Add(const MatchCounts& other) {
    a_spans += other.a_spans;
    b_spans += other.b_spans;
    matched += other.matched;
  }
  // matched / b_spans: the share of b's spans that a confirms. NaN when b
  // has no spans.
  double Precision() const;
  // matched / a_spans: the share of a's spans that b found. NaN when a has
  // no spans.
  double Recall() const;
  // 2 * matched / (a_spans + b_spans). NaN when neither has spans (no
  // evidence either way, rather than a perfect score).
  double F1() const;
};

// Adds the comparison of `b` against `a` to `per_label` (indexed by label;
// must be large enough for every label in `a` and `b`). The micro-averaged
// overall counts are the sum over labels.
void CountMatches(absl::Span<const LabeledSpan> a,
                  absl::Span<const LabeledSpan> b, MatchMode mode,
                  std::vector<MatchCounts>* per_label);

// Sum of `per_label`.
MatchCounts Total(const std::vector<MatchCounts>& per_label);

}  // namespace spanlab::agreement

#endif  // SPANLAB_SERVICE_AGREEMENT_SPAN_MATCH_H_
