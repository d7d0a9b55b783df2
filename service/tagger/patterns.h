// The regular expressions of the tagger, compiled once.
//
// RE2 guarantees linear-time matching, so no input can make tagging slow.
// Every pattern is compiled in the constructor; a pattern that fails to
// compile is a programming error and aborts there, never while tagging.
// Immutable afterwards: RE2 objects are safe to share between threads.
#ifndef SPANLAB_SERVICE_TAGGER_PATTERNS_H_
#define SPANLAB_SERVICE_TAGGER_PATTERNS_H_

#include <cstdint>
#include <memory>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "re2/re2.h"
#include "re2/set.h"

namespace spanlab::tagger {

// Patterns that most sentences never match. Patterns::Present finds out in
// one pass over a document which of them it holds, so that rules search
// only for those.
enum class Rare : int {
  kAccordingTo,
  kInStatement,
  kNominalClaim,
  kOpinionFrame,
  kOpinionManner,
  kOpinionHedge,
  kOpinionEvaluative,
  kSuperlative,
  kOpinionMind,
  kUnprovenFlag,
  kContestAccount,
  kContestedBy,
  kDivergentAccounts,
  kCount,
};

class Patterns {
 public:
  Patterns();
  Patterns(const Patterns&) = delete;
  Patterns& operator=(const Patterns&) = delete;

  // Bit (1 << Rare::k...) set for every rare pattern that matches
  // somewhere in `text`.
  uint32_t Present(absl::string_view text) const;

  // Page furniture. `furniture_start` is tested at the start of a line,
  // `furniture_anywhere` anywhere in it, `byline` (case-sensitive) against
  // the whole line; `wrapped_note` matches an editorial note set off by
  // emphasis marks ("*This post will be updated.*").
  const RE2& furniture_start() const { return *furniture_start_; }
  const RE2& furniture_anywhere() const { return *furniture_anywhere_; }
  const RE2& byline() const { return *byline_; }
  const RE2& wrapped_note() const { return *wrapped_note_; }
  // "From Daily Planet:" ending a line: the next paragraph is an excerpt of
  // another outlet, whose framing is not the author's opinion.
  const RE2& excerpt_marker() const { return *excerpt_marker_; }
  // "Name Surname: what they said" at the start of a line; group 1 is the
  // speaker, group 2 what follows the colon.
  const RE2& colon_speaker() const { return *colon_speaker_; }

  // Multi-word cues.
  const RE2& according_to() const { return *according_to_; }
  const RE2& quoted_as_saying() const { return *quoted_as_saying_; }
  // "the agency quoted Petrov as saying": group 1 is the source.
  const RE2& quoted_source_as_saying() const {
    return *quoted_source_as_saying_;
  }
  const RE2& does_not_know() const { return *does_not_know_; }
  // "in a statement", "in a tweet": group 1 is the medium.
  const RE2& in_statement() const { return *in_statement_; }
  // "the conclusions of X that ...", "claims that ...": group 1 is the noun,
  // group 2 the "of" phrase if any.
  const RE2& nominal_claim() const { return *nominal_claim_; }

  // Opinion cues of the author.
  const RE2& opinion_frame() const { return *opinion_frame_; }
  const RE2& opinion_manner() const { return *opinion_manner_; }
  const RE2& opinion_hedge() const { return *opinion_hedge_; }
  const RE2& opinion_evaluative() const { return *opinion_evaluative_; }
  // "the most X": group 1 is X, checked against a short list of neutral
  // words ("the most recent").
  const RE2& superlative() const { return *superlative_; }
  // ", knowing ...": the author reading someone's mind.
  const RE2& opinion_mind() const { return *opinion_mind_; }

  // Disputes.
  // "without evidence", "unproven": the author flags a claim.
  const RE2& unproven_flag() const { return *unproven_flag_; }
  // "X disputed that account", "X called the report false": group 1 is the
  // verb; the contested account is an earlier claim.
  const RE2& contest_account() const { return *contest_account_; }
  // "the account was contradicted by X": group 1 is the contester.
  const RE2& contested_by() const { return *contested_by_; }
  // "divergent accounts": the accounts reported nearby contradict.
  const RE2& divergent_accounts() const { return *divergent_accounts_; }

 private:
  const RE2& Get(Rare which) const;

  std::unique_ptr<RE2> furniture_start_;
  std::unique_ptr<RE2> furniture_anywhere_;
  std::unique_ptr<RE2> byline_;
  std::unique_ptr<RE2> wrapped_note_;
  std::unique_ptr<RE2> excerpt_marker_;
  std::unique_ptr<RE2> colon_speaker_;
  std::unique_ptr<RE2> according_to_;
  std::unique_ptr<RE2> quoted_as_saying_;
  std::unique_ptr<RE2> quoted_source_as_saying_;
  std::unique_ptr<RE2> does_not_know_;
  std::unique_ptr<RE2> in_statement_;
  std::unique_ptr<RE2> nominal_claim_;
  std::unique_ptr<RE2> opinion_frame_;
  std::unique_ptr<RE2> opinion_manner_;
  std::unique_ptr<RE2> opinion_hedge_;
  std::unique_ptr<RE2> opinion_evaluative_;
  std::unique_ptr<RE2> superlative_;
  std::unique_ptr<RE2> opinion_mind_;
  std::unique_ptr<RE2> unproven_flag_;
  std::unique_ptr<RE2> contest_account_;
  std::unique_ptr<RE2> contested_by_;
  std::unique_ptr<RE2> divergent_accounts_;
  re2::RE2::Set rare_;
};

// Wraps a byte range for RE2, whose StringPiece does not accept Abseil's
// own string_view.
inline re2::StringPiece Piece(absl::string_view s) {
  return re2::StringPiece(s.data(), s.size());
}

// One match: byte offsets into the searched text of the whole match and of
// the first two capturing groups (begin == end == 0 and !found[g] for a
// group that did not take part).
struct Match {
  uint32_t begin = 0;
  uint32_t end = 0;
  uint32_t group_begin[2] = {0, 0};
  uint32_t group_end[2] = {0, 0};
  bool found[2] = {false, false};
};

// Every leftmost, non-overlapping match of `re` in `text`, in text order.
// Rules search a whole document once and look matches up by sentence: one
// pass over the text costs less than a search per sentence.
std::vector<Match> FindAll(const RE2& re, absl::string_view text);

// FindAll if bit `which` is set in `present` (see Patterns::Present), else
// nothing.
std::vector<Match> FindAllIf(uint32_t present, Rare which, const RE2& re,
                             absl::string_view text);

// The matches of `all` (as FindAll returns them) starting in [begin, end).
absl::Span<const Match> MatchesIn(const std::vector<Match>& all, uint32_t begin,
                                  uint32_t end);

}  // namespace spanlab::tagger

#endif  // SPANLAB_SERVICE_TAGGER_PATTERNS_H_
