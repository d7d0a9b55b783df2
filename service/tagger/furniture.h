// Marks the paragraphs that are not article text (headline, byline,
// caption, tags, copyright line, section headings, editorial notes), which
// the annotation guide excludes, and the excerpts of other outlets that
// follow a "From Daily Planet:" marker.
//
// A line is furniture if it is the first line of a longer text and does not
// end with a full stop (the headline), if it does not end with sentence
// punctuation at all (headings, tag lists, "Posted"), or if it matches one
// of the furniture patterns (©, "Copyright", "By Jane Doe", "Photo:", ...).
#ifndef SPANLAB_SERVICE_TAGGER_FURNITURE_H_
#define SPANLAB_SERVICE_TAGGER_FURNITURE_H_

#include "service/tagger/document.h"
#include "service/tagger/patterns.h"

namespace spanlab::tagger {

// Sets Paragraph::furniture and Paragraph::excerpt for every paragraph of
// `doc`.
void ClassifyParagraphs(const Patterns& patterns, Document* doc);

}  // namespace spanlab::tagger

#endif  // SPANLAB_SERVICE_TAGGER_FURNITURE_H_
