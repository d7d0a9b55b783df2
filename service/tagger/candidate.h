// The tagger's working representation of a span before boundaries are
// trimmed, overlaps resolved and offsets converted to code points.
#ifndef SPANLAB_SERVICE_TAGGER_CANDIDATE_H_
#define SPANLAB_SERVICE_TAGGER_CANDIDATE_H_

#include <cstdint>
#include <string>

namespace spanlab::tagger {

// In order of precedence: on overlap a disputed span beats an attributed
// claim, which beats an opinion.
enum class Label : uint8_t {
  kOpinion = 0,
  kAttributedClaim = 1,
  kDisputed = 2
};

// How the source of a claim is named.
enum class SourceKind : uint8_t {
  kNone,
  kName,         // A capitalised name: "Karin Holm", "the Vatican".
  kDescription,  // A role: "the secretary of state", "the top diplomat".
  kPronoun,      // "he", "she", "they".
  kGeneric,      // "many", "experts", "critics".
};

struct Candidate {
  // Byte offsets of the span in the text, before boundary trimming.
  uint32_t begin = 0;
  uint32_t end = 0;
  Label label = Label::kAttributedClaim;
  double score = 0;
  const char* rule = "";
  std::string source;  // As written, or resolved for pronouns.
  SourceKind source_kind = SourceKind::kNone;
  std::string cue;
  std::string disputed_by;  // Only for kDisputed.

  // Attribution bookkeeping (claims only).
  int cue_token = -1;  // First token of the cue (its verb or phrase).
  int sentence = -1;   // Sentence holding the cue.
  int paragraph = -1;  // Paragraph holding the cue.
  // The content is a quotation in its own right, so a following quotation
  // with no cue continues it.
  bool direct_quote = false;
  // Lies inside the content of a larger claim: kept as evidence for
  // disputes, never output (the guide labels the outermost attribution).
  bool nested = false;
};

}  // namespace spanlab::tagger

#endif  // SPANLAB_SERVICE_TAGGER_CANDIDATE_H_
