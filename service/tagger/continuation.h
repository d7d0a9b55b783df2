// Quotations that continue an attributed one without a cue of their own:
//   “We made progress,” Holm said. “More work is needed.”
// The second quotation belongs to the same source (a split quote is two
// spans). So does a sentence right after an attributed quotation that
// quotes again inside it ("The leaders had a “lengthy discussion.”"), and,
// with less confidence, a paragraph that opens with a quotation right
// after a paragraph that ended with one.
#ifndef SPANLAB_SERVICE_TAGGER_CONTINUATION_H_
#define SPANLAB_SERVICE_TAGGER_CONTINUATION_H_

#include <vector>

#include "service/tagger/candidate.h"
#include "service/tagger/document.h"

namespace spanlab::tagger {

// Appends continuation claims; `claims` holds every claim found so far,
// nested ones marked.
void AddContinuations(const Document& doc, std::vector<Candidate>* claims);

}  // namespace spanlab::tagger

#endif  // SPANLAB_SERVICE_TAGGER_CONTINUATION_H_
