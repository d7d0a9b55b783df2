// Reads a project document by document with the annotation layers an
// analysis asked for, so agreement and evaluation hold one document at a
// time whatever the project's size.
#ifndef SPANLAB_SERVICE_LAYER_SCAN_H_
#define SPANLAB_SERVICE_LAYER_SCAN_H_

#include <functional>
#include <map>
#include <string>
#include <vector>

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

// One document and, for each requested layer present on it, its live
// annotations (present but possibly empty for a human who finished or is
// working on the document). Absent layers are not in the map.
using LayerVisitor = std::function<absl::Status(
    const v1::Document& document,
    const std::map<std::string, std::vector<v1::Annotation>>& layers)>;

// Calls `visit` for every selected document in id order. Stops at the
// first error of the store or of `visit`.
absl::Status ScanLayers(Store* store, absl::string_view project,
                        const ScanOptions& options, const LayerVisitor& visit);

// The human annotators with a span or an assignment in the project, in id
// order: the default set of layers to compare.
absl::StatusOr<std::vector<LayerSpec>> HumanLayers(Store* store,
                                                   absl::string_view project);

// Keeps, per label, a set of non-overlapping spans of `layer`: a model may
// propose overlapping alternatives, which span comparisons cannot take.
// The higher score wins, then the earlier start.
std::vector<v1::Annotation> DisjointPerLabel(std::vector<v1::Annotation> layer);

}  // namespace spanlab

#endif  // SPANLAB_SERVICE_LAYER_SCAN_H_
