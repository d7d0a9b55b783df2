// Reads a project document by document with the annotation layers an
// analysis asked for, so agreement and evaluation hold one document at a
// time whatever the project's size.
#ifndef SPANLAB_SERVICE_LAYER_SCAN_H_
#define SPANLAB_SERVICE_LAYER_SCAN_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "spanlab/v1/resources.pb.h"
#include "storage/store.h"

namespace spanlab {

// One layer: "human:NAME" (or "NAME"), "automatic:NAME" or "gold".
struct LayerSpec {
  v1::AnnotationKind kind = v1::HUMAN;
  std::string author;  // Empty for gold.
  // Canonical spelling, used as the layer's name in reports.
  std::string key;
};

// INVALID_ARGUMENT naming `field` for a malformed spec.
absl::StatusOr<LayerSpec> ParseLayerSpec(absl::string_view spec,
                                         absl::string_view field);

// The canonical key of the layer `a` belongs to.
std::string LayerKey(const v1::Annotation& a);

struct ScanOptions {
  std::vector<LayerSpec> layers;
  // Document ids; empty for all.
  absl::flat_hash_set<std::string> documents;
  // A human layer counts for a document only if its annotator finished it.
  bool only_finished = false;
};

// One document (its id, text and length; the other fields are not read)
// and, for each requested layer present on it, its live annotations
// (present but possibly empty for a human who finished or is working on the
// document). Absent layers are not in the map.
using LayerVisitor = std::function<absl::Status(
    const v1::Document& document,
    const std::map<std::string, std::vector<v1::Annotation>>& layers)>;

// Calls `visit` for every selected document in id order. Stops at the
// first error of the store or of `visit`.
absl::Status ScanLayers(Store* store, absl::string_view project,
                        const ScanOptions& options, const LayerVisitor& visit);

// What comparing layers needs of an annotation.
struct LayerSpan {
  int64_t start = 0;
  int64_t end = 0;
  std::string label;
  double score = 0;
};

// ScanLayers in two parts, so that the layers of several documents can be
// read at once: the documents in order, and each document's layers.
class LayerReader {
 public:
  // Reads who finished or is working on which document of `project`.
  static absl::StatusOr<std::unique_ptr<LayerReader>> Create(
      Store* store, absl::string_view project, ScanOptions options);

  // Calls `visit` for every selected document in id order, with its id,
  // text and length only: decoding just those from the stored records
  // spares parsing the rest and checking the text's UTF-8 again. Stops at
  // the first error of the store or of `visit`.
  absl::Status ForEachDocument(
      const std::function<absl::Status(v1::Document)>& visit) const;

  // The layers of `document` as ScanLayers passes them to its visitor.
  // Thread-safe.
  absl::StatusOr<std::map<std::string, std::vector<v1::Annotation>>> ReadLayers(
      const v1::Document& document) const;
  // ReadLayers with only what LayerSpan holds, decoded straight from the
  // stored records: several times cheaper. Thread-safe.
  absl::StatusOr<std::map<std::string, std::vector<LayerSpan>>> ReadSpans(
      const v1::Document& document) const;

 private:
  // Who is on a document: finished and active annotators.
  struct Involvement {
    absl::flat_hash_set<std::string> finished;
    absl::flat_hash_set<std::string> active;
  };

  LayerReader(Store* store, absl::string_view project, ScanOptions options,
              absl::flat_hash_map<std::string, Involvement> involvement);
  // Who is on the document; null if nobody.
  const Involvement* InvolvementOf(const v1::Document& document) const;
  // Keys of the layers of the humans on the document, who have a layer
  // even with no spans in it.
  std::vector<std::string> HumanLayersOn(const Involvement* involvement) const;
  // Whether an annotation of `kind` by `author` in layer `key` counts.
  bool Counts(const std::string& key, v1::AnnotationKind kind,
              absl::string_view author, const Involvement* involvement) const;

  Store* const store_;
  const std::string project_;
  const ScanOptions options_;
  const absl::flat_hash_map<std::string, Involvement> involvement_;
  // Keys of the requested layers.
  absl::flat_hash_set<std::string> wanted_;
};

// The human annotators with a span or an assignment in the project, in id
// order: the default set of layers to compare.
absl::StatusOr<std::vector<LayerSpec>> HumanLayers(Store* store,
                                                   absl::string_view project);

// Keeps, per label, a set of non-overlapping spans of `layer`: a model may
// propose overlapping alternatives, which span comparisons cannot take.
// The higher score wins, then the earlier start.
std::vector<v1::Annotation> DisjointPerLabel(std::vector<v1::Annotation> layer);
std::vector<LayerSpan> DisjointPerLabel(std::vector<LayerSpan> layer);

}  // namespace spanlab

#endif  // SPANLAB_SERVICE_LAYER_SCAN_H_
