#include "service/tagger/content.h"

#include <algorithm>

#include "service/tagger/phrases.h"

namespace spanlab::tagger {
namespace {

// True for a cue verb that can introduce or close a report: lower case (a
// capitalised "Says" is a headline word) and not a participle.
bool IsFiniteCue(const Document& doc, int i) {
  const Token& t = doc.tokens[i];
  return t.cue != nullptr && !t.capitalised && !t.cue->participle;
}

// Can token `k` open a reported clause?
bool OpensClause(const Document& doc, int k, CueClass cue_class) {
  if (doc.IsOpenQuote(k)) return true;
  if (doc.tokens[k].kind == TokenKind::kNumber) return true;
  if (!doc.IsWord(k)) return false;
  const Token& t = doc.tokens[k];
  if (doc.Is(k, kWhWord)) return false;
  if (doc.Is(k,
             kDeterminer | kSubjectPronoun | kFirstPerson | kContentStarter)) {
    return true;
  }
  if (t.capitalised) return !doc.Is(k, kFunctionWord);
  if (doc.Is(k, kPreposition | kAuxiliary | kFunctionWord | kCoordinator |
                    kSkippableAdverb | kNegation) ||
      IsLyAdverb(doc, k) || t.cue != nullptr) {
    return false;
  }
  // A bare noun phrase or gerund: "denied trying to ...", "said talks
  // would go on".
  return cue_class == CueClass::kDeny || cue_class == CueClass::kSay ||
         cue_class == CueClass::kThink;
}

}  // namespace

ContentStart FindContentStart(const Document& doc, int begin, int limit,
                              CueClass cue_class) {
  int i = begin;
  if (i >= limit) return {};
  if (doc.IsChar(i, ':') || doc.IsChar(i, ',')) {
    if (i + 1 < limit && doc.IsOpenQuote(i + 1)) return {i + 1, false};
    if (doc.IsChar(i, ':') && i + 1 < limit) return {i + 1, false};
    // "claimed, without evidence, that ...": an aside before "that".
    for (int k = i + 1; k + 2 < limit && k < i + 8; ++k) {
      if (!doc.IsChar(k, ',')) continue;
      if (doc.Norm(k + 1) == "that") return {k + 2, true};
      break;
    }
    return {};
  }
  if (doc.IsOpenQuote(i)) return {i, false};

  // "that", right after the verb or after an adverbial ("said later that
  // day on radio that", "concluded in a report released this year that").
  const bool adverbial = doc.Is(i, kPreposition | kTimeWord | kSkipPreposition);
  for (int k = i; k < limit && k < i + 12; ++k) {
    if (!doc.IsWord(k) && !doc.IsChar(k, '-')) break;
    if (k > i && doc.tokens[k].cue != nullptr) break;
    if (doc.Norm(k) != "that") continue;
    if (k + 1 < limit && doc.Is(k + 1, kTimeNoun)) continue;  // "that day"
    if (k == i && k + 1 < limit && doc.Is(k + 1, kDemonstrativeNext)) {
      return {k, false};  // "said that is the first topic": a pronoun
    }
    if ((k == i || adverbial) && k + 1 < limit) return {k + 1, true};
    break;
  }

  // Skip a time word or short prepositional phrase before the clause
  // ("told reporters after the session the ceasefire was ...").
  int k = i;
  while (k < limit && doc.Is(k, kTimeWord)) ++k;
  if (k < limit && doc.Is(k, kSkipPreposition) && !doc.Is(k, kTimeWord)) {
    int m = k + 1;
    if (m < limit && doc.Is(m, kDeterminer)) ++m;
    int words = 0;
    while (m < limit && words < 4 && doc.IsWord(m) &&
           !doc.Is(m, kDeterminer | kSubjectPronoun | kPreposition) &&
           (!doc.tokens[m].capitalised || doc.Is(m, kTimeWord))) {
      ++m;
      ++words;
    }
    if (words > 0) k = m;
  }
  if (k < limit && OpensClause(doc, k, cue_class)) return {k, false};
  return {};
}

ContentEnd FindContentEnd(const Document& doc, int begin, int limit,
                          bool stop_at_comma) {
  int k = begin;
  if (doc.IsOpenQuote(begin) && doc.tokens[begin].partner > begin) {
    const int close = doc.tokens[begin].partner;
    if (close >= limit) return {close + 1, -1};
    int rest = close + 1;
    while (rest < limit && !doc.IsWord(rest)) ++rest;
    if (rest >= limit) return {close + 1, -1};
    k = close + 1;
  }
  for (; k < limit; ++k) {
    const Token& t = doc.tokens[k];
    if (doc.IsOpenQuote(k) && t.partner > k) {
      // A comma just inside the closing mark ends the clause too:
      // "put “America First,” face-to-face".
      if (stop_at_comma && t.partner < limit &&
          doc.IsChar(t.partner - 1, ',')) {
        return {t.partner + 1, -1};
      }
      k = std::min(t.partner, limit - 1);
      continue;
    }
    if (k == begin) continue;
    if (stop_at_comma && doc.IsChar(k, ',')) return {k, -1};
    if (doc.IsClausePunct(k)) {
      int j = k + 1;
      while (j < limit && doc.tokens[j].kind == TokenKind::kQuote) ++j;
      if (j + 1 < limit && doc.Norm(j) == "according" &&
          doc.Norm(j + 1) == "to") {
        return {k, -1};
      }
      if (j < limit && doc.tokens[j].cue != nullptr &&
          doc.tokens[j].cue->participle && !doc.tokens[j].capitalised) {
        return {k, -1};
      }
      if (IsTrailingCue(doc, j, limit)) return {k, -1};
    }
    if (doc.IsWord(k) && doc.Is(k, kCoordinator)) {
      int j = k + 1;
      while (j < limit &&
             (doc.Is(j, kAuxiliary | kSkippableAdverb) || IsLyAdverb(doc, j))) {
        ++j;
      }
      if (j < limit && IsFiniteCue(doc, j) && !doc.tokens[j].cue->needs_that) {
        return {k, j};
      }
    }
  }
  return {limit, -1};
}

bool EndsCueClause(const Document& doc, int k, int limit) {
  if (k >= limit) return true;
  if (doc.tokens[k].kind == TokenKind::kPunct) return true;
  if (!doc.IsWord(k)) return false;
  if (doc.Norm(k) == "that") return false;
  return doc.Is(k, kPreposition | kTimeWord | kSkipPreposition) ||
         doc.Norm(k) == "when" || doc.Norm(k) == "while" ||
         doc.Norm(k) == "who" || IsLyAdverb(doc, k);
}

bool IsTrailingCue(const Document& doc, int begin, int limit) {
  int i = begin;
  while (i < limit && doc.tokens[i].kind == TokenKind::kQuote) ++i;
  if (i >= limit) return false;
  if (IsFiniteCue(doc, i)) {
    // "said Holm, who ..."
    const Phrase source = SourceAfter(doc, i + 1, limit);
    return source.found() && EndsCueClause(doc, source.last + 1, limit);
  }
  const Phrase source = SourceAfter(doc, i, limit);
  if (!source.found() || source.first_person) return false;
  int j = source.last + 1;
  while (j < limit &&
         (doc.Is(j, kAuxiliary | kSkippableAdverb) || IsLyAdverb(doc, j))) {
    ++j;
  }
  if (j >= limit || !IsFiniteCue(doc, j)) return false;
  const CueClass c = doc.tokens[j].cue->cue_class;
  if (c != CueClass::kSay && c != CueClass::kThink) return false;
  int after = j + 1;
  if (doc.tokens[j].cue->takes_object) {
    const int object_end = ObjectEnd(doc, after, limit);
    if (object_end > 0) after = object_end;
  }
  return EndsCueClause(doc, after, limit);
}

}  // namespace spanlab::tagger
