// Helpers shared by the attribution rules: building a claim candidate from
// token ranges, clause boundaries, and the document-level passes that run
// once every rule has proposed its claims (nesting, pronoun resolution).
#ifndef SPANLAB_SERVICE_TAGGER_CLAIMS_H_
#define SPANLAB_SERVICE_TAGGER_CLAIMS_H_

#include <string>
#include <vector>

#include "service/tagger/candidate.h"
#include "service/tagger/document.h"
#include "service/tagger/phrases.h"

namespace spanlab::tagger {

// What a rule found: content tokens [content_first, content_end), the cue
// tokens [cue_first, cue_last], and who speaks.
struct ClaimParts {
  int content_first = -1;
  int content_end = -1;
  int cue_first = -1;
  int cue_last = -1;
  std::string source;
  SourceKind source_kind = SourceKind::kNone;
  std::string disputed_by;  // For disputed claims.
  Label label = Label::kAttributedClaim;
  double score = 0;
  const char* rule = "";
  bool direct_quote = false;
};

// Builds the candidate, adjusting the score for how the source is named.
// Returns false (and leaves *out alone) for empty content.
bool MakeClaim(const Document& doc, const ClaimParts& parts, Candidate* out);

// Sets the source of `parts` to the text and kind of `phrase` (found by
// SourceBefore or SourceAfter).
void SetSource(const Document& doc, const Phrase& phrase, ClaimParts* parts);

// True if only punctuation or symbols (an emoji, a dash) precede token `i`
// in its sentence.
bool OpensSentence(const Document& doc, int i);

// First token of the clause that ends before token `before`, no earlier
// than `first`: after ", while" / ", whereas" / ", although" / ", but", else
// `first`.
int ClauseStart(const Document& doc, int first, int before);

// Marks as nested every claim whose cue lies inside the content of a larger
// claim; the guide labels the outermost attribution.
void MarkNested(const Document& doc, std::vector<Candidate>* claims);

// Replaces "he"/"she" sources by the last named source of an outermost
// claim in the two paragraphs before, when there is one.
void ResolvePronouns(std::vector<Candidate>* claims);

}  // namespace spanlab::tagger

#endif  // SPANLAB_SERVICE_TAGGER_CLAIMS_H_
