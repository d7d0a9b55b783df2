// The boundary and precedence rules of the annotation guide, and the final
// assembly of a document's suggestions.
//
// Boundaries: a span never starts or ends on white space; edge quotation
// marks, a leading conjunction "that" and a closing full stop, comma,
// semicolon, colon or dash are left out, even inside the quotation marks;
// a closing question or exclamation mark stays, and so do the dot of an
// abbreviation ("U.S.") and an ellipsis. "that" stays when it is a pronoun
// ("said that is the first topic").
// Precedence: spans of one document do not overlap; a disputed span beats
// an attributed claim, which beats an opinion; between equals the higher
// score, then the longer span, wins.
#ifndef SPANLAB_SERVICE_TAGGER_SPAN_RULES_H_
#define SPANLAB_SERVICE_TAGGER_SPAN_RULES_H_

#include <cstdint>
#include <vector>

#include "absl/strings/string_view.h"
#include "service/tagger/candidate.h"
#include "service/tagger/lexicon.h"
#include "service/tagger/suggestion.h"

namespace spanlab::tagger {

// Applies the boundary rules to the byte range [*begin, *end) of valid
// UTF-8 `text`. Returns false if nothing is left.
bool TrimSpan(absl::string_view text, const Lexicon& lexicon, uint32_t* begin,
              uint32_t* end);

// Number of words (runs of letters and digits) in [begin, end).
int CountWords(absl::string_view text, uint32_t begin, uint32_t end);

// Trims every candidate that is not nested, drops claims of fewer than two
// words, resolves overlaps and converts offsets to code points. The result
// is sorted by start.
std::vector<Suggestion> Assemble(absl::string_view text, const Lexicon& lexicon,
                                 const std::vector<Candidate>& candidates);

}  // namespace spanlab::tagger

#endif  // SPANLAB_SERVICE_TAGGER_SPAN_RULES_H_
