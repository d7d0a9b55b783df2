#include "service/agreement/token_categories.h"

#include <algorithm>
#include <cstdint>
#include <memory>
#include <tuple>

namespace spanlab::agreement {

void AssignTokenCategories(absl::Span<const Token> tokens,
                           absl::Span<const LabeledSpan> spans,
                           std::vector<int>* categories) {
  categories->assign(tokens.size(), kNoneCategory);
  // The best claim on each token so far: larger overlap wins, then earlier
  // start, then lower label. Tokens nobody claims stay "none", and a
  // token's claim is read only once the token has one, so the claims need
  // no initial values (most tokens are never claimed).
  struct Claim {
    int64_t overlap;
    int64_t start;
    int label;
  };
  const std::unique_ptr<Claim[]> best(new Claim[tokens.size()]);
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
      const size_t i = it - tokens.begin();
      int& category = (*categories)[i];
      Claim& claim = best[i];
      if (category == kNoneCategory ||
          std::make_tuple(-overlap, span.start, span.label) <
              std::make_tuple(-claim.overlap, claim.start, claim.label)) {
        claim = Claim{overlap, span.start, span.label};
        category = CategoryOfLabel(span.label);
      }
    }
  }
}

}  // namespace spanlab::agreement
