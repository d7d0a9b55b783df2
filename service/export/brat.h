// brat standoff (https://brat.nlplab.org/standoff.html): per document a
// DOC.txt with the text and a DOC.ann with its annotations, plus one
// annotation.conf declaring the labels and link types.
//
// Offsets: brat counts characters of DOC.txt, and brat, being Python,
// counts a character as a Unicode code point (a Python 3 str, or a Python 2
// unicode on the usual wide builds). So DOC.ann
// offsets are code points, like the API's: text[start:end] in Python on the
// .txt read as UTF-8 with newline="" gives the span. DOC.txt holds the text
// byte for byte (no line-ending conversion), so every offset stays valid.
//
// Lines of DOC.ann, numbered in SortSpans order:
//   T1<TAB>attributed_claim 12 40<TAB>the span's text
//   T2<TAB>disputed 50 60;61 75<TAB>first line second line
//   #1<TAB>AnnotatorNotes
//   T1<TAB>{"attributes":{"source":"Zoë"},"author":"alice","kind":"human"}
//   R1<TAB>disputes Arg1:T2 Arg2:T1
// - A span whose text contains a line break (any character Python's
//   str.splitlines breaks at, which is how brat reads .ann lines) or a tab
//   (which would end the field) is written as brat's discontinuous
//   fragments, split at those characters with the white space around them
//   left out; brat requires it and shows the fragment texts joined by one
//   space, as written here.
// - Attributes and provenance go into the AnnotatorNotes line as a JSON
//   object: "attributes" (omitted when empty), "author", "kind", and for
//   automatic spans "model_version" and "score". brat's own attribute lines
//   (A1<TAB>Name T1 Value) take one space-free value from a closed list
//   declared in annotation.conf, which free text like a source's name is
//   not; the notes field is brat's free-text channel.
// - A link (disputes, same_claim) becomes an R line from the span that
//   holds it (Arg1) to its target (Arg2) when both are in the same .ann.
//
// Import reads the same, and also foreign .ann files: T lines (fragments
// must be separated by white space only), AnnotatorNotes that are not a
// JSON object become the span's note, A lines with a value become
// attributes, R lines links. Other line types (events, normalizations,
// equivalences) are reported as unsupported. Without a note a span is a
// HUMAN span of the importer.
#ifndef SPANLAB_SERVICE_EXPORT_BRAT_H_
#define SPANLAB_SERVICE_EXPORT_BRAT_H_

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"
#include "service/export/dataset.h"
#include "service/text/utf8.h"

namespace spanlab::dataset {

inline constexpr absl::string_view kBratConfFileName = "annotation.conf";

std::unique_ptr<FormatWriter> NewBratWriter(ExportOptions options);

// The text of annotation.conf for `schema`.
std::string BratAnnotationConf(const v1::LabelSchema& schema);

// Fragments [start, end) of the span [start, end) of `text` (code points)
// as brat needs them: split at line breaks and tabs, without the white
// space around those splits.
std::vector<std::pair<int64_t, int64_t>> BratFragments(const Utf8Index& text,
                                                       int64_t start,
                                                       int64_t end);

// Reads one document: the bytes of DOC.txt and DOC.ann (empty when there
// is no .ann). `txt_file` and `ann_file` name them in issues; each problem
// is reported with its .ann line.
ParsedDocument ParseBratDocument(absl::string_view document_id, std::string txt,
                                 absl::string_view ann,
                                 const std::string& txt_file,
                                 const std::string& ann_file);

}  // namespace spanlab::dataset

#endif  // SPANLAB_SERVICE_EXPORT_BRAT_H_
