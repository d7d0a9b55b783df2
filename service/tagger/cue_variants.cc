// Cue verbs whose content is not simply what follows them: trailing cues
// ("..., Holm said"), asides, participles (", citing ..."), "is quoted as
// saying" and "does not know if".
#include <algorithm>
#include <string>

#include "service/tagger/claims.h"
#include "service/tagger/content.h"
#include "service/tagger/cue_finder.h"
#include "service/tagger/phrases.h"
#include "service/tagger/scores.h"

namespace spanlab::tagger {

void CueFinder::Trailing(const CueSite& site) {
  const int s = site.sentence;
  const int v = site.verb;
  const int first = First(s);
  const int limit = Limit(s);
  const CueVerb& cue = *site.cue;
  if ((cue.cue_class != CueClass::kSay && cue.cue_class != CueClass::kThink) ||
      cue.needs_that) {
    return;
  }
  ClaimParts parts;
  parts.cue_first = site.cue_first;
  parts.cue_last = v;
  int clause_begin;
  int after;
  if (site.source.found() && site.source.first > first &&
      IsBoundary(site.source.first - 1)) {
    // "..., Holm said", "“...,” he told reporters"
    SetSource(doc_, site.source, &parts);
    clause_begin = site.source.first;
    after = v + 1;
    if (cue.takes_object) {
      const int object_end = ObjectEnd(doc_, after, limit);
      if (object_end > 0) {
        parts.cue_last = object_end - 1;
        after = object_end;
      }
    }
  } else if (v > first && IsBoundary(v - 1)) {
    // "..., said Holm, who ..."
    const Phrase source = SourceAfter(doc_, v + 1, limit);
    if (!source.found() || source.first_person) return;
    SetSource(doc_, source, &parts);
    parts.cue_first = v;
    clause_begin = v;
    after = source.last + 1;
  } else {
    return;
  }

  const int boundary = clause_begin - 1;
  int close = -1;
  if (doc_.IsCloseQuote(boundary)) {
    close = boundary;
  } else if (boundary - 1 >= first && doc_.IsChar(boundary, ',') &&
             doc_.IsCloseQuote(boundary - 1)) {
    close = boundary - 1;
  }
  int content_first;
  int content_end = boundary;
  bool direct = false;
  if (close >= 0 && doc_.tokens[close].partner >= 0) {
    // The quotation may open sentences earlier; if other words precede it
    // in its sentence ("The club ended the season by “winning ...,” the
    // coach said") the whole clause is the claim.
    const int open = doc_.tokens[close].partner;
    const int open_first =
        doc_.sentences[doc_.token_sentence[open]].first_token;
    if (OpensSentence(doc_, open)) {
      content_first = open;
      direct = true;
    } else {
      content_first = ClauseStart(doc_, open_first, open);
    }
    content_end = close + 1;
  } else {
    content_first = ClauseStart(doc_, first, boundary);
    if (close >= 0) content_end = close + 1;
    // What precedes the comma must be a clause, not a fronted adverbial:
    // one that opens like an adverbial and has no comma inside is not.
    bool inner_comma = false;
    for (int k = content_first; k < boundary; ++k) {
      inner_comma = inner_comma || doc_.IsChar(k, ',');
    }
    if (content_first < boundary &&
        (doc_.Is(content_first, kAdverbialOpener) ||
         (!inner_comma && (doc_.Is(content_first, kPreposition | kTimeWord) ||
                           IsLyAdverb(doc_, content_first))))) {
      return;
    }
  }

  // After the cue: the end, an adverbial, or a second part of the claim
  // (", Holm said, but Silva pressed him").
  int second = -1;
  if (after < limit && doc_.IsChar(after, ',')) {
    int j = after + 1;
    while (j < limit && doc_.tokens[j].kind == TokenKind::kQuote) ++j;
    if (j < limit && doc_.IsWord(j) && !doc_.Is(j, kWhWord) &&
        doc_.tokens[j].cue == nullptr && !IsLyAdverb(doc_, j)) {
      if (doc_.Is(j, kCoordinator) && j + 1 < limit) ++j;
      second = j;
    }
  }
  if (second < 0 && !EndsCueClause(doc_, after, limit)) return;

  const std::string medium = MediumSuffix(s);
  parts.content_first = content_first;
  parts.content_end = content_end;
  if (second >= 0) {
    parts.score = scores::kParenthetical;
    parts.rule = "aside";
  } else if (direct) {
    parts.score = scores::kDirectQuote;
    parts.rule = "direct_quote";
  } else {
    parts.score = scores::kTrailingCue;
    parts.rule = "trailing_cue";
  }
  if (cue.cue_class == CueClass::kThink) parts.score = scores::kCognition;
  parts.direct_quote = direct;
  Candidate c;
  if (MakeClaim(doc_, parts, &c)) {
    c.cue += medium;
    out_->push_back(std::move(c));
  }
  if (second >= 0) {
    const ContentEnd end = FindContentEnd(doc_, second, limit, false);
    parts.content_first = second;
    parts.content_end = end.token;
    parts.direct_quote = false;
    if (MakeClaim(doc_, parts, &c)) {
      c.cue += medium;
      out_->push_back(std::move(c));
    }
  }
}

void CueFinder::Participle(int s, int v) {
  const int first = First(s);
  const int limit = Limit(s);
  const CueVerb& cue = *doc_.tokens[v].cue;
  int start = -1;
  if (cue.cue_class == CueClass::kInfinitive) {
    if (v + 1 < limit && doc_.Norm(v + 1) == "to") start = v + 2;
  } else if (doc_.Norm(v) == "citing") {
    if (v + 1 < limit && doc_.IsWord(v + 1)) start = v + 1;
  } else {
    start = FindContentStart(doc_, v + 1, limit, cue.cue_class).token;
  }
  if (start < 0 || start >= limit) return;
  ClaimParts parts;
  const Phrase source = SourceBefore(doc_, first, v);
  if (source.found()) {
    if (source.first_person || source.negative) return;
    SetSource(doc_, source, &parts);
  } else if (!SentenceSpeaker(s, v, &parts)) {
    return;
  }
  parts.cue_first = parts.cue_last = v;
  parts.content_first = start;
  parts.content_end = FindContentEnd(doc_, start, limit, true).token;
  parts.score = scores::kParticiple;
  parts.rule = "participle";
  if (cue.cue_class == CueClass::kDeny) {
    parts.label = Label::kDisputed;
    parts.disputed_by = parts.source;
  }
  Emit(parts);
}

void CueFinder::QuotedAsSaying(int s, int v) {
  const int first = First(s);
  int quoted = -1;
  for (int k = v - 2; k >= first && k >= v - 8; --k) {
    if (doc_.Norm(k) == "quoted") {
      quoted = k;
      break;
    }
  }
  if (quoted < 0) return;
  CueSite site;
  site.sentence = s;
  site.verb = v;
  site.cue = doc_.tokens[v].cue;
  if (quoted == v - 2) {
    // "Petrov is quoted as saying": the source precedes.
    site.source = SourceBefore(doc_, first, quoted);
    site.cue_first = quoted;
    if (site.source.found()) {
      for (int k = site.source.last + 1; k < quoted; ++k) {
        if (doc_.Is(k, kAuxiliary))
          site.cue_first = std::min(site.cue_first, k);
      }
    }
  } else {
    // "the agency quoted Petrov as saying": the source is the object.
    site.source = SourceAfter(doc_, quoted + 1, v - 1);
    site.cue_first = quoted;
  }
  if (!site.source.found() || site.source.first_person) return;
  // Treat "quoted as saying" like a finite "said".
  static const CueVerb kSaid{CueClass::kSay, false, false, false};
  site.cue = &kSaid;
  if (Leading(site)) return;
  Trailing(site);
}

void CueFinder::DoesNotKnow(const CueSite& site) {
  const int s = site.sentence;
  const int limit = Limit(s);
  const int start = site.verb + 2;
  if (start >= limit) return;
  ClaimParts parts;
  SetSource(doc_, site.source, &parts);
  parts.cue_first = site.cue_first;
  parts.cue_last = site.verb + 1;
  parts.content_first = start;
  parts.content_end = FindContentEnd(doc_, start, limit, false).token;
  parts.score = scores::kDoesNotKnow;
  parts.rule = "does_not_know";
  Emit(parts);
}

}  // namespace spanlab::tagger
