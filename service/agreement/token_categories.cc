#include "service/agreement/token_categories.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <tuple>

namespace spanlab::agreement {

void AssignTokenCategories(absl::Span<const Token> tokens,
                           absl::Span<const LabeledSpan> spans,
                           std::vector<int>* categories) {
  categories->assign(tokens.size(), kNoneCategory);
  // The best claim on each token so far: larger overlap wins, then earlier
  // start, then lower label. Tokens nobody claims stay "none".
  struct Claim {
    int64_t overlap = 0;
    int64_t start = std::numeric_limits<int64_t>::max();
    int label = std::numeric_limits<int>::max();
  };
  std::vector<Claim> best(tokens.size());
  for (const LabeledSpan& span : spans) {
    // First token that ends after the span starts; tokens are sorted and
    // disjoint, so their ends are sorted too.
    auto it = std::upper_bound(
        tokens.begin(), tokens.end(), span.start,
        [](int64_t pos, const Token& token) { return pos < token.end; });
    for (; it != tokens.end() && it->start < span.end; ++it) {
      const int64_t overlap =
          std::min(it->end, span.end) - std::max(it->start, span.start);
      if (overlap <= 0) continue;
      Claim& claim = best[it - tokens.begin()];
      if (std::make_tuple(-overlap, span.start, span.label) <
          std::make_tuple(-claim.overlap, claim.start, claim.label)) {
        claim = Claim{overlap, span.start, span.label};
      }
    }
  }
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (best[i].overlap > 0) (*categories)[i] = CategoryOfLabel(best[i].label);
  }
}

}  // namespace spanlab::agreement
