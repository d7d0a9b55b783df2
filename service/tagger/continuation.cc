#include "service/tagger/continuation.h"

#include "service/tagger/claims.h"
#include "service/tagger/scores.h"

namespace spanlab::tagger {
namespace {

bool Overlaps(const std::vector<Candidate>& claims, uint32_t begin,
              uint32_t end) {
  for (const Candidate& c : claims) {
    if (!c.nested && c.begin < end && begin < c.end) return true;
  }
  return false;
}

// The claim of paragraph `paragraph` that ends last before byte `before`.
const Candidate* LastClaimBefore(const std::vector<Candidate>& claims,
                                 int paragraph, uint32_t before) {
  const Candidate* best = nullptr;
  for (const Candidate& c : claims) {
    if (c.nested || c.paragraph != paragraph || c.end > before ||
        c.label == Label::kOpinion) {
      continue;
    }
    if (best == nullptr || c.end > best->end) best = &c;
  }
  return best;
}

Candidate Continue(const Candidate& from, uint32_t begin, uint32_t end,
                   int cue_token, int sentence, int paragraph, double score,
                   const char* rule) {
  Candidate c;
  c.begin = begin;
  c.end = end;
  c.label = Label::kAttributedClaim;
  c.score = score;
  c.rule = rule;
  c.source = from.source;
  c.source_kind = from.source_kind;
  c.cue = from.cue;
  c.cue_token = cue_token;
  c.sentence = sentence;
  c.paragraph = paragraph;
  c.direct_quote = true;
  return c;
}

}  // namespace

void AddContinuations(const Document& doc, std::vector<Candidate>* claims) {
  const std::vector<bool>& in_quote = doc.in_quote;
  int previous_text_paragraph = -1;
  for (int pi = 0; pi < static_cast<int>(doc.paragraphs.size()); ++pi) {
    const Paragraph& para = doc.paragraphs[pi];
    if (para.furniture) continue;
    for (int s = para.first_sentence; s < para.end_sentence; ++s) {
      const Sentence& sen = doc.sentences[s];
      int o = sen.first_token;
      while (o < sen.end_token && !doc.IsWord(o) &&
             doc.tokens[o].kind != TokenKind::kQuote) {
        ++o;  // Leading symbols: "🎉 “..."
      }
      if (o < sen.end_token && doc.IsOpenQuote(o) && !in_quote[o] &&
          doc.tokens[o].partner > o) {
        // A sentence that opens with a quotation, perhaps running on into
        // later sentences.
        const uint32_t begin = doc.tokens[o].begin;
        const uint32_t end = doc.tokens[doc.tokens[o].partner].end;
        if (Overlaps(*claims, begin, end)) continue;
        const Candidate* from = LastClaimBefore(*claims, pi, begin);
        double score = scores::kQuoteContinuation;
        if (from == nullptr && s == para.first_sentence &&
            previous_text_paragraph >= 0) {
          from = LastClaimBefore(*claims, previous_text_paragraph, begin);
          if (from != nullptr && !from->direct_quote) from = nullptr;
          score = scores::kQuoteContinuationNextParagraph;
        }
        if (from == nullptr) continue;
        claims->push_back(
            Continue(*from, begin, end, o, s, pi, score, "quote_continuation"));
        continue;
      }
      if (s == para.first_sentence) continue;
      // "... Holm said. The talks were “long and useful.”"
      bool has_quote = false;
      for (int k = sen.first_token; k < sen.end_token; ++k) {
        if (doc.IsOpenQuote(k) && doc.tokens[k].partner > k &&
            doc.tokens[k].partner < sen.end_token) {
          has_quote = true;
        }
      }
      if (!has_quote || Overlaps(*claims, sen.begin, sen.end)) continue;
      const Candidate* from = LastClaimBefore(*claims, pi, sen.begin);
      if (from == nullptr || !from->direct_quote || from->sentence != s - 1) {
        continue;
      }
      claims->push_back(Continue(*from, sen.begin, sen.end, sen.first_token, s,
                                 pi, scores::kPartialQuoteContinuation,
                                 "partial_quote_continuation"));
    }
    previous_text_paragraph = pi;
  }
}

}  // namespace spanlab::tagger
