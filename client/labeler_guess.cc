#include "client/labeler_guess.h"

#include <algorithm>
#include <optional>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/string_view.h"
#include "client/labeler_layout.h"
#include "unicode/uchar.h"

namespace spanlab::client {
namespace {

// Speech and cognition verbs that attribute content to a source (the
// annotation guide's cues), in the forms news text uses.
bool IsCueVerb(absl::string_view word) {
  static const auto* verbs = new absl::flat_hash_set<absl::string_view>{
      "said",      "says",       "say",       "told",        "tells",
      "added",     "adds",       "denied",    "denies",      "claimed",
      "claims",    "stated",     "states",    "argued",      "argues",
      "warned",    "warns",      "insisted",  "insists",     "explained",
      "explains",  "noted",      "notes",     "wrote",       "writes",
      "announced", "announces",  "confirmed", "confirms",    "replied",
      "replies",   "urged",      "urges",     "believes",    "believed",
      "called",    "calls",      "disputed",  "disputes",    "admitted",
      "admits",    "maintained", "maintains", "asserted",    "asserts",
      "rejected",  "rejects",    "reported",  "predicted",   "promised",
      "vowed",     "stressed",   "accused",   "acknowledged"};
  return verbs->contains(word);
}

// Verbs whose listeners belong to the cue: "told reporters".
bool TakesListener(absl::string_view verb) {
  return verb == "told" || verb == "tells" || verb == "tell";
}

// Listeners that are part of the cue rather than a name.
bool IsCueObject(absl::string_view word) {
  return word == "reporters" || word == "journalists";
}

bool IsPronoun(absl::string_view word) {
  return word == "he" || word == "she" || word == "they" || word == "we" ||
         word == "i" || word == "it";
}

bool IsArticle(absl::string_view word) {
  return word == "a" || word == "an" || word == "the";
}

// Capitalised words that open a sentence or clause rather than a name.
bool IsOpener(absl::string_view word) {
  static const auto* openers = new absl::flat_hash_set<absl::string_view>{
      "but", "and", "or", "so", "yet", "then",  "when",   "while",  "however",
      "in",  "on",  "at", "as", "if",  "after", "before", "because"};
  return openers->contains(word);
}

struct Token {
  int64_t start;
  int64_t end;
  // Lower-case ASCII folding of the word, enough to match English cues.
  std::string lower;
  bool capitalised;
};

bool IsWordChar(char32_t cp) { return u_isalnum(static_cast<UChar32>(cp)); }

bool IsJoiner(char32_t cp) {
  return cp == '\'' || cp == U'\u2019' || cp == '-' || cp == U'\u2010';
}

// The words of `range`: letters and digits, with apostrophes and hyphens
// inside a word kept ("council’s", "Kierkegaard-Ruiz").
std::vector<Token> Tokenize(const std::u32string& text, CodePointRange range) {
  std::vector<Token> tokens;
  int64_t i = range.start;
  while (i < range.end) {
    if (!IsWordChar(text[i])) {
      ++i;
      continue;
    }
    const int64_t start = i;
    while (i < range.end &&
           (IsWordChar(text[i]) || (IsJoiner(text[i]) && i + 1 < range.end &&
                                    IsWordChar(text[i + 1])))) {
      ++i;
    }
    const UChar32 first = static_cast<UChar32>(text[start]);
    tokens.push_back({start, i,
                      absl::AsciiStrToLower(EncodeUtf8(text, start, i)),
                      u_isupper(first) || u_istitle(first)});
  }
  return tokens;
}

// Whether only white space separates tokens `a` and `b` (a before b).
bool Adjacent(const std::u32string& text, const Token& a, const Token& b) {
  for (int64_t i = a.end; i < b.start; ++i) {
    if (!u_isUWhiteSpace(static_cast<UChar32>(text[i]))) return false;
  }
  return true;
}

struct Cue {
  size_t first;  // token index
  size_t last;
};

// The cue nearest to `span` outside it, if any.
std::optional<Cue> NearestCue(const std::vector<Token>& tokens,
                              CodePointRange span) {
  std::optional<Cue> best;
  int64_t best_distance = 0;
  for (size_t i = 0; i < tokens.size(); ++i) {
    Cue cue{i, i};
    if (tokens[i].lower == "according" && i + 1 < tokens.size() &&
        tokens[i + 1].lower == "to") {
      cue.last = i + 1;
    } else if (!IsCueVerb(tokens[i].lower)) {
      continue;
    }
    const int64_t start = tokens[cue.first].start;
    const int64_t end = tokens[cue.last].end;
    if (start < span.end && end > span.start) continue;  // inside the span
    const int64_t distance =
        end <= span.start ? span.start - end : start - span.end;
    if (!best.has_value() || distance < best_distance) {
      best = cue;
      best_distance = distance;
    }
  }
  return best;
}

// Capitalised words running left from token `last` (inclusive), without an
// opener at their head; returns the index of the first, or `last + 1` when
// token `last` is not capitalised.
size_t NameStartingLeft(const std::u32string& text,
                        const std::vector<Token>& tokens, size_t last) {
  if (!tokens[last].capitalised) return last + 1;
  size_t first = last;
  while (first > 0 && tokens[first - 1].capitalised &&
         Adjacent(text, tokens[first - 1], tokens[first])) {
    --first;
  }
  while (first <= last && IsOpener(tokens[first].lower)) ++first;
  return first;
}

std::string Slice(const std::u32string& text, const std::vector<Token>& tokens,
                  size_t first, size_t last) {
  return EncodeUtf8(text, tokens[first].start, tokens[last].end);
}

bool Inside(const Token& token, CodePointRange span) {
  return token.start < span.end && token.end > span.start;
}

// The source next to `cue`, never reaching into the claim `span`.
std::string SourceOf(const std::u32string& text,
                     const std::vector<Token>& tokens, const Cue& cue,
                     CodePointRange span) {
  // Whether token i continues a source that ends with token i - 1.
  auto continues = [&](size_t i) {
    return i < tokens.size() && !Inside(tokens[i], span) &&
           Adjacent(text, tokens[i - 1], tokens[i]);
  };
  if (cue.last > cue.first) {
    // "according to X": the words after it up to punctuation, at most six.
    size_t last = cue.last;
    while (last + 1 - cue.last <= 6 && continues(last + 1)) ++last;
    return last > cue.last ? Slice(text, tokens, cue.last + 1, last) : "";
  }
  const size_t verb = cue.first;
  if (verb > 0 && Adjacent(text, tokens[verb - 1], tokens[verb])) {
    const size_t before = verb - 1;
    if (IsPronoun(tokens[before].lower)) {
      return Slice(text, tokens, before, before);
    }
    const size_t first = NameStartingLeft(text, tokens, before);
    if (first <= before) return Slice(text, tokens, first, before);
    if (before > 0 && IsArticle(tokens[before - 1].lower) &&
        Adjacent(text, tokens[before - 1], tokens[before])) {
      return Slice(text, tokens, before - 1, before);
    }
  }
  // "said Tillerson", "said the spokesman".
  const size_t next = verb + 1;
  if (!continues(next)) return "";
  if (IsArticle(tokens[next].lower) && continues(next + 1)) {
    return Slice(text, tokens, next, next + 1);
  }
  if (!tokens[next].capitalised) return "";
  size_t last = next;
  while (continues(last + 1) && tokens[last + 1].capitalised) ++last;
  return Slice(text, tokens, next, last);
}

}  // namespace

AttributionGuess GuessAttribution(const std::u32string& text,
                                  CodePointRange sentence,
                                  CodePointRange span) {
  const int64_t size = static_cast<int64_t>(text.size());
  sentence.start = std::clamp<int64_t>(sentence.start, 0, size);
  sentence.end = std::clamp<int64_t>(sentence.end, sentence.start, size);
  const std::vector<Token> tokens = Tokenize(text, sentence);
  const std::optional<Cue> cue = NearestCue(tokens, span);
  if (!cue.has_value()) return {};
  AttributionGuess guess;
  size_t cue_last = cue->last;
  if (cue->first == cue->last && TakesListener(tokens[cue_last].lower) &&
      cue_last + 1 < tokens.size() && IsCueObject(tokens[cue_last + 1].lower) &&
      Adjacent(text, tokens[cue_last], tokens[cue_last + 1])) {
    ++cue_last;
  }
  guess.cue = Slice(text, tokens, cue->first, cue_last);
  guess.source = SourceOf(text, tokens, *cue, span);
  return guess;
}

}  // namespace spanlab::client
