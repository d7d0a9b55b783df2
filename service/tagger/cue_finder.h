// The cue-verb rules' working object, shared by cue_rules.cc (cues with
// the content after them) and cue_variants.cc (trailing cues, asides,
// participles and the special verbs). Internal to the tagger.
#ifndef SPANLAB_SERVICE_TAGGER_CUE_FINDER_H_
#define SPANLAB_SERVICE_TAGGER_CUE_FINDER_H_

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "service/tagger/candidate.h"
#include "service/tagger/claims.h"
#include "service/tagger/document.h"
#include "service/tagger/lexicon.h"
#include "service/tagger/patterns.h"
#include "service/tagger/phrases.h"

namespace spanlab::tagger {

// Where a cue was found and what is known about it.
struct CueSite {
  int sentence = -1;
  int verb = -1;       // The cue verb (for "is quoted as saying": saying).
  int cue_first = -1;  // First token of the cue as it will be reported.
  const CueVerb* cue = nullptr;
  Phrase source;  // Found before the cue, if any.
};

// Finds the claims of the cue verbs of one document (FindCueClaims); one
// object per document and call.
class CueFinder {
 public:
  CueFinder(const Document& doc, const Patterns& patterns,
            std::vector<Candidate>* out)
      : doc_(doc),
        out_(out),
        in_quote_(doc.in_quote),
        media_(FindAllIf(doc.present_patterns, Rare::kInStatement,
                         patterns.in_statement(), doc.text)) {}

  void Run() {
    for (const Paragraph& p : doc_.paragraphs) {
      if (p.furniture) continue;
      for (int s = p.first_sentence; s < p.end_sentence; ++s) {
        const Sentence& sen = doc_.sentences[s];
        for (int v = sen.first_token; v < sen.end_token; ++v) {
          const Token& t = doc_.tokens[v];
          if (t.cue != nullptr && !t.capitalised && !in_quote_[v]) {
            HandleCue(s, v);
          }
        }
      }
    }
  }

 private:
  int First(int s) const { return doc_.sentences[s].first_token; }
  int Limit(int s) const { return doc_.sentences[s].end_token; }

  bool IsBoundary(int i) const {
    return doc_.IsChar(i, ',') || doc_.IsCloseQuote(i) || IsDash(doc_, i);
  }

  // "said" -> "said in a statement" when the sentence names the medium.
  std::string MediumSuffix(int s) const {
    const Sentence& sen = doc_.sentences[s];
    for (const Match& m : MatchesIn(media_, sen.begin, sen.end)) {
      return absl::StrCat(" in a ",
                          doc_.Slice(m.group_begin[0], m.group_end[0]));
    }
    return "";
  }

  void Emit(const ClaimParts& parts) {
    Candidate c;
    if (MakeClaim(doc_, parts, &c)) out_->push_back(std::move(c));
  }

  // Who speaks in sentence `s` before token `v` (", citing ..." continues
  // their words): the source of a claim already found there, else the
  // first source phrase outside quotations.
  bool SentenceSpeaker(int s, int v, ClaimParts* parts) const {
    for (auto it = out_->rbegin(); it != out_->rend(); ++it) {
      if (it->sentence == s && it->cue_token < v && !it->source.empty()) {
        parts->source = it->source;
        parts->source_kind = it->source_kind;
        return true;
      }
    }
    for (int k = First(s); k < v; ++k) {
      if (in_quote_[k] || doc_.IsOpenQuote(k)) continue;
      const Phrase p = SourceAfter(doc_, k, v);
      if (p.found() && !p.first_person && !p.negative) {
        SetSource(doc_, p, parts);
        return true;
      }
    }
    return false;
  }

  void HandleCue(int s, int v);
  bool Leading(const CueSite& site);
  void Trailing(const CueSite& site);
  void Participle(int s, int v);
  void QuotedAsSaying(int s, int v);
  void DoesNotKnow(const CueSite& site);

  const Document& doc_;
  std::vector<Candidate>* out_;
  const std::vector<bool>& in_quote_;
  const std::vector<Match> media_;  // "in a statement" and the like.
};

}  // namespace spanlab::tagger

#endif  // SPANLAB_SERVICE_TAGGER_CUE_FINDER_H_
