#include "service/agreement/span_match.h"

#include <algorithm>
#include <cstdlib>
#include <limits>
#include <numeric>
#include <tuple>

namespace spanlab::agreement {
namespace {

// Indices of `spans` ordered by (label, start, end).
std::vector<int> OrderByLabelThenStart(absl::Span<const LabeledSpan> spans) {
  std::vector<int> order(spans.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](int x, int y) {
    const LabeledSpan& p = spans[x];
    const LabeledSpan& q = spans[y];
    return std::tie(p.label, p.start, p.end, x) <
           std::tie(q.label, q.start, q.end, y);
  });
  return order;
}

struct Candidate {
  int64_t overlap;
  int64_t distance;
  int a;
  int b;
};

// Calls visit(x, y) for every matched pair of a[x] and b[y], in no
// particular order: the matching of MatchSpans without collecting it.
template <typename Visit>
void VisitMatches(absl::Span<const LabeledSpan> a,
                  absl::Span<const LabeledSpan> b, MatchMode mode,
                  Visit visit) {
  const std::vector<int> oa = OrderByLabelThenStart(a);
  const std::vector<int> ob = OrderByLabelThenStart(b);
  std::vector<Candidate> candidates;
  // Walk both orders label group by label group. Within one label each
  // layer's spans are disjoint, so sorted by start they are also sorted by
  // end, and the spans of b overlapping a span of a form a run whose first
  // element only moves forward.
  size_t i = 0;
  size_t j = 0;
  while (i < oa.size() && j < ob.size()) {
    const int label = std::min(a[oa[i]].label, b[ob[j]].label);
    size_t i_end = i;
    while (i_end < oa.size() && a[oa[i_end]].label == label) ++i_end;
    size_t j_end = j;
    while (j_end < ob.size() && b[ob[j_end]].label == label) ++j_end;
    size_t first = j;
    for (size_t x = i; x < i_end; ++x) {
      const LabeledSpan& sa = a[oa[x]];
      while (first < j_end && b[ob[first]].end <= sa.start) ++first;
      for (size_t y = first; y < j_end && b[ob[y]].start < sa.end; ++y) {
        const LabeledSpan& sb = b[ob[y]];
        if (mode == MatchMode::kExact) {
          if (sb.start == sa.start && sb.end == sa.end) visit(oa[x], ob[y]);
          continue;
        }
        const int64_t overlap =
            std::min(sa.end, sb.end) - std::max(sa.start, sb.start);
        if (overlap <= 0) continue;
        candidates.push_back(Candidate{
            overlap,
            std::llabs(sa.start - sb.start) + std::llabs(sa.end - sb.end),
            oa[x], ob[y]});
      }
    }
    i = i_end;
    j = j_end;
  }
  if (mode == MatchMode::kOverlap) {
    std::sort(candidates.begin(), candidates.end(),
              [](const Candidate& p, const Candidate& q) {
                return std::make_tuple(-p.overlap, p.distance, p.a, p.b) <
                       std::make_tuple(-q.overlap, q.distance, q.a, q.b);
              });
    std::vector<bool> used_a(a.size()), used_b(b.size());
    for (const Candidate& c : candidates) {
      if (used_a[c.a] || used_b[c.b]) continue;
      used_a[c.a] = used_b[c.b] = true;
      visit(c.a, c.b);
    }
  }
}

}  // namespace

std::vector<std::pair<int, int>> MatchSpans(absl::Span<const LabeledSpan> a,
                                            absl::Span<const LabeledSpan> b,
                                            MatchMode mode) {
  std::vector<std::pair<int, int>> matches;
  VisitMatches(a, b, mode, [&](int x, int y) { matches.emplace_back(x, y); });
  std::sort(matches.begin(), matches.end());
  return matches;
}

double MatchCounts::Precision() const {
  if (b_spans == 0) return std::numeric_limits<double>::quiet_NaN();
  return static_cast<double>(matched) / static_cast<double>(b_spans);
}

double MatchCounts::Recall() const {
  if (a_spans == 0) return std::numeric_limits<double>::quiet_NaN();
  return static_cast<double>(matched) / static_cast<double>(a_spans);
}

double MatchCounts::F1() const {
  if (a_spans + b_spans == 0) return std::numeric_limits<double>::quiet_NaN();
  return 2.0 * static_cast<double>(matched) /
         static_cast<double>(a_spans + b_spans);
}

void CountMatches(absl::Span<const LabeledSpan> a,
                  absl::Span<const LabeledSpan> b, MatchMode mode,
                  std::vector<MatchCounts>* per_label) {
  for (const LabeledSpan& s : a) ++(*per_label)[s.label].a_spans;
  for (const LabeledSpan& s : b) ++(*per_label)[s.label].b_spans;
  // Counting needs neither the list of matches nor its order.
  VisitMatches(a, b, mode,
               [&](int x, int) { ++(*per_label)[a[x].label].matched; });
}

MatchCounts Total(const std::vector<MatchCounts>& per_label) {
  MatchCounts total;
  for (const MatchCounts& c : per_label) total.Add(c);
  return total;
}

}  // namespace spanlab::agreement
