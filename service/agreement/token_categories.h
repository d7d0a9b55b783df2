// Turns one annotator's spans into one category per token, the categorical
// data that Cohen's kappa, Fleiss' kappa and Krippendorff's alpha compare.
#ifndef SPANLAB_SERVICE_AGREEMENT_TOKEN_CATEGORIES_H_
#define SPANLAB_SERVICE_AGREEMENT_TOKEN_CATEGORIES_H_

#include <vector>

#include "absl/types/span.h"
#include "service/agreement/document.h"
#include "service/agreement/word_tokenizer.h"

namespace spanlab::agreement {

// The category of a token that no span touches.
inline constexpr int kNoneCategory = 0;

// Category of a token covered by a span of label index `label`.
inline constexpr int CategoryOfLabel(int label) { return label + 1; }

// Replaces `*categories` with one category per token of `tokens` (sorted and
// disjoint, as WordTokenizer returns them): kNoneCategory, or
// CategoryOfLabel(label) of the span that overlaps the token by at least one
// code point. A token that overlaps spans of several labels (only possible
// when spans of different labels touch or overlap inside a word) takes the
// span with the largest overlap; on a tie the span that starts first, then
// the lower label index. `spans` may be in any order.
void AssignTokenCategories(absl::Span<const Token> tokens,
                           absl::Span<const LabeledSpan> spans,
                           std::vector<int>* categories);

}  // namespace spanlab::agreement

#endif  // SPANLAB_SERVICE_AGREEMENT_TOKEN_CATEGORIES_H_
