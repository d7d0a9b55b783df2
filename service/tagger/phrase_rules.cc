#include "service/tagger/phrase_rules.h"

#include <algorithm>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "service/tagger/claims.h"
#include "service/tagger/content.h"
#include "service/tagger/phrases.h"
#include "service/tagger/scores.h"

namespace spanlab::tagger {
namespace {

// Index of the first token starting at or after byte `offset`.
int TokenAt(const Document& doc, size_t offset) {
  auto it =
      std::lower_bound(doc.tokens.begin(), doc.tokens.end(), offset,
                       [](const Token& t, size_t o) { return t.begin < o; });
  return static_cast<int>(it - doc.tokens.begin());
}

size_t Offset(const Document& doc, const re2::StringPiece& piece) {
  return static_cast<size_t>(piece.data() - doc.text.data());
}

// Ends a source phrase: clause or sentence punctuation, or a dash set off
// by spaces (not the hyphen of "state-run").
bool EndsPhrase(const Document& doc, int k) {
  const Token& t = doc.tokens[k];
  if (t.kind != TokenKind::kPunct) return false;
  return !IsInnerHyphen(doc, k);
}

// Words that head a "Label: text" line without being a speaker.
bool IsLineLabel(absl::string_view speaker) {
  static constexpr absl::string_view kLabels[] = {
      "note",     "update",     "updated",    "editor",
      "editors",  "warning",    "correction", "clarification",
      "source",   "sources",    "related",    "watch",
      "listen",   "video",      "photo",      "read",
      "tags",     "tag",        "from",       "by",
      "summary",  "background", "context",    "analysis",
      "opinion",  "disclaimer", "q",          "a",
      "question", "answer",     "breaking",   "exclusive",
      "live",     "update"};
  const std::string first = absl::AsciiStrToLower(
      *absl::StrSplit(speaker, absl::ByAnyChar(" \t'’")).begin());
  return std::find(std::begin(kLabels), std::end(kLabels), first) !=
         std::end(kLabels);
}

class PhraseFinder {
 public:
  PhraseFinder(const Document& doc, const Patterns& patterns,
               std::vector<Candidate>* out)
      : doc_(doc),
        patterns_(patterns),
        out_(out),
        in_quote_(doc.in_quote),
        according_to_(FindAllIf(doc.present_patterns, Rare::kAccordingTo,
                                patterns.according_to(), doc.text)),
        nominal_(FindAllIf(doc.present_patterns, Rare::kNominalClaim,
                           patterns.nominal_claim(), doc.text)) {}

  void Run() {
    for (const Paragraph& p : doc_.paragraphs) {
      if (p.furniture) continue;
      ColonSpeaker(p);
      for (int s = p.first_sentence; s < p.end_sentence; ++s) {
        AccordingTo(s);
        Nominal(s);
      }
    }
  }

 private:
  void Emit(const ClaimParts& parts) {
    Candidate c;
    if (MakeClaim(doc_, parts, &c)) out_->push_back(std::move(c));
  }

  // The content ending at a closing quotation mark `close`: the quotation
  // alone if it opens its sentence, else the clause around it.
  int QuoteClauseStart(int close, bool* direct) const {
    const int open = doc_.tokens[close].partner;
    *direct = false;
    if (open < 0) return -1;
    const int open_first =
        doc_.sentences[doc_.token_sentence[open]].first_token;
    if (OpensSentence(doc_, open)) {
      *direct = true;
      return open;
    }
    return ClauseStart(doc_, open_first, open);
  }

  void AccordingTo(int s);
  void Nominal(int s);
  void ColonSpeaker(const Paragraph& p);

  const Document& doc_;
  const Patterns& patterns_;
  std::vector<Candidate>* out_;
  const std::vector<bool>& in_quote_;
  const std::vector<Match> according_to_;
  const std::vector<Match> nominal_;
};

void PhraseFinder::AccordingTo(int s) {
  const Sentence& sen = doc_.sentences[s];
  const int first = sen.first_token;
  const int limit = sen.end_token;
  for (const Match& match : MatchesIn(according_to_, sen.begin, sen.end)) {
    const int a = TokenAt(doc_, match.begin);
    if (a + 2 >= limit || in_quote_[a]) continue;
    const int np_begin = a + 2;
    int np_end = np_begin;
    while (np_end < limit && !EndsPhrase(doc_, np_end)) ++np_end;
    if (np_end == np_begin) continue;
    ClaimParts parts;
    parts.source = PhraseText(doc_, np_begin, np_end - 1);
    parts.source_kind = SourceKind::kDescription;
    for (int k = np_begin; k < np_end; ++k) {
      if (doc_.tokens[k].capitalised) parts.source_kind = SourceKind::kName;
    }
    parts.cue_first = a;
    parts.cue_last = a + 1;
    parts.rule = "according_to";
    parts.score = scores::kAccordingTo;

    const bool at_start =
        a == first || (a == first + 1 && doc_.Is(first, kCoordinator));
    const int prev = a - 1;
    if (at_start) {
      // "According to X, ..."
      if (np_end + 1 < limit && doc_.IsChar(np_end, ',')) {
        parts.content_first = np_end + 1;
        parts.content_end =
            FindContentEnd(doc_, np_end + 1, limit, false).token;
        Emit(parts);
      }
      continue;
    }
    if (prev < first || !(doc_.IsChar(prev, ',') || doc_.IsCloseQuote(prev) ||
                          IsDash(doc_, prev))) {
      continue;
    }
    const bool trailing =
        np_end >= limit || !doc_.IsClausePunct(np_end) ||
        (doc_.IsChar(np_end, ',') &&
         (np_end + 1 >= limit || doc_.Is(np_end + 1, kWhWord)));
    if (trailing) {
      // "..., according to X."
      int close = -1;
      if (doc_.IsCloseQuote(prev)) {
        close = prev;
      } else if (prev - 1 >= first && doc_.IsCloseQuote(prev - 1)) {
        close = prev - 1;
      }
      bool direct = false;
      int start = close >= 0 ? QuoteClauseStart(close, &direct) : -1;
      if (start < 0) {
        start = ClauseStart(doc_, first, prev);
        close = -1;
      }
      parts.content_first = start;
      parts.content_end = close >= 0 ? close + 1 : prev;
      parts.direct_quote = direct;
      Emit(parts);
      continue;
    }
    // An aside ("in what appeared -- according to X -- to be ..."): the
    // claim is what follows it.
    int j = np_end;
    while (j < limit && (doc_.IsClausePunct(j) ||
                         doc_.tokens[j].kind == TokenKind::kQuote)) {
      ++j;
    }
    if (j >= limit) continue;
    parts.content_first = j;
    parts.content_end = FindContentEnd(doc_, j, limit, false).token;
    parts.rule = "according_to_aside";
    parts.score = scores::kAccordingToAside;
    Emit(parts);
  }
}

void PhraseFinder::Nominal(int s) {
  const Sentence& sen = doc_.sentences[s];
  const int limit = sen.end_token;
  for (const Match& match : MatchesIn(nominal_, sen.begin, sen.end)) {
    const int noun = TokenAt(doc_, match.group_begin[0]);
    if (noun >= limit || in_quote_[noun]) continue;
    int that = noun + 1;
    while (that < limit && doc_.Norm(that) != "that") ++that;
    if (that + 1 >= limit) continue;
    ClaimParts parts;
    if (match.found[1] && match.group_end[1] > match.group_begin[1]) {
      // "the conclusions of the inquiry that"
      const int of_first = TokenAt(doc_, match.group_begin[1]);
      parts.source = PhraseText(doc_, of_first, that - 1);
      parts.source_kind = SourceKind::kDescription;
    } else if (noun > sen.first_token && doc_.tokens[noun - 1].possessive) {
      // "Petrov's insistence that"
      const Token& owner = doc_.tokens[noun - 1];
      parts.source = PhraseText(doc_, noun - 1, noun - 1);
      parts.source_kind =
          owner.capitalised ? SourceKind::kName : SourceKind::kDescription;
    } else {
      continue;  // An unowned "claims that" says nothing about who claims.
    }
    parts.cue_first = noun;
    parts.cue_last = noun;
    parts.content_first = that + 1;
    parts.content_end = FindContentEnd(doc_, that + 1, limit, false).token;
    parts.rule = "nominal_claim";
    parts.score = scores::kNominalClaim;
    Emit(parts);
  }
}

void PhraseFinder::ColonSpeaker(const Paragraph& p) {
  re2::StringPiece speaker;
  re2::StringPiece rest;
  if (!RE2::PartialMatch(Piece(doc_.Slice(p.begin, p.end)),
                         patterns_.colon_speaker(), &speaker, &rest)) {
    return;
  }
  const absl::string_view name(speaker.data(), speaker.size());
  if (IsLineLabel(name)) return;
  const int content = TokenAt(doc_, Offset(doc_, rest));
  int colon = content - 1;
  if (colon < 0 || !doc_.IsChar(colon, ':')) return;
  int end = content;
  while (end < static_cast<int>(doc_.tokens.size()) &&
         doc_.tokens[end].begin < p.end) {
    ++end;
  }
  for (int k = TokenAt(doc_, Offset(doc_, speaker)); k < colon; ++k) {
    if (doc_.tokens[k].cue != nullptr) return;
  }
  ClaimParts parts;
  parts.source = std::string(name);
  parts.source_kind = SourceKind::kName;
  parts.cue_first = parts.cue_last = colon;
  parts.content_first = content;
  parts.content_end = end;
  parts.direct_quote =
      doc_.IsOpenQuote(content) && doc_.tokens[content].partner == end - 1;
  parts.rule = "colon_speaker";
  parts.score = scores::kColonSpeaker;
  Emit(parts);
}

}  // namespace

void FindPhraseClaims(const Document& doc, const Patterns& patterns,
                      std::vector<Candidate>* out) {
  PhraseFinder(doc, patterns, out).Run();
}

}  // namespace spanlab::tagger
