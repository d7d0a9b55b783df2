#include "service/tagger/span_rules.h"

#include <unicode/uchar.h>

#include <algorithm>
#include <string>

#include "service/tagger/text_util.h"
#include "service/text/utf8.h"

namespace spanlab::tagger {
namespace {

bool IsEdgePunct(char32_t c) {
  return c == U',' || c == U';' || c == U':' || c == U'-' || c == U'\u2013' ||
         c == U'\u2014' || c == U'*';
}

// The full stop at byte `dot` ends an abbreviation ("U.S.", "p.m.") or an
// ellipsis rather than a sentence.
bool KeepsDot(absl::string_view text, uint32_t begin, uint32_t dot) {
  if (dot == begin) return false;
  size_t word = dot;
  while (word > begin) {
    const size_t p = PrevCodePoint(text, word);
    if (IsUnicodeWhitespace(DecodeAt(text, p))) break;
    word = p;
  }
  const absl::string_view w = text.substr(word, dot - word);
  // An ellipsis, an initialism ("U.S."), or an initial ("John F.").
  return w.find('.') != absl::string_view::npos ||
         (w.size() == 1 && w[0] >= 'A' && w[0] <= 'Z');
}

// Drops a leading conjunction "that" unless it is a pronoun, which a verb
// follows ("that is the first topic").
bool DropLeadingThat(absl::string_view text, const Lexicon& lexicon,
                     uint32_t* begin, uint32_t end) {
  const absl::string_view rest = text.substr(*begin, end - *begin);
  if (rest.size() < 6 || rest.substr(0, 4) != "that") return false;
  size_t p = 4;
  if (!IsUnicodeWhitespace(DecodeAt(rest, p))) return false;
  while (p < rest.size() && IsUnicodeWhitespace(DecodeAt(rest, p))) {
    p = NextCodePoint(rest, p);
  }
  size_t q = p;
  while (q < rest.size() &&
         (u_isalpha(DecodeAt(rest, q)) || DecodeAt(rest, q) == U'\'' ||
          DecodeAt(rest, q) == U'\u2019')) {
    q = NextCodePoint(rest, q);
  }
  std::string next;
  AppendNormalised(rest.substr(p, q - p), &next);
  if (lexicon.Classes(next) & kDemonstrativeNext) return false;
  *begin += static_cast<uint32_t>(p);
  return true;
}

int Rank(Label label) { return static_cast<int>(label); }

absl::string_view LabelName(Label label) {
  switch (label) {
    case Label::kAttributedClaim:
      return kAttributedClaim;
    case Label::kDisputed:
      return kDisputed;
    case Label::kOpinion:
      return kOpinion;
  }
  return "";
}

}  // namespace

bool TrimSpan(absl::string_view text, const Lexicon& lexicon, uint32_t* begin,
              uint32_t* end) {
  for (bool changed = true; changed;) {
    changed = false;
    TrimSpace(text, begin, end);
    if (*begin >= *end) return false;
    bool is_double = false;
    const char32_t first = DecodeAt(text, *begin);
    const uint32_t last_at = static_cast<uint32_t>(PrevCodePoint(text, *end));
    const char32_t last = DecodeAt(text, last_at);
    if (IsQuoteMark(first, &is_double)) {
      // Marks at both edges enclose the span: both go, even a closing ’
      // that could pass for an apostrophe.
      if (last_at > *begin && IsQuoteMark(last, &is_double)) *end = last_at;
      *begin = static_cast<uint32_t>(NextCodePoint(text, *begin));
      changed = true;
      continue;
    }
    if (IsEdgePunct(first) || first == U'(') {
      *begin = static_cast<uint32_t>(NextCodePoint(text, *begin));
      changed = true;
      continue;
    }
    bool drop = false;
    if (IsQuoteMark(last, &is_double)) {
      // A closing single mark after a letter may be an apostrophe
      // ("the leaders’"): keep it unless it ends a quotation.
      drop = is_double || last_at == *begin ||
             !u_isalpha(DecodeAt(text, PrevCodePoint(text, last_at)));
    } else if (last == U'.') {
      drop = !KeepsDot(text, *begin, last_at);
    } else if (IsEdgePunct(last)) {
      drop = true;
    }
    if (drop) {
      *end = last_at;
      changed = true;
      continue;
    }
    changed = DropLeadingThat(text, lexicon, begin, *end);
  }
  return *begin < *end;
}

int CountWords(absl::string_view text, uint32_t begin, uint32_t end) {
  int words = 0;
  bool in_word = false;
  for (size_t p = begin; p < end; p = NextCodePoint(text, p)) {
    const bool alnum = u_isalnum(DecodeAt(text, p));
    if (alnum && !in_word) ++words;
    in_word = alnum;
  }
  return words;
}

std::vector<Suggestion> Assemble(absl::string_view text, const Lexicon& lexicon,
                                 const std::vector<Candidate>& candidates) {
  std::vector<Candidate> kept;
  for (const Candidate& c : candidates) {
    if (c.nested) continue;
    Candidate t = c;
    if (!TrimSpan(text, lexicon, &t.begin, &t.end)) continue;
    const int min_words = c.label == Label::kOpinion ? 1 : 2;
    if (CountWords(text, t.begin, t.end) < min_words) continue;
    kept.push_back(std::move(t));
  }
  std::stable_sort(kept.begin(), kept.end(),
                   [](const Candidate& a, const Candidate& b) {
                     if (Rank(a.label) != Rank(b.label)) {
                       return Rank(a.label) > Rank(b.label);
                     }
                     if (a.score != b.score) return a.score > b.score;
                     if (a.end - a.begin != b.end - b.begin) {
                       return a.end - a.begin > b.end - b.begin;
                     }
                     return a.begin < b.begin;
                   });
  std::vector<const Candidate*> chosen;
  for (const Candidate& c : kept) {
    bool free = true;
    for (const Candidate* o : chosen) {
      if (c.begin < o->end && o->begin < c.end) {
        free = false;
        break;
      }
    }
    if (free) chosen.push_back(&c);
  }
  std::sort(chosen.begin(), chosen.end(),
            [](const Candidate* a, const Candidate* b) {
              return a->begin < b->begin;
            });

  // Spans are sorted and disjoint, so one walk over the text converts every
  // byte offset to a code-point offset.
  std::vector<Suggestion> out;
  out.reserve(chosen.size());
  size_t byte = 0;
  int64_t code_point = 0;
  auto advance = [&](uint32_t to) {
    for (; byte < to; ++byte) {
      code_point += (static_cast<uint8_t>(text[byte]) & 0xC0) != 0x80;
    }
    return code_point;
  };
  for (const Candidate* c : chosen) {
    Suggestion s;
    s.start = advance(c->begin);
    s.end = advance(c->end);
    s.label = std::string(LabelName(c->label));
    s.score = c->score;
    s.rule = c->rule;
    if (c->label == Label::kOpinion) {
      s.attributes[std::string(kHolderKey)] = "author";
    } else {
      if (!c->source.empty()) s.attributes[std::string(kSourceKey)] = c->source;
      if (!c->cue.empty()) s.attributes[std::string(kCueKey)] = c->cue;
      if (c->label == Label::kDisputed && !c->disputed_by.empty()) {
        s.attributes[std::string(kDisputedByKey)] = c->disputed_by;
      }
    }
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace spanlab::tagger
