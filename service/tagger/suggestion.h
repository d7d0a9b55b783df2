// What the automatic annotator proposes for one span of a document.
//
// Offsets count Unicode code points of the document text exactly as stored
// (the unit the API uses everywhere), half-open. Attribute keys and label
// names are those of the default `news-attribution` schema, so a suggestion
// can be written as an AUTOMATIC annotation without translation.
#ifndef SPANLAB_SERVICE_TAGGER_SUGGESTION_H_
#define SPANLAB_SERVICE_TAGGER_SUGGESTION_H_

#include <cstdint>
#include <map>
#include <string>

#include "absl/strings/string_view.h"

namespace spanlab::tagger {

// Label names of the default schema.
inline constexpr absl::string_view kAttributedClaim = "attributed_claim";
inline constexpr absl::string_view kOpinion = "opinion";
inline constexpr absl::string_view kDisputed = "disputed";

// Attribute keys of the default schema. `attributed_claim` carries source
// and cue; `disputed` carries source, cue and disputed_by; `opinion` carries
// holder (always "author"). A key is present only with a non-empty value.
inline constexpr absl::string_view kSourceKey = "source";
inline constexpr absl::string_view kCueKey = "cue";
inline constexpr absl::string_view kHolderKey = "holder";
inline constexpr absl::string_view kDisputedByKey = "disputed_by";

struct Suggestion {
  int64_t start = 0;  // First code point of the span.
  int64_t end = 0;    // One past the last code point; start < end.
  std::string label;  // One of the label names above.
  std::map<std::string, std::string> attributes;
  // Confidence in [0, 1]; higher means the rule that fired is more often
  // right (see the table in tagger.h). Comparable across labels.
  double score = 0;
  // Name of the rule that produced the span ("direct_quote",
  // "denial", ...), for explanations and per-rule evaluation.
  std::string rule;
};

}  // namespace spanlab::tagger

#endif  // SPANLAB_SERVICE_TAGGER_SUGGESTION_H_
