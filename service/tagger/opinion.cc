#include "service/tagger/opinion.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "service/tagger/claims.h"
#include "service/tagger/scores.h"

namespace spanlab::tagger {
namespace {

// "the most recent", "for the most part": superlatives that judge nothing.
bool IsNeutralSuperlative(absl::string_view word) {
  static constexpr absl::string_view kWords[] = {
      "recent", "part",     "likely",     "senior", "common", "populous",
      "part",   "frequent", "frequently", "often",  "widely", "people",
      "votes",  "seats",    "money",      "time"};
  const std::string w = absl::AsciiStrToLower(word);
  return std::find(std::begin(kWords), std::end(kWords), w) != std::end(kWords);
}

class OpinionFinder {
 public:
  OpinionFinder(const Document& doc, const Patterns& patterns,
                std::vector<Candidate>* candidates)
      : doc_(doc),
        candidates_(candidates),
        in_quote_(doc.in_quote),
        claims_(candidates->size()),
        frame_(FindAllIf(doc.present_patterns, Rare::kOpinionFrame,
                         patterns.opinion_frame(), doc.text)),
        manner_(FindAllIf(doc.present_patterns, Rare::kOpinionManner,
                          patterns.opinion_manner(), doc.text)),
        hedge_(FindAllIf(doc.present_patterns, Rare::kOpinionHedge,
                         patterns.opinion_hedge(), doc.text)),
        evaluative_(FindAllIf(doc.present_patterns, Rare::kOpinionEvaluative,
                              patterns.opinion_evaluative(), doc.text)),
        superlative_(FindAllIf(doc.present_patterns, Rare::kSuperlative,
                               patterns.superlative(), doc.text)),
        mind_(FindAllIf(doc.present_patterns, Rare::kOpinionMind,
                        patterns.opinion_mind(), doc.text)) {}

  void Run() {
    for (const Paragraph& p : doc_.paragraphs) {
      if (p.furniture || p.excerpt) continue;
      for (int s = p.first_sentence; s < p.end_sentence; ++s) Scan(s);
    }
  }

 private:
  int TokenAt(size_t offset) const {
    auto it =
        std::lower_bound(doc_.tokens.begin(), doc_.tokens.end(), offset,
                         [](const Token& t, size_t o) { return t.end <= o; });
    return static_cast<int>(it - doc_.tokens.begin());
  }

  // Inside a quotation or a claim: someone else's words.
  bool Masked(size_t offset) const {
    const int t = TokenAt(offset);
    if (t < static_cast<int>(in_quote_.size()) && in_quote_[t]) return true;
    for (size_t i = 0; i < claims_; ++i) {
      const Candidate& c = (*candidates_)[i];
      if (!c.nested && c.begin <= offset && offset < c.end) return true;
    }
    return false;
  }

  bool HasClaim(int s) const {
    const Sentence& sen = doc_.sentences[s];
    for (size_t i = 0; i < claims_; ++i) {
      const Candidate& c = (*candidates_)[i];
      if (c.nested) continue;
      if (c.sentence == s || (c.begin < sen.end && sen.begin < c.end)) {
        return true;
      }
    }
    return false;
  }

  void Emit(uint32_t begin, uint32_t end, double score, const char* rule,
            int s) {
    Candidate c;
    c.begin = begin;
    c.end = end;
    c.label = Label::kOpinion;
    c.score = score;
    c.rule = rule;
    c.sentence = s;
    c.paragraph = doc_.sentences[s].paragraph;
    candidates_->push_back(std::move(c));
  }

  // First match of `all` in sentence `s` outside quotations and claims.
  const Match* FindUnmasked(const std::vector<Match>& all, int s) const {
    const Sentence& sen = doc_.sentences[s];
    for (const Match& m : MatchesIn(all, sen.begin, sen.end)) {
      if (m.end <= sen.end && !Masked(m.begin)) return &m;
    }
    return nullptr;
  }

  // The appositive holding byte `at` (", a humiliating defeat that ..., "),
  // else the whole sentence.
  void ClauseOf(int s, size_t at, uint32_t* begin, uint32_t* end) const {
    const Sentence& sen = doc_.sentences[s];
    *begin = sen.begin;
    *end = sen.end;
    const int t = TokenAt(at);
    int left = -1;
    int right = -1;
    for (int k = t - 1; k >= sen.first_token; --k) {
      if (doc_.IsChar(k, ',') && !in_quote_[k]) {
        left = k;
        break;
      }
    }
    for (int k = t + 1; k < sen.end_token; ++k) {
      if (doc_.IsChar(k, ',') && !in_quote_[k]) {
        right = k;
        break;
      }
    }
    if (left < 0 || right < 0 || left + 1 >= right) return;
    const absl::string_view first = doc_.Norm(left + 1);
    if (first != "a" && first != "an") return;
    *begin = doc_.tokens[left + 1].begin;
    *end = doc_.tokens[right - 1].end;
  }

  void Scan(int s);

  const Document& doc_;
  std::vector<Candidate>* candidates_;
  const std::vector<bool>& in_quote_;
  size_t claims_;  // candidates_[0, claims_) are the claims.
  const std::vector<Match> frame_;
  const std::vector<Match> manner_;
  const std::vector<Match> hedge_;
  const std::vector<Match> evaluative_;
  const std::vector<Match> superlative_;
  const std::vector<Match> mind_;
};

void OpinionFinder::Scan(int s) {
  const Sentence& sen = doc_.sentences[s];
  const bool has_claim = HasClaim(s);
  bool framed = false;
  if (const Match* m = FindUnmasked(frame_, s)) {
    if (!has_claim && m->begin == sen.begin) {
      Emit(sen.begin, sen.end, scores::kOpinionFrame, "opinion_frame", s);
      return;
    }
    Emit(m->begin, m->end, scores::kOpinionFrame, "opinion_frame", s);
    framed = true;
  }
  if (const Match* m = FindUnmasked(manner_, s)) {
    Emit(m->begin, m->end, scores::kOpinionManner, "opinion_manner", s);
    framed = true;
  }
  if (framed) {
    for (size_t i = 0; i < claims_; ++i) {
      Candidate& c = (*candidates_)[i];
      if (c.sentence == s) {
        c.score = std::max(0.0, c.score + scores::kAuthorFraming);
      }
    }
  }
  if (has_claim || framed) return;

  if (const Match* m = FindUnmasked(mind_, s)) {
    // ", knowing the world would ...": the clause up to the next break.
    const int first = TokenAt(m->group_begin[0]);
    int last = first;
    while (last + 1 < sen.end_token && !doc_.IsClausePunct(last + 1)) ++last;
    Emit(doc_.tokens[first].begin, doc_.tokens[last].end, scores::kOpinionMind,
         "opinion_mind", s);
    return;
  }

  double best = 0;
  int kinds = 0;
  size_t at = sen.begin;
  const char* rule = "";
  auto consider = [&](double score, size_t offset, const char* name) {
    ++kinds;
    if (score > best) {
      best = score;
      at = offset;
      rule = name;
    }
  };
  if (const Match* m = FindUnmasked(hedge_, s)) {
    consider(scores::kOpinionHedge, m->begin, "opinion_hedge");
  }
  if (const Match* m = FindUnmasked(superlative_, s)) {
    if (!IsNeutralSuperlative(doc_.Slice(m->group_begin[0], m->group_end[0]))) {
      consider(scores::kOpinionSuperlative, m->begin, "opinion_superlative");
    }
  }
  if (const Match* m = FindUnmasked(evaluative_, s)) {
    consider(scores::kOpinionEvaluative, m->begin, "opinion_evaluative");
  }
  const int last = sen.end_token - 1;
  if (last >= sen.first_token && doc_.IsChar(last, '?') && !in_quote_[last]) {
    consider(scores::kOpinionQuestion, sen.begin, "opinion_question");
  }
  if (kinds == 0) return;
  // More kinds of evidence in one sentence, more confidence.
  const double score = std::min(1.0, best + 0.05 * (kinds - 1));
  uint32_t begin;
  uint32_t end;
  ClauseOf(s, at, &begin, &end);
  Emit(begin, end, score, rule, s);
}

}  // namespace

void FindOpinions(const Document& doc, const Patterns& patterns,
                  std::vector<Candidate>* candidates) {
  OpinionFinder(doc, patterns, candidates).Run();
}

}  // namespace spanlab::tagger
