// Pairs quotation marks within each paragraph.
//
// News text mixes typographic and straight marks, loses spaces around them
// ("again.”The") and sometimes opens with a closing glyph ("late.”We
// urge"), so the role of a mark comes from its neighbours first and its
// glyph second: a mark after white space and before a letter opens, one
// after a letter or punctuation and before white space closes, and a mark
// glued on both sides opens unless a quotation of its kind is open. Single
// marks are quotation marks only where they cannot be apostrophes. A quote
// never spans paragraphs; marks left unmatched keep their role with no
// partner.
#ifndef SPANLAB_SERVICE_TAGGER_QUOTES_H_
#define SPANLAB_SERVICE_TAGGER_QUOTES_H_

#include "service/tagger/document.h"

namespace spanlab::tagger {

// Sets Token::quote and Token::partner for every quote token of `doc`,
// whose paragraphs and tokens must be filled.
void PairQuotes(Document* doc);

// Fills Document::in_quote from the pairs PairQuotes found.
void MarkQuoted(Document* doc);

}  // namespace spanlab::tagger

#endif  // SPANLAB_SERVICE_TAGGER_QUOTES_H_
