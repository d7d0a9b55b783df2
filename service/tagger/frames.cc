#include "service/tagger/frames.h"

#include <algorithm>
#include <string>

#include "absl/strings/match.h"
#include "service/tagger/phrases.h"

namespace spanlab::tagger {
namespace {

bool IsNameWord(const Document& doc, int i) {
  return doc.IsWord(i) && doc.tokens[i].capitalised &&
         !doc.Is(i, kFunctionWord);
}

// "Austrian meddling", "Swiss people": a capitalised adjective, not an
// actor. Demonym-like ending and a following lower-case word that is not
// a verb form.
bool IsAdjectival(const Document& doc, int i, int end) {
  const absl::string_view w = doc.Norm(i);
  if (!(absl::EndsWith(w, "an") || absl::EndsWith(w, "ese") ||
        absl::EndsWith(w, "ish") || absl::EndsWith(w, "i"))) {
    return false;
  }
  if (i + 1 >= end || !doc.IsWord(i + 1) || doc.tokens[i + 1].capitalised) {
    return false;
  }
  const absl::string_view next = doc.Norm(i + 1);
  return doc.tokens[i + 1].cue == nullptr &&
         !doc.Is(i + 1, kAuxiliary | kNegation) && !absl::EndsWith(next, "ed");
}

int FirstTokenAtOrAfter(const Document& doc, uint32_t offset) {
  auto it =
      std::lower_bound(doc.tokens.begin(), doc.tokens.end(), offset,
                       [](const Token& t, uint32_t o) { return t.begin < o; });
  return static_cast<int>(it - doc.tokens.begin());
}

// Key of the entity named at or right after `k` (skipping determiners and
// quotation marks), "" for a pronoun or nobody in reach.
std::string ObjectKey(const Document& doc, int k, int end) {
  for (int m = k; m < end && m < k + 5; ++m) {
    if (doc.tokens[m].kind == TokenKind::kQuote) continue;
    if (IsNameWord(doc, m)) {
      int j = m;
      while (j + 1 < end && IsNameWord(doc, j + 1) &&
             !doc.tokens[j].possessive) {
        ++j;
      }
      return IsAdjectival(doc, j, end) ? "" : std::string(doc.Norm(j));
    }
    if (!doc.Is(m, kDeterminer)) return "";
  }
  return "";
}

ClaimFrame Build(const Document& doc, const Lexicon& lexicon,
                 const Candidate& c, uint64_t document) {
  ClaimFrame f;
  f.document = document;
  f.source = EntityKey(c.source);
  f.source_text = c.source;
  f.score = c.score;
  f.evidence_only = c.nested;
  const int first = FirstTokenAtOrAfter(doc, c.begin);
  const int end = FirstTokenAtOrAfter(doc, c.end);

  // The first named actor, and whoever owns a claim about it.
  std::string first_entity;
  std::string owner;
  int subject_end = -1;
  for (int k = first; k < end; ++k) {
    if (!IsNameWord(doc, k)) continue;
    // "anyone besides Austria was involved": not the actor.
    const bool governed = k > first && doc.Is(k - 1, kPreposition);
    int j = k;
    while (j + 1 < end && IsNameWord(doc, j + 1) && !doc.tokens[j].possessive) {
      ++j;
    }
    if (first_entity.empty()) first_entity = std::string(doc.Norm(j));
    if (doc.tokens[j].possessive) {
      if (j + 1 < end && doc.Is(j + 1, kClaimNoun)) {
        owner = PhraseText(doc, k, j);
      }
      k = j;
      continue;
    }
    if (governed || IsAdjectival(doc, j, end)) {
      k = j;
      continue;
    }
    f.subject = std::string(doc.Norm(j));
    subject_end = j + 1;
    break;
  }

  if (subject_end > 0) {
    int p = subject_end;
    // "Silva and Petrov reached": the first actor stands for both.
    while (p + 1 < end && doc.Norm(p) == "and" && IsNameWord(doc, p + 1)) {
      p += 2;
      while (p < end && IsNameWord(doc, p)) ++p;
    }
    while (p < end &&
           (doc.Is(p, kAuxiliary | kSkippableAdverb | kNegation) ||
            IsLyAdverb(doc, p) || doc.tokens[p].kind == TokenKind::kQuote)) {
      f.negated = f.negated || doc.Is(p, kNegation);
      ++p;
    }
    if (p + 1 < end &&
        (doc.Norm(p) == "failed" || doc.Norm(p) == "refused" ||
         doc.Norm(p) == "declined") &&
        doc.Norm(p + 1) == "to") {
      f.negated = true;
      p += 2;
    }
    if (p < end && doc.IsWord(p) && !doc.tokens[p].capitalised) {
      if (doc.Is(p, kInvolvementVerb)) {
        (f.negated ? f.denies_involvement : f.asserts_involvement) = f.subject;
        if (f.negated) f.denier_text = owner.empty() ? c.source : owner;
      }
      if (!doc.Is(p, kFunctionWord | kPreposition | kCoordinator | kDeterminer |
                         kWhWord)) {
        f.predicate = lexicon.Lemma(doc.Norm(p));
      }
    }
  }

  // Stance: the first concede/challenge verb and the others of its sign.
  for (int k = first; k < end; ++k) {
    if (!doc.IsWord(k) || doc.tokens[k].capitalised ||
        !doc.Is(k, kConcedeVerb | kChallengeVerb)) {
      continue;
    }
    const absl::string_view w = doc.Norm(k);
    if (absl::StartsWith(w, "rais")) {
      // Only "raised concerns / questions / the issue" challenges.
      bool concern = false;
      for (int m = k + 1; m < end && m < k + 4; ++m) {
        const absl::string_view n = doc.Norm(m);
        concern = concern || n == "concerns" || n == "concern" ||
                  n == "questions" || n == "objections" || n == "issue" ||
                  n == "matter";
      }
      if (!concern) continue;
    }
    int sign = doc.Is(k, kConcedeVerb) ? 1 : -1;
    for (int m = std::max(first, k - 3); m < k; ++m) {
      if (doc.Is(m, kNegation)) sign = -sign;
    }
    if (f.stance != 0 && sign != f.stance) continue;
    f.stance = sign;
    f.stance_objects.push_back(ObjectKey(doc, k + 1, end));
  }

  if (c.label == Label::kDisputed && !c.disputed_by.empty()) {
    // A denial: of whose involvement, if the content is about involvement.
    for (int k = first; k < end; ++k) {
      if (doc.Is(k, kInvolvementNoun | kInvolvementVerb)) {
        f.denies_involvement =
            first_entity.empty() ? EntityKey(c.disputed_by) : first_entity;
        f.denier_text = c.disputed_by;
        break;
      }
    }
  }
  return f;
}

}  // namespace

std::vector<ClaimFrame> BuildFrames(const Document& doc, const Lexicon& lexicon,
                                    const std::vector<Candidate>& candidates,
                                    uint64_t document) {
  std::vector<ClaimFrame> frames;
  frames.reserve(candidates.size());
  for (const Candidate& c : candidates) {
    if (c.label == Label::kOpinion) {
      frames.emplace_back();
    } else {
      frames.push_back(Build(doc, lexicon, c, document));
    }
  }
  return frames;
}

}  // namespace spanlab::tagger
