#include "service/tagger/phrases.h"

#include <algorithm>

#include "absl/strings/match.h"
#include "service/tagger/text_util.h"
#include "service/text/utf8.h"

namespace spanlab::tagger {
namespace {

// Capitalised and not a function word: part of a name or title.
bool IsNameWord(const Document& doc, int i) {
  return doc.IsWord(i) && doc.tokens[i].capitalised &&
         !doc.Is(i, kFunctionWord);
}

bool IsRoleWord(const Document& doc, int i) {
  return doc.IsWord(i) && !doc.tokens[i].capitalised &&
         doc.Is(i, kRoleNoun | kRoleModifier | kGenericSource);
}

// A lower-case word that can be part of a noun phrase ("the harbour
// master"): no function word, auxiliary, cue verb or adverb.
bool IsPlainWord(const Document& doc, int i) {
  return doc.IsWord(i) && !doc.tokens[i].capitalised &&
         !doc.Is(i, kFunctionWord | kPreposition | kAuxiliary | kWhWord |
                        kNegation | kCoordinator | kDeterminer |
                        kSkippableAdverb) &&
         doc.tokens[i].cue == nullptr && !IsLyAdverb(doc, i);
}

Phrase Single(int i, SourceKind kind) {
  Phrase p;
  p.first = p.last = i;
  p.kind = kind;
  return p;
}

// The noun phrase whose last token is `i`, starting no earlier than
// `limit`.
Phrase NounPhraseEndingAt(const Document& doc, int limit, int i) {
  if (i < limit || !doc.IsWord(i)) return {};
  if (doc.Is(i, kFirstPerson)) {
    Phrase p = Single(i, SourceKind::kPronoun);
    p.first_person = true;
    return p;
  }
  if (doc.Is(i, kSubjectPronoun)) return Single(i, SourceKind::kPronoun);
  if (doc.Is(i, kNegativeSource)) {
    Phrase p = Single(i, SourceKind::kNone);
    p.negative = true;
    return p;
  }
  SourceKind kind;
  if (doc.Is(i, kGenericSource)) {
    kind = SourceKind::kGeneric;
  } else if (IsNameWord(doc, i)) {
    kind = SourceKind::kName;
  } else if (doc.Is(i, kRoleNoun)) {
    kind = SourceKind::kDescription;
  } else if (IsPlainWord(doc, i)) {
    // Any noun heads a source once a determiner or owner opens the phrase:
    // "the harbour master", "the city's transport office".
    for (int j = i - 1; j >= limit && j >= i - 5; --j) {
      if (doc.Is(j, kDeterminer) && !doc.Is(j, kGenericSource)) {
        Phrase p;
        p.first = j;
        p.last = i;
        p.kind = SourceKind::kDescription;
        return p;
      }
      if (doc.IsWord(j) && doc.tokens[j].possessive) {
        Phrase p;
        p.first = j;
        p.last = i;
        p.kind = SourceKind::kDescription;
        while (p.first - 1 >= limit && (IsNameWord(doc, p.first - 1) ||
                                        doc.Is(p.first - 1, kDeterminer))) {
          --p.first;
        }
        return p;
      }
      if (!IsPlainWord(doc, j) && !IsNameWord(doc, j) &&
          !IsInnerHyphen(doc, j)) {
        break;
      }
    }
    return {};
  } else {
    return {};
  }
  int j = i;
  while (j - 1 >= limit) {
    const int k = j - 1;
    if (IsNameWord(doc, k) || IsRoleWord(doc, k)) {
      j = k;
    } else if (doc.IsWord(k) && doc.tokens[k].possessive) {
      j = k;  // "Petrov's spokesman"
    } else if ((doc.Norm(k) == "of" || doc.Norm(k) == "and") &&
               k - 1 >= limit &&
               (IsNameWord(doc, k - 1) || IsRoleWord(doc, k - 1)) &&
               (IsNameWord(doc, j) || IsRoleWord(doc, j))) {
      j = k - 1;  // "Secretary of State", "the secretary of state"
    } else if (IsInnerHyphen(doc, k)) {
      j = k - 1;  // "state-run"
    } else if (doc.Is(k, kDeterminer)) {
      j = k;
      break;
    } else {
      break;
    }
  }
  // A capitalised function word ("The") may open the phrase; any other
  // leading function word ("But Holm") does not belong to it.
  while (j < i && doc.Is(j, kFunctionWord) && !doc.Is(j, kDeterminer)) ++j;
  Phrase p;
  p.first = j;
  p.last = i;
  p.kind = kind;
  return p;
}

}  // namespace

bool IsInnerHyphen(const Document& doc, int i) {
  const Token& t = doc.tokens[i];
  return doc.IsChar(i, '-') && !t.space_before && i > 0 &&
         i + 1 < static_cast<int>(doc.tokens.size()) &&
         !doc.tokens[i + 1].space_before && doc.IsWord(i - 1) &&
         doc.IsWord(i + 1);
}

bool IsDash(const Document& doc, int i) {
  const absl::string_view s = doc.Text(doc.tokens[i]);
  if (s == "\xE2\x80\x93" || s == "\xE2\x80\x94") return true;
  return s == "-" && !IsInnerHyphen(doc, i);
}

bool IsLyAdverb(const Document& doc, int i) {
  if (!doc.IsWord(i) || doc.tokens[i].capitalised) return false;
  const absl::string_view w = doc.Norm(i);
  if (w.size() < 5 || !absl::EndsWith(w, "ly")) return false;
  static constexpr absl::string_view kNotAdverbs[] = {
      "early", "daily", "likely", "family", "weekly", "monthly",  "yearly",
      "rally", "reply", "supply", "apply",  "ally",   "assembly", "italy"};
  return std::find(std::begin(kNotAdverbs), std::end(kNotAdverbs), w) ==
         std::end(kNotAdverbs);
}

Phrase SourceBefore(const Document& doc, int limit, int end) {
  int i = end - 1;
  while (i >= limit &&
         (doc.Is(i, kAuxiliary | kSkippableAdverb | kNegation) ||
          IsLyAdverb(doc, i) || doc.tokens[i].kind == TokenKind::kQuote)) {
    --i;
  }
  if (i < limit) return {};
  if (doc.IsChar(i, ',') || IsDash(doc, i)) {
    // "Berg, Petrov's spokesman, said": the head before the aside.
    for (int k = i - 1; k > limit && k >= i - 25; --k) {
      if (doc.IsChar(k, ',') || IsDash(doc, k)) {
        int h = k - 1;
        while (h > limit && IsDash(doc, h)) --h;
        return NounPhraseEndingAt(doc, limit, h);
      }
    }
    return {};
  }
  return NounPhraseEndingAt(doc, limit, i);
}

Phrase SourceAfter(const Document& doc, int begin, int limit) {
  if (begin >= limit || !doc.IsWord(begin)) return {};
  if (doc.Is(begin, kFirstPerson)) {
    Phrase p = Single(begin, SourceKind::kPronoun);
    p.first_person = true;
    return p;
  }
  if (doc.Is(begin, kSubjectPronoun)) {
    return Single(begin, SourceKind::kPronoun);
  }
  int j = begin;
  const bool determined = doc.Is(j, kDeterminer) && !doc.Is(j, kGenericSource);
  if (determined) ++j;
  const int start = j;
  int last = -1;
  while (j < limit && j - begin < 12) {
    // A past-tense word ends the phrase: "The club | raised prices".
    if (IsPlainWord(doc, j) && !doc.Is(j, kRoleNoun) &&
        absl::EndsWith(doc.Norm(j), "ed")) {
      break;
    }
    if (IsNameWord(doc, j) || IsRoleWord(doc, j) || IsPlainWord(doc, j) ||
        (doc.IsWord(j) && doc.tokens[j].possessive)) {
      last = j++;
    } else if ((doc.Norm(j) == "of" || doc.Norm(j) == "and") && last == j - 1 &&
               j + 1 < limit &&
               (IsNameWord(doc, j + 1) || IsRoleWord(doc, j + 1))) {
      ++j;
    } else if (IsInnerHyphen(doc, j) && last == j - 1) {
      ++j;
    } else {
      break;
    }
  }
  if (last < start) return {};
  // Without a determiner, lower-case words only lead up to a name
  // ("councillor Ben Adler") or make up a role ("administration
  // officials").
  SourceKind kind;
  if (IsNameWord(doc, last)) {
    kind = SourceKind::kName;
  } else if (doc.Is(last, kGenericSource)) {
    kind = SourceKind::kGeneric;
  } else if (doc.Is(last, kRoleNoun) || determined) {
    kind = SourceKind::kDescription;
  } else {
    return {};
  }
  Phrase p;
  p.first = begin;
  p.last = last;
  p.kind = kind;
  return p;
}

int ObjectEnd(const Document& doc, int begin, int limit) {
  if (begin >= limit || !doc.IsWord(begin)) return -1;
  if (doc.Is(begin, kObjectPronoun)) return begin + 1;
  if (!doc.tokens[begin].capitalised && doc.Is(begin, kAudience)) {
    return begin + 1;
  }
  if (IsNameWord(doc, begin)) {
    int j = begin;
    while (j < limit &&
           (IsNameWord(doc, j) ||
            (doc.Norm(j) == "of" && j + 1 < limit && IsNameWord(doc, j + 1)))) {
      if (doc.tokens[j++].possessive) break;
    }
    // "Silva's aides": the possessor and its noun.
    if (doc.tokens[j - 1].possessive) {
      while (j < limit && IsRoleWord(doc, j)) ++j;
    }
    return j;
  }
  if (doc.Is(begin, kDeterminer)) {
    int j = begin + 1;
    int words = 0;
    while (j < limit && words < 4 && doc.IsWord(j) &&
           !doc.Is(j, kDeterminer | kPreposition | kWhWord | kSubjectPronoun |
                          kAuxiliary) &&
           doc.tokens[j].cue == nullptr && doc.Norm(j) != "that") {
      ++j;
      ++words;
    }
    return words > 0 ? j : -1;
  }
  return -1;
}

std::string PhraseText(const Document& doc, int first, int last) {
  if (first < 0 || last < first) return "";
  if (last > first && doc.tokens[last].quote == QuoteRole::kApostrophe) {
    --last;  // "the fans’"
  }
  absl::string_view text =
      doc.Slice(doc.tokens[first].begin, doc.tokens[last].end);
  if (doc.tokens[last].possessive) {
    if (absl::EndsWith(text, "'s")) {
      text.remove_suffix(2);
    } else if (absl::EndsWith(text, "\xE2\x80\x99s")) {
      text.remove_suffix(4);  // ’s
    }
  }
  return std::string(text);
}

std::string EntityKey(const Document& doc, int first, int last) {
  if (first < 0 || last < first) return "";
  for (int i = last; i >= first; --i) {
    if (IsNameWord(doc, i)) return std::string(doc.Norm(i));
  }
  return std::string(doc.Norm(last));
}

std::string EntityKey(absl::string_view phrase) {
  // The last capitalised word, else the last word.
  size_t end = phrase.size();
  std::string fallback;
  while (end > 0) {
    size_t begin = end;
    while (begin > 0 && !IsUnicodeWhitespace(
                            DecodeAt(phrase, PrevCodePoint(phrase, begin)))) {
      begin = PrevCodePoint(phrase, begin);
    }
    const absl::string_view word = phrase.substr(begin, end - begin);
    if (!word.empty()) {
      std::string norm;
      AppendNormalised(word, &norm);
      if (absl::EndsWith(norm, "'s")) norm.resize(norm.size() - 2);
      while (!norm.empty() &&
             !std::isalnum(static_cast<unsigned char>(norm.back())) &&
             static_cast<unsigned char>(norm.back()) < 0x80) {
        norm.pop_back();
      }
      const char32_t c = DecodeAt(word, 0);
      const bool upper = (c >= 'A' && c <= 'Z') || c >= 0x80;
      if (upper && !norm.empty()) return norm;
      if (fallback.empty()) fallback = norm;
    }
    end = begin;
    while (end > 0 &&
           IsUnicodeWhitespace(DecodeAt(phrase, PrevCodePoint(phrase, end)))) {
      end = PrevCodePoint(phrase, end);
    }
  }
  return fallback;
}

bool SameEntity(absl::string_view a, absl::string_view b) {
  if (a.empty() || b.empty()) return false;
  if (a == b) return true;
  size_t p = 0;
  while (p < a.size() && p < b.size() && a[p] == b[p]) ++p;
  if (p < 4) return false;
  static constexpr absl::string_view kSuffixes[] = {
      "", "a", "n", "an", "ian", "ia", "ese", "ish", "i", "s"};
  auto allowed = [](absl::string_view s) {
    return std::find(std::begin(kSuffixes), std::end(kSuffixes), s) !=
           std::end(kSuffixes);
  };
  return allowed(a.substr(p)) && allowed(b.substr(p));
}

}  // namespace spanlab::tagger
