// The normalised gist of one claim, which is all the dispute rules compare
// and all a CorpusContext keeps of a document: who says it, who does what
// in it, whether that is negated, and which way it leans.
//
//   "Lind said Silva had accepted Petrov's denial"
//     source "lind", subject "silva", predicate "accept",
//     stance +1 (concedes) towards {"petrov"}
//   "Holm said Silva pressed Petrov"
//     source "holm", subject "silva", predicate "press",
//     stance -1 (challenges) towards {"petrov"}
//   "Austria has denied any involvement"
//     source "austria", denies_involvement "austria"
//
// Keys are lower case; entities are compared with SameEntity (phrases.h),
// which equates "austria" and "austrian".
#ifndef SPANLAB_SERVICE_TAGGER_CLAIM_FRAME_H_
#define SPANLAB_SERVICE_TAGGER_CLAIM_FRAME_H_

#include <cstdint>
#include <string>
#include <vector>

namespace spanlab::tagger {

struct ClaimFrame {
  uint64_t document = 0;    // Fingerprint of the document's text.
  std::string source;       // Key of the source; "" if unknown.
  std::string source_text;  // The source as written, for disputed_by.
  std::string subject;      // Key of the first entity acting in the content.
  std::string predicate;    // Lemma of the subject's verb ("bring").
  bool negated = false;     // "would not bring up".
  // +1 if the subject concedes to someone ("accepted"), -1 if it challenges
  // them ("pressed", "confronted"), 0 if neither.
  int stance = 0;
  // Keys of whom the stance is towards; "" for an unnamed party ("pressed
  // him"), which matches nobody.
  std::vector<std::string> stance_objects;
  // Key of an entity the content says was involved ("Austria was behind"),
  // or whose involvement it denies ("Austria has denied any involvement").
  std::string asserts_involvement;
  std::string denies_involvement;
  std::string denier_text;  // Who denies it, as written.
  double score = 0;         // Score of the claim.
  // Inside a larger claim: may contest others, is never labelled itself.
  bool evidence_only = false;
};

}  // namespace spanlab::tagger

#endif  // SPANLAB_SERVICE_TAGGER_CLAIM_FRAME_H_
