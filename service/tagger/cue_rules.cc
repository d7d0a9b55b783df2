#include "service/tagger/cue_rules.h"

#include <algorithm>
#include <string>

#include "absl/strings/match.h"
#include "service/tagger/claims.h"
#include "service/tagger/content.h"
#include "service/tagger/cue_finder.h"
#include "service/tagger/phrases.h"
#include "service/tagger/scores.h"

namespace spanlab::tagger {

void CueFinder::HandleCue(int s, int v) {
  const int first = First(s);
  const int limit = Limit(s);
  const absl::string_view verb = doc_.Norm(v);
  if (verb == "saying" && v >= first + 2 && doc_.Norm(v - 1) == "as") {
    QuotedAsSaying(s, v);
    return;
  }
  if (doc_.tokens[v].cue->participle) {
    Participle(s, v);
    return;
  }
  // "so-called" is no cue.
  if (v > first && doc_.IsChar(v - 1, '-') && !doc_.tokens[v].space_before) {
    return;
  }
  // Passive voice ("was dismissed", "were told") names no speaker here.
  int p = v - 1;
  while (p >= first && (doc_.Is(p, kSkippableAdverb) || IsLyAdverb(doc_, p))) {
    --p;
  }
  if (p >= first && doc_.Is(p, kPassiveAuxiliary)) return;

  CueSite site;
  site.sentence = s;
  site.verb = v;
  site.cue = doc_.tokens[v].cue;
  site.source = SourceBefore(doc_, first, v);
  if (site.source.negative) return;      // "Neither one told ..."
  if (site.source.first_person) return;  // "We all know": the author.
  site.cue_first = v;
  bool negated = false;
  if (site.source.found()) {
    for (int k = site.source.last + 1; k < v; ++k) {
      if (doc_.Is(k, kAuxiliary | kNegation)) {
        site.cue_first = std::min(site.cue_first, k);
      }
      negated = negated || doc_.Is(k, kNegation);
    }
  }
  if (negated) {
    if ((verb == "know" || verb == "knows" || verb == "knew") &&
        v + 1 < limit &&
        (doc_.Norm(v + 1) == "if" || doc_.Norm(v + 1) == "whether")) {
      DoesNotKnow(site);
    }
    return;  // "did not tell reporters what ...": nothing reported.
  }
  if (Leading(site)) return;
  Trailing(site);
}

bool CueFinder::Leading(const CueSite& site) {
  if (!site.source.found()) return false;
  const int s = site.sentence;
  const int v = site.verb;
  const int limit = Limit(s);
  const CueVerb& cue = *site.cue;
  const absl::string_view verb = doc_.Norm(v);
  CueClass cue_class = cue.cue_class;
  ClaimParts parts;
  SetSource(doc_, site.source, &parts);
  parts.cue_first = site.cue_first;
  parts.cue_last = v;

  int k = v + 1;
  int object_end = -1;
  if (cue.takes_object) {
    if (absl::StartsWith(verb, "call") && k < limit && doc_.Norm(k) == "on") {
      // "called on X to ..."
      object_end = ObjectEnd(doc_, k + 1, limit);
      if (object_end < 0) return false;
      cue_class = CueClass::kInfinitive;
      parts.cue_last = k;
      k = object_end;
    } else {
      object_end = ObjectEnd(doc_, k, limit);
      if (object_end < 0 && cue_class != CueClass::kSay) return false;
      if (object_end > 0) {
        if (cue_class == CueClass::kSay) parts.cue_last = object_end - 1;
        k = object_end;
      }
    }
  }

  int start = -1;
  bool after_that = false;
  switch (cue_class) {
    case CueClass::kInfinitive:
      if (k < limit && doc_.Norm(k) == "to") start = k + 1;
      break;
    case CueClass::kAccuse:
      if (k < limit && doc_.Norm(k) == "of") start = k + 1;
      break;
    case CueClass::kCharacterize:
      if (absl::StartsWith(verb, "call") || absl::StartsWith(verb, "dub")) {
        // "called the debate “healthy”": the object, then what it is called.
        if (object_end > 0 && k < limit && !doc_.Is(k, kPreposition)) {
          start = k;
        }
      } else if (k < limit && doc_.Norm(k) == "as") {
        start = k + 1;
      }
      break;
    default: {
      const ContentStart cs = FindContentStart(doc_, k, limit, cue_class);
      start = cs.token;
      after_that = cs.after_that;
      if (cue.needs_that && !after_that) start = -1;
    }
  }
  if (start < 0 || start >= limit) return false;
  const ContentEnd end = FindContentEnd(doc_, start, limit, false);

  if (cue_class == CueClass::kDeny) {
    int j = start;
    if (j + 1 < end.token && doc_.Is(j, kDeterminer)) ++j;
    // "the union's claim", "the fans’ claim"
    const int owned = doc_.tokens[j].possessive ? j + 1
                      : j + 1 < end.token &&
                              doc_.tokens[j + 1].quote == QuoteRole::kApostrophe
                          ? j + 2
                          : -1;
    if (owned > 0 && owned + 1 < end.token && doc_.Is(owned, kClaimNoun) &&
        doc_.Norm(owned + 1) == "that") {
      // "rejected the union's claim that X": X is the union's, disputed.
      parts.disputed_by = parts.source;
      parts.source = PhraseText(doc_, start, owned - 1);
      parts.source_kind = SourceKind::kDescription;
      start = owned + 2;
    } else if (j + 1 < end.token && doc_.Is(j, kClaimNoun) &&
               doc_.Norm(j + 1) == "that") {
      parts.disputed_by = parts.source;
      start = j + 2;
    } else if (end.token - start <= 3 && doc_.Is(end.token - 1, kAccountNoun)) {
      return true;  // "disputed that account": the contest rule's case.
    } else {
      parts.disputed_by = parts.source;
    }
    parts.label = Label::kDisputed;
  }

  parts.content_first = start;
  parts.content_end = end.token;
  const bool quoted =
      doc_.IsOpenQuote(start) && doc_.tokens[start].partner == end.token - 1;
  switch (cue_class) {
    case CueClass::kSay:
      parts.score = quoted       ? scores::kDirectQuote
                    : after_that ? scores::kIndirectSpeechThat
                                 : scores::kIndirectSpeech;
      parts.rule = quoted ? "direct_quote" : "indirect_speech";
      parts.direct_quote = quoted;
      break;
    case CueClass::kThink:
      parts.score = scores::kCognition;
      parts.rule = "cognition";
      break;
    case CueClass::kDeny:
      parts.score = scores::kDenial;
      parts.rule = "denial";
      break;
    case CueClass::kInfinitive:
      parts.score = scores::kInfinitive;
      parts.rule = "infinitive";
      break;
    case CueClass::kAccuse:
      parts.score = scores::kAccusation;
      parts.rule = "accusation";
      break;
    case CueClass::kCharacterize:
      parts.score = scores::kCharacterization;
      parts.rule = "characterization";
      break;
  }
  Candidate c;
  if (MakeClaim(doc_, parts, &c)) {
    if (cue_class == CueClass::kSay) c.cue += MediumSuffix(s);
    out_->push_back(std::move(c));
  }
  if (end.coordinated_cue >= 0) {
    // "Holm said X but conceded Y": Y has the same source.
    CueSite next = site;
    next.verb = next.cue_first = end.coordinated_cue;
    next.cue = doc_.tokens[end.coordinated_cue].cue;
    Leading(next);
  }
  return true;
}

void FindCueClaims(const Document& doc, const Patterns& patterns,
                   std::vector<Candidate>* out) {
  CueFinder(doc, patterns, out).Run();
}

}  // namespace spanlab::tagger
