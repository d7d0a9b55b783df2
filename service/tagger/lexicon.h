// Word lists of the tagger: cue verbs with their grammar, the small closed
// classes the rules test tokens against (determiners, auxiliaries, role
// nouns, ...), and a tiny verb lemmatiser.
//
// Built once by the Tagger; immutable afterwards, so every method is safe to
// call from many threads. Lookups take the normalised form of a token
// (lower-case ASCII, curly apostrophes made straight, possessive "'s"
// removed), see Document.
#ifndef SPANLAB_SERVICE_TAGGER_LEXICON_H_
#define SPANLAB_SERVICE_TAGGER_LEXICON_H_

#include <cstdint>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/string_view.h"

namespace spanlab::tagger {

// Closed word classes, as bits so that one hash lookup per token answers
// every membership question the rules ask.
enum WordClass : uint32_t {
  kDeterminer = 1u << 0,          // the, a, his, their, any, such ...
  kSubjectPronoun = 1u << 1,      // he, she, they, it
  kFirstPerson = 1u << 2,         // I, we: the author outside quotes
  kObjectPronoun = 1u << 3,       // him, her, them, us, me, you
  kAuxiliary = 1u << 4,           // has, was, would, did ...
  kSkippableAdverb = 1u << 5,     // also, again, repeatedly, later ...
  kNegation = 1u << 6,            // not, n't, never
  kRoleNoun = 1u << 7,            // secretary, officials, experts, media ...
  kRoleModifier = 1u << 8,        // top, senior, former, chief ...
  kGenericSource = 1u << 9,       // many, some, others, critics ...
  kNegativeSource = 1u << 10,     // neither, nobody, none
  kTimeNoun = 1u << 11,           // day, week, morning ("that day")
  kTimeWord = 1u << 12,           // friday, yesterday, afterward ...
  kSkipPreposition = 1u << 13,    // after, during, at, on, in ...
  kAudience = 1u << 14,           // reporters, journalists, lawmakers ...
  kClauseConjunction = 1u << 15,  // while, whereas, but, although
  kWhWord = 1u << 16,             // what, how, whether ...
  kFunctionWord = 1u << 17,       // never part of a name even if capitalised
  kTitle = 1u << 18,              // president, minister, mr ...
  kConcedeVerb = 1u << 19,        // accepted, embraced: stance +
  kChallengeVerb = 1u << 20,      // pressed, confronted: stance -
  kInvolvementVerb = 1u << 21,    // involved, behind, interfered ...
  kInvolvementNoun = 1u << 22,    // involvement, meddling, collusion ...
  kDemonstrativeNext = 1u << 23,  // is, was, will ...: "that is" keeps "that"
  kCoordinator = 1u << 24,        // and, but, or
  kPreposition = 1u << 25,        // any preposition: ends a source phrase
  kContentStarter = 1u << 26,     // there, here: may open a reported clause
  kPassiveAuxiliary = 1u << 27,   // was, were, been, being: "was dismissed"
  kClaimNoun = 1u << 28,          // claim, allegation, insistence ...
  kAccountNoun = 1u << 29,        // account, version, story: "that account"
  kAdverbialOpener = 1u << 30,    // even, when, early: "Early on, X said"
};

// How a cue verb introduces what is reported.
enum class CueClass : uint8_t {
  kSay,           // said, told, added: a clause, "that"-clause or quote
  kThink,         // believes, thought: a clause or "that"-clause
  kDeny,          // denied, rejected: what is denied becomes disputed
  kInfinitive,    // urged X to, pledged to: the "to"-phrase
  kCharacterize,  // called X Y, cast X as Y: the characterisation
  kAccuse,        // accused X of Y: the "of"-phrase
};

struct CueVerb {
  CueClass cue_class = CueClass::kSay;
  bool takes_object = false;  // told *reporters*, urged *him* to
  bool participle = false;    // saying, citing: clause ends at a comma
  bool needs_that = false;    // agreed, hinted: only with "that"
};

class Lexicon {
 public:
  Lexicon();
  Lexicon(const Lexicon&) = delete;
  Lexicon& operator=(const Lexicon&) = delete;

  // Bitwise OR of the WordClass values of `norm`; 0 for unknown words.
  uint32_t Classes(absl::string_view norm) const;
  // The cue verb `norm`, or null if it is not one.
  const CueVerb* Cue(absl::string_view norm) const;
  // Base form of a verb ("brought" -> "bring", "pressed" -> "press"), good
  // enough to compare predicates; other words come back unchanged.
  std::string Lemma(absl::string_view norm) const;
  // True for predicates too common to say anything about a claim (be, have,
  // say ...).
  bool IsLightVerb(absl::string_view lemma) const;

 private:
  absl::flat_hash_map<std::string, uint32_t> classes_;
  absl::flat_hash_map<std::string, CueVerb> cues_;
  absl::flat_hash_map<std::string, std::string> irregular_;
  absl::flat_hash_set<std::string> light_verbs_;
};

}  // namespace spanlab::tagger

#endif  // SPANLAB_SERVICE_TAGGER_LEXICON_H_
