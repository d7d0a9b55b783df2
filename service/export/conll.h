// CoNLL-style BIO tagging: one token per line, "TOKEN<TAB>TAG", for
// sequence-labeling trainers (the CoNLL-2003 NER layout, two columns).
//
//   -DOCSTART- -X- O O
//   <blank>
//   Lavrov<TAB>O
//   said<TAB>O
//   “<TAB>B-attributed_claim
//   Trump<TAB>I-attributed_claim
//   ...
//   <blank line between sentences>
//
// No offsets: tokens are the ICU word tokens of tokenize.h (white space
// left out, punctuation kept), in text order, so joining the tokens of a
// document gives its text without its white space. A "-DOCSTART- -X- O O"
// line and a blank line open each document, in the export's document order
// (document id); a blank line ends each ICU sentence.
//
// Tags: B-LABEL on the first token a span touches, I-LABEL on the others, O
// elsewhere (IOB2). A token belongs to a span if they share any code point,
// so a span ending inside a word tags the whole word. A span that crosses a
// sentence break starts again with B-LABEL in the next sentence, so that
// each sentence is valid on its own for trainers that read sentences
// independently. BIO cannot express
// overlaps, so an export in this format covers one layer (the request
// must name it; service/dataset_export.cc checks); if that layer still
// overlaps (models may propose overlapping spans), spans are taken by start,
// then longer first, then higher score, and a span touching a token already
// tagged is left out. Export only.
#ifndef SPANLAB_SERVICE_EXPORT_CONLL_H_
#define SPANLAB_SERVICE_EXPORT_CONLL_H_

#include <memory>

#include "absl/strings/string_view.h"
#include "service/export/dataset.h"

namespace spanlab::dataset {

inline constexpr absl::string_view kConllFileName = "export.conll";
inline constexpr absl::string_view kConllDocStart = "-DOCSTART- -X- O O";

std::unique_ptr<FormatWriter> NewConllWriter(ExportOptions options);

}  // namespace spanlab::dataset

#endif  // SPANLAB_SERVICE_EXPORT_CONLL_H_
