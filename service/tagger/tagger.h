// The built-in automatic annotator: finds attributed claims, the author's
// opinions and disputed claims in news text, following the project's
// annotation guide (news-attribution schema).
//
//   spanlab::tagger::Tagger tagger;   // once: compiles patterns, lexicons
//   for (const auto& s : tagger.Tag(text)) { ... }
//
// It is a set of rules, not a trained model: quotation marks paired with
// speech verbs and their sources, indirect speech ("X said (that) ..."),
// "according to X", "X: ..." after a named speaker, denials, author hedges
// and evaluative words, and contradictions between claims within a document
// or, with a CorpusContext, across the documents of a project. Every
// suggestion names the rule that produced it.
//
// Offsets are Unicode code points, half-open, like the rest of the API.
// Spans follow the guide's boundary rules (no white space at the edges; no
// edge quotation marks, leading "that" or closing full stop or comma; ? and
// ! kept) and never overlap within a document (disputed beats
// attributed_claim beats opinion). Headlines, bylines, captions, tag lists
// and copyright lines are not annotated.
//
// Scores: each rule has a fixed confidence, so ranking by score ranks by
// how reliable the rule is.
//   rule                            label              score
//   direct_quote (named source)     attributed_claim   0.95
//   indirect_speech with "that"     attributed_claim   0.85
//   indirect_speech, trailing_cue,
//     according_to                  attributed_claim   0.80
//   quote_continuation              attributed_claim   0.80 (0.60 across a
//                                                      paragraph break)
//   aside (", X said, ...")         attributed_claim   0.70
//   colon_speaker                   attributed_claim   0.70
//   cognition (believes, thought)   attributed_claim   0.60
//   according_to_aside              attributed_claim   0.60
//   participle (", citing ...")     attributed_claim   0.55
//   infinitive, accusation          attributed_claim   0.50
//   does_not_know, partial_quote_
//     continuation                  attributed_claim   0.50
//   characterization, nominal_claim attributed_claim   0.45
//   denial ("X denied Y")           disputed           0.75
//   contested_account,
//     divergent_accounts            disputed           0.70
//   unproven ("without evidence")   disputed           0.65
//   denied_involvement,
//     opposite_stance,
//     opposite_polarity             disputed           0.55
//   opinion_frame                   opinion            0.60
//   opinion_hedge, opinion_manner   opinion            0.45
//   opinion_superlative,
//     opinion_question              opinion            0.40
//   opinion_evaluative              opinion            0.35
//   opinion_mind (", knowing ...")  opinion            0.25
// A claim loses 0.03 when its source is a description ("the secretary of
// state"), 0.05 for a pronoun, 0.10 for a generic source ("many",
// "experts") and 0.10 when the author frames it ("To no one's surprise, X
// said ..."); an opinion sentence with several kinds of cue gains 0.05 per
// extra kind. A claim found disputed keeps the lower of its score and the
// dispute rule's.
//
// Thread safety: a Tagger is immutable after construction; all methods are
// const and safe to call from many threads at once. A CorpusContext is
// filled by one thread, then read by any number.
//
// Speed: everything is compiled in the constructor; tagging is linear in
// the text (ICU segmentation, RE2 matching, token rules).
#ifndef SPANLAB_SERVICE_TAGGER_TAGGER_H_
#define SPANLAB_SERVICE_TAGGER_TAGGER_H_

#include <cstdint>
#include <memory>
#include <vector>

#include "absl/strings/string_view.h"
#include "service/tagger/corpus_context.h"
#include "service/tagger/suggestion.h"

namespace spanlab::tagger {

class Analyzer;
class Lexicon;
class Patterns;
struct Candidate;
struct Document;

class Tagger {
 public:
  // Name and version to record as the author of automatic annotations.
  static constexpr absl::string_view kModelName = "spanlab-tagger";
  static constexpr absl::string_view kModelVersion = "1";

  // Compiles the patterns and builds the lexicons. ICU's break rules and the
  // built-in patterns are part of the program: if they cannot be loaded the
  // installation is broken and the constructor aborts with a message, so a
  // constructed Tagger always works.
  Tagger();
  ~Tagger();
  Tagger(const Tagger&) = delete;
  Tagger& operator=(const Tagger&) = delete;

  // Suggestions for one document, sorted by start, non-overlapping. With a
  // `context`, claims contradicted by other documents of the corpus become
  // disputed. Text that is not valid UTF-8 yields no suggestions (the server
  // stores only valid UTF-8).
  std::vector<Suggestion> Tag(absl::string_view utf8_text,
                              const CorpusContext* context = nullptr) const;

  // Pass one of corpus tagging: adds the claims of `utf8_text` to
  // `context`. Adding the same text twice has no effect.
  void CollectClaims(absl::string_view utf8_text, CorpusContext* context) const;

  // Both passes over the documents of one corpus: collects every
  // document's claims, then tags each against the others. result[i] holds
  // the suggestions for texts[i].
  std::vector<std::vector<Suggestion>> TagCorpus(
      const std::vector<absl::string_view>& texts) const;

  // The fingerprint under which CorpusContext files a document's claims;
  // stable within one process.
  static uint64_t Fingerprint(absl::string_view utf8_text);

 private:
  // Analyses `text` and finds its claims, nested ones marked, pronouns
  // resolved, continuations added, then the author's opinions.
  void FindCandidates(absl::string_view text, Document* doc,
                      std::vector<Candidate>* candidates) const;

  std::unique_ptr<const Lexicon> lexicon_;
  std::unique_ptr<const Patterns> patterns_;
  std::unique_ptr<const Analyzer> analyzer_;
};

}  // namespace spanlab::tagger

#endif  // SPANLAB_SERVICE_TAGGER_TAGGER_H_
