// The input of the agreement measures: documents, the layers of the
// annotators who annotated them, and their spans.
//
// Offsets count Unicode code points, half-open [start, end), exactly as in
// spanlab.v1.Annotation (whose `start`, `end` and `label` fields map one to
// one onto Span). Plain structs: no storage, no protos, no threads.
#ifndef SPANLAB_SERVICE_AGREEMENT_DOCUMENT_H_
#define SPANLAB_SERVICE_AGREEMENT_DOCUMENT_H_

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"

namespace spanlab::agreement {

// One labeled span of one annotator.
struct Span {
  int64_t start = 0;
  int64_t end = 0;
  std::string label;
};

// One document and the layers of the annotators who annotated it.
//
// Missing data is explicit: an annotator with no entry in `layers` did not
// annotate the document, so it counts for none of that annotator's
// measures. An entry with no spans means the annotator read the document and
// found nothing to label: every token is then "none" for them, which is a
// judgement that agrees or disagrees with the others like any other.
struct Document {
  std::string id;
  // UTF-8.
  std::string text;
  // Annotator id -> that annotator's spans, in any order.
  std::map<std::string, std::vector<Span>> layers;

  // Records that `annotator` annotated the document, keeping any spans
  // already added.
  void MarkAnnotated(const std::string& annotator) { layers[annotator]; }
  // Adds a span to `annotator`'s layer, creating the layer if needed.
  void AddSpan(const std::string& annotator, int64_t start, int64_t end,
               std::string label) {
    layers[annotator].push_back(Span{start, end, std::move(label)});
  }
};

// A span whose label is an index into the label list being compared.
struct LabeledSpan {
  int64_t start = 0;
  int64_t end = 0;
  int label = 0;

  friend bool operator==(const LabeledSpan& a, const LabeledSpan& b) {
    return a.start == b.start && a.end == b.end && a.label == b.label;
  }
};

// Label name -> index in the list of compared labels.
using LabelIndex = absl::flat_hash_map<std::string, int>;

// Converts one layer of a document of `length` code points for the
// measures: spans whose label is not in `labels` are dropped (that is how
// labels are filtered out) and counted in `*dropped` if it is not null; the
// rest are returned sorted by (start, end, label).
//
// INVALID_ARGUMENT, naming `document_id`, `annotator` and the span, if a
// kept span is not 0 <= start < end <= length or overlaps another kept span
// of the same label in the layer. Every measure here (and Krippendorff's
// unitizing alpha by definition) assumes one annotator never marks the same
// stretch of text twice with one label; spanlab enforces that for human and
// gold layers.
absl::StatusOr<std::vector<LabeledSpan>> PrepareLayer(
    const std::vector<Span>& spans, int64_t length, const LabelIndex& labels,
    const std::string& document_id, const std::string& annotator,
    int64_t* dropped);

}  // namespace spanlab::agreement

#endif  // SPANLAB_SERVICE_AGREEMENT_DOCUMENT_H_
