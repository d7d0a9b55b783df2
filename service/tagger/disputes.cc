#include "service/tagger/disputes.h"

#include <algorithm>
#include <set>
#include <string>

#include "service/tagger/claims.h"
#include "service/tagger/phrases.h"
#include "service/tagger/scores.h"

namespace spanlab::tagger {
namespace {

bool DifferentSource(const ClaimFrame& a, const ClaimFrame& b) {
  return a.source.empty() || b.source.empty() ||
         !SameEntity(a.source, b.source);
}

// Stances towards the same named party. An unnamed one ("pressed him",
// "embrace those findings") could be anyone, so it proves nothing.
bool SameParty(const ClaimFrame& a, const ClaimFrame& b) {
  for (const std::string& x : a.stance_objects) {
    for (const std::string& y : b.stance_objects) {
      if (SameEntity(x, y)) return true;
    }
  }
  return false;
}

void Dispute(Candidate* c, const std::string& by, double score,
             const char* rule) {
  c->label = Label::kDisputed;
  c->disputed_by = by;
  c->score = std::min(c->score, score);
  c->rule = rule;
}

bool IsOpenClaim(const Candidate& c) {
  return !c.nested && c.label == Label::kAttributedClaim;
}

class DisputeFinder {
 public:
  DisputeFinder(const DisputeInputs& in, std::vector<Candidate>* candidates)
      : in_(in),
        doc_(*in.doc),
        candidates_(candidates),
        contest_(Find(Rare::kContestAccount, in.patterns->contest_account())),
        contested_by_(Find(Rare::kContestedBy, in.patterns->contested_by())),
        divergent_(
            Find(Rare::kDivergentAccounts, in.patterns->divergent_accounts())),
        unproven_(Find(Rare::kUnprovenFlag, in.patterns->unproven_flag())) {
    for (const ClaimFrame& f : *in.frames) pool_.push_back(&f);
    if (in.context != nullptr) {
      for (const ClaimFrame& f : *in.context) {
        if (f.document != in.document) pool_.push_back(&f);
      }
    }
  }

  void Run() {
    const std::vector<bool>& in_quote = doc_.in_quote;
    for (const Paragraph& p : doc_.paragraphs) {
      if (p.furniture) continue;
      for (int s = p.first_sentence; s < p.end_sentence; ++s) {
        Explicit(s, in_quote);
      }
    }
    for (size_t i = 0; i < candidates_->size(); ++i) {
      Candidate& c = (*candidates_)[i];
      if (!IsOpenClaim(c)) continue;
      if (Unproven(&c)) continue;
      Contradicted(&c, (*in_.frames)[i]);
    }
  }

 private:
  int TokenAt(size_t offset) const {
    auto it =
        std::lower_bound(doc_.tokens.begin(), doc_.tokens.end(), offset,
                         [](const Token& t, size_t o) { return t.begin < o; });
    return static_cast<int>(it - doc_.tokens.begin());
  }

  // The latest claim whose cue comes before token `before`, within three
  // paragraphs of `paragraph`, from someone other than `contester`.
  Candidate* EarlierAccount(int before, int paragraph,
                            const std::string& contester) {
    Candidate* best = nullptr;
    for (Candidate& c : *candidates_) {
      if (c.nested || c.label == Label::kOpinion || c.cue_token >= before ||
          c.paragraph < paragraph - 3 ||
          SameEntity(EntityKey(c.source), contester)) {
        continue;
      }
      if (best == nullptr || c.cue_token > best->cue_token) best = &c;
    }
    return best;
  }

  std::vector<Match> Find(Rare which, const RE2& re) const {
    return FindAllIf(doc_.present_patterns, which, re, doc_.text);
  }

  void Explicit(int s, const std::vector<bool>& in_quote);
  bool Unproven(Candidate* c);
  void Contradicted(Candidate* c, const ClaimFrame& f);

  const DisputeInputs& in_;
  const Document& doc_;
  std::vector<Candidate>* candidates_;
  std::vector<const ClaimFrame*> pool_;
  const std::vector<Match> contest_;
  const std::vector<Match> contested_by_;
  const std::vector<Match> divergent_;
  const std::vector<Match> unproven_;
};

void DisputeFinder::Explicit(int s, const std::vector<bool>& in_quote) {
  const Sentence& sen = doc_.sentences[s];
  for (const Match& m : MatchesIn(contest_, sen.begin, sen.end)) {
    // "Residents' chair Zoë Brontë disputed that account."
    const int v = TokenAt(m.group_begin[0]);
    if (v >= sen.end_token || in_quote[v]) continue;
    const Phrase who = SourceBefore(doc_, sen.first_token, v);
    if (!who.found() || who.first_person) continue;
    const std::string name = PhraseText(doc_, who.first, who.last);
    Candidate* target =
        EarlierAccount(sen.first_token, sen.paragraph, EntityKey(name));
    if (target != nullptr && target->label != Label::kDisputed) {
      Dispute(target, name, scores::kExplicitContest, "contested_account");
    }
    break;
  }
  for (const Match& m : MatchesIn(contested_by_, sen.begin, sen.end)) {
    const std::string name(doc_.Slice(m.group_begin[0], m.group_end[0]));
    // The account may be in this very sentence ("X said Y, an account
    // contradicted by Z").
    Candidate* target =
        EarlierAccount(sen.end_token, sen.paragraph, EntityKey(name));
    if (target != nullptr && target->label != Label::kDisputed) {
      Dispute(target, name, scores::kExplicitContest, "contested_account");
    }
    break;
  }
  if (MatchesIn(divergent_, sen.begin, sen.end).empty()) return;
  // The accounts are the claims reported around the cue.
  std::vector<Candidate*> accounts;
  std::set<std::string> sources;
  for (Candidate& c : *candidates_) {
    if (IsOpenClaim(c) && c.sentence >= s - 2 && c.sentence <= s + 3) {
      accounts.push_back(&c);
      sources.insert(EntityKey(c.source));
    }
  }
  if (sources.size() < 2) return;
  for (Candidate* c : accounts) {
    for (const Candidate* other : accounts) {
      if (!SameEntity(EntityKey(other->source), EntityKey(c->source))) {
        Dispute(c, other->source, scores::kExplicitContest,
                "divergent_accounts");
        break;
      }
    }
  }
}

bool DisputeFinder::Unproven(Candidate* c) {
  // "Silva claimed, without evidence, that ...": the author flags it.
  const Sentence& sen = doc_.sentences[c->sentence];
  for (const Match& m : MatchesIn(unproven_, sen.begin, sen.end)) {
    if (m.begin >= c->begin && m.begin < c->end) continue;
    Dispute(c, "author", scores::kUnprovenFlag, "unproven");
    return true;
  }
  return false;
}

void DisputeFinder::Contradicted(Candidate* c, const ClaimFrame& f) {
  // An entity said to be involved, against its denial.
  if (!f.asserts_involvement.empty()) {
    const ClaimFrame* denial = nullptr;
    for (const ClaimFrame* g : pool_) {
      if (!g->denies_involvement.empty() &&
          SameEntity(g->denies_involvement, f.asserts_involvement) &&
          DifferentSource(*g, f) &&
          (denial == nullptr || g->score > denial->score)) {
        denial = g;
      }
    }
    if (denial != nullptr) {
      Dispute(c,
              denial->denier_text.empty() ? denial->source_text
                                          : denial->denier_text,
              scores::kContradiction, "denied_involvement");
      return;
    }
  }

  // Opposite stances or polarities of the same actor: count the accounts on
  // each side.
  auto weigh = [&](auto same_event, auto agrees) -> const ClaimFrame* {
    int support = 0;
    int against = 0;
    const ClaimFrame* best = nullptr;
    for (const ClaimFrame* g : pool_) {
      if (!same_event(*g)) continue;
      if (agrees(*g)) {
        ++support;
      } else if (DifferentSource(*g, f)) {
        ++against;
        if (best == nullptr || g->score > best->score) best = g;
      }
    }
    if (against == 0) return nullptr;
    if (against > support || (against == support && f.score < best->score)) {
      return best;
    }
    return nullptr;
  };

  if (f.stance != 0 && !f.subject.empty()) {
    const ClaimFrame* by = weigh(
        [&](const ClaimFrame& g) {
          return g.stance != 0 && SameEntity(g.subject, f.subject) &&
                 SameParty(g, f);
        },
        [&](const ClaimFrame& g) { return g.stance == f.stance; });
    if (by != nullptr) {
      Dispute(c, by->source_text, scores::kContradiction, "opposite_stance");
      return;
    }
  }
  if (!f.predicate.empty() && !f.subject.empty() &&
      !in_.lexicon->IsLightVerb(f.predicate)) {
    const ClaimFrame* by = weigh(
        [&](const ClaimFrame& g) {
          return g.predicate == f.predicate && SameEntity(g.subject, f.subject);
        },
        [&](const ClaimFrame& g) { return g.negated == f.negated; });
    if (by != nullptr) {
      Dispute(c, by->source_text, scores::kContradiction, "opposite_polarity");
    }
  }
}

}  // namespace

void FindDisputes(const DisputeInputs& in, std::vector<Candidate>* candidates) {
  DisputeFinder(in, candidates).Run();
}

}  // namespace spanlab::tagger
