// Finds the noun phrases around a cue: who speaks (before the verb, "Rex
// Holm said", or after it, "said Holm") and whom they address
// ("told reporters", "urged the President").
//
// Token ranges are half-open [begin, end) within one sentence; every
// function stays inside the limits it is given. Pure functions of the
// document.
#ifndef SPANLAB_SERVICE_TAGGER_PHRASES_H_
#define SPANLAB_SERVICE_TAGGER_PHRASES_H_

#include <string>

#include "service/tagger/candidate.h"
#include "service/tagger/document.h"

namespace spanlab::tagger {

struct Phrase {
  int first = -1;  // First token; -1 if none was found.
  int last = -1;   // Last token (inclusive).
  SourceKind kind = SourceKind::kNone;
  bool first_person = false;  // "I", "we": the author outside quotes.
  bool negative = false;      // "neither", "nobody": says nothing.

  bool found() const { return first >= 0; }
};

// The source ending right before token `end` (after skipping auxiliaries,
// adverbs and quotation marks between it and the verb), starting no earlier
// than `limit`. Looks past an appositive or parenthetical set off by commas
// ("Berg, Petrov's spokesman, said").
Phrase SourceBefore(const Document& doc, int limit, int end);

// The source starting at token `begin` and ending before `limit`
// ("the secretary of state", "he", "chief engineer Ana Núñez").
Phrase SourceAfter(const Document& doc, int begin, int limit);

// One past the end of the object of a verb starting at `begin` (a pronoun,
// a name, an audience like "reporters", or a short determiner phrase), or
// -1 if there is none before `limit`.
int ObjectEnd(const Document& doc, int begin, int limit);

// The text of tokens [first, last], as written, without a possessive "'s"
// at the end ("Petrov's" -> "Petrov").
std::string PhraseText(const Document& doc, int first, int last);

// Normalised key of a source or entity for comparisons: the lower-case last
// word of its capitalised part ("Foreign Minister Karin Holm" ->
// "holm"), or of the phrase.
std::string EntityKey(const Document& doc, int first, int last);
std::string EntityKey(absl::string_view phrase);

// True if two entity keys name the same entity, allowing for demonyms
// ("austria" and "austrian", "china" and "chinese").
bool SameEntity(absl::string_view a, absl::string_view b);

// True for a hyphen glued to words on both sides ("state-run").
bool IsInnerHyphen(const Document& doc, int i);

// True for a dash that separates phrases: an en or em dash, or a hyphen
// that is not glued between two words ("two-hour").
bool IsDash(const Document& doc, int i);

// True for words ending in -ly that modify verbs ("eagerly", "publicly").
bool IsLyAdverb(const Document& doc, int i);

}  // namespace spanlab::tagger

#endif  // SPANLAB_SERVICE_TAGGER_PHRASES_H_
