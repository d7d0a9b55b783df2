// Confidence of each rule, in one place so that they can be compared and
// tuned together. The values order rules by how specific their evidence
// is: a direct quote next to "said" and a name is almost always a claim; a
// lone evaluative adjective is an opinion far less often. They are set by
// hand: the annotated sample (three articles) is too small to fit them, and
// the rules were developed on it, so its per-rule precision (printed by
// tagger_corpus_test) is a sanity check, not a calibration. tagger.h
// documents the same table for users.
#ifndef SPANLAB_SERVICE_TAGGER_SCORES_H_
#define SPANLAB_SERVICE_TAGGER_SCORES_H_

namespace spanlab::tagger::scores {

// attributed_claim
inline constexpr double kDirectQuote = 0.95;
inline constexpr double kQuoteContinuation = 0.8;
inline constexpr double kQuoteContinuationNextParagraph = 0.6;
inline constexpr double kPartialQuoteContinuation = 0.5;
inline constexpr double kIndirectSpeechThat = 0.85;
inline constexpr double kIndirectSpeech = 0.8;
inline constexpr double kTrailingCue = 0.8;
inline constexpr double kParenthetical = 0.7;
inline constexpr double kAccordingTo = 0.8;
inline constexpr double kAccordingToAside = 0.6;
inline constexpr double kColonSpeaker = 0.7;
inline constexpr double kCognition = 0.6;
inline constexpr double kParticiple = 0.55;
inline constexpr double kInfinitive = 0.5;
inline constexpr double kAccusation = 0.5;
inline constexpr double kCharacterization = 0.45;
inline constexpr double kDoesNotKnow = 0.5;
inline constexpr double kNominalClaim = 0.45;

// Adjustments to a claim's score for how its source is named and for
// author framing around it ("to no one's surprise, X said").
inline constexpr double kDescribedSource = -0.03;
inline constexpr double kPronounSource = -0.05;
inline constexpr double kGenericSource = -0.1;
inline constexpr double kAuthorFraming = -0.1;

// disputed
inline constexpr double kDenial = 0.75;
inline constexpr double kExplicitContest = 0.7;
inline constexpr double kUnprovenFlag = 0.65;
inline constexpr double kContradiction = 0.55;

// opinion
inline constexpr double kOpinionFrame = 0.6;
inline constexpr double kOpinionHedge = 0.45;
inline constexpr double kOpinionManner = 0.45;
inline constexpr double kOpinionSuperlative = 0.4;
inline constexpr double kOpinionQuestion = 0.4;
inline constexpr double kOpinionEvaluative = 0.35;
inline constexpr double kOpinionMind = 0.25;

}  // namespace spanlab::tagger::scores

#endif  // SPANLAB_SERVICE_TAGGER_SCORES_H_
