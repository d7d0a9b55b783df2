#include "service/tagger/claims.h"

#include <algorithm>
#include <numeric>

#include "absl/strings/ascii.h"
#include "service/tagger/scores.h"

namespace spanlab::tagger {

bool MakeClaim(const Document& doc, const ClaimParts& parts, Candidate* out) {
  if (parts.content_first < 0 || parts.content_end <= parts.content_first ||
      parts.cue_first < 0) {
    return false;
  }
  Candidate c;
  c.begin = doc.tokens[parts.content_first].begin;
  c.end = doc.tokens[parts.content_end - 1].end;
  c.label = parts.label;
  double score = parts.score;
  switch (parts.source_kind) {
    case SourceKind::kDescription:
      score += scores::kDescribedSource;
      break;
    case SourceKind::kPronoun:
      score += scores::kPronounSource;
      break;
    case SourceKind::kGeneric:
      score += scores::kGenericSource;
      break;
    default:
      break;
  }
  c.score = std::clamp(score, 0.0, 1.0);
  c.rule = parts.rule;
  c.source = parts.source;
  c.source_kind = parts.source_kind;
  c.disputed_by = parts.disputed_by;
  const int cue_last = std::max(parts.cue_first, parts.cue_last);
  c.cue = std::string(
      doc.Slice(doc.tokens[parts.cue_first].begin, doc.tokens[cue_last].end));
  c.cue_token = parts.cue_first;
  c.sentence = doc.token_sentence[parts.cue_first];
  c.paragraph = doc.sentences[c.sentence].paragraph;
  c.direct_quote = parts.direct_quote;
  *out = std::move(c);
  return true;
}

void SetSource(const Document& doc, const Phrase& phrase, ClaimParts* parts) {
  parts->source = PhraseText(doc, phrase.first, phrase.last);
  parts->source_kind = phrase.kind;
}

bool OpensSentence(const Document& doc, int i) {
  for (int k = doc.sentences[doc.token_sentence[i]].first_token; k < i; ++k) {
    if (doc.IsWord(k) || doc.tokens[k].kind == TokenKind::kQuote) return false;
  }
  return true;
}

int ClauseStart(const Document& doc, int first, int before) {
  for (int k = before - 1; k > first; --k) {
    if (!doc.IsClausePunct(k) || k + 1 >= before || !doc.IsWord(k + 1)) {
      continue;
    }
    const absl::string_view w = doc.Norm(k + 1);
    if (w == "while" || w == "whereas" || w == "although" || w == "though" ||
        w == "but") {
      return k + 2;
    }
  }
  return first;
}

void MarkNested(const Document& doc, std::vector<Candidate>* claims) {
  std::vector<size_t> order(claims->size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    const Candidate& x = (*claims)[a];
    const Candidate& y = (*claims)[b];
    return x.end - x.begin > y.end - y.begin;
  });
  std::vector<size_t> outer;
  for (size_t i : order) {
    Candidate& c = (*claims)[i];
    const uint32_t cue = doc.tokens[c.cue_token].begin;
    for (size_t o : outer) {
      const Candidate& a = (*claims)[o];
      if (a.begin <= cue && cue < a.end) {
        c.nested = true;
        break;
      }
    }
    if (!c.nested) outer.push_back(i);
  }
}

void ResolvePronouns(std::vector<Candidate>* claims) {
  std::vector<Candidate*> order;
  for (Candidate& c : *claims) order.push_back(&c);
  std::stable_sort(order.begin(), order.end(),
                   [](const Candidate* a, const Candidate* b) {
                     return a->cue_token < b->cue_token;
                   });
  const Candidate* last_named = nullptr;
  for (Candidate* c : order) {
    if (c->nested) continue;
    if (c->source_kind == SourceKind::kName) {
      last_named = c;
      continue;
    }
    if (c->source_kind != SourceKind::kPronoun || last_named == nullptr) {
      continue;
    }
    const std::string pronoun = absl::AsciiStrToLower(c->source);
    if ((pronoun == "he" || pronoun == "she") &&
        c->paragraph - last_named->paragraph <= 2) {
      c->source = last_named->source;
      c->source_kind = SourceKind::kName;
    }
  }
}

}  // namespace spanlab::tagger
