// The value of a layer-index entry (keys::LayerEntry): what the overlap
// check needs of the annotation it names, so that a write can check its
// layer by scanning the index alone instead of fetching and parsing every
// record of the layer.
#ifndef SPANLAB_STORAGE_LAYER_ENTRY_H_
#define SPANLAB_STORAGE_LAYER_ENTRY_H_

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "spanlab/v1/resources.pb.h"

namespace spanlab {

// One stored span of a layer as the index holds it.
struct IndexedSpan {
  uint64_t id = 0;
  int64_t start = 0;
  int64_t end = 0;
  std::string label;
  bool deleted = false;
};

// The index value for `a`: a version byte, start and end, the deleted flag
// and the label.
std::string EncodeLayerEntry(const v1::Annotation& a);

// Fills start, end, label and deleted of `span` (not its id) from `value`.
// False if `value` is not an encoding EncodeLayerEntry made. An empty value
// is an entry written before entries held spans; the caller reads the
// record instead.
bool DecodeLayerEntry(absl::string_view value, IndexedSpan* span);

}  // namespace spanlab

#endif  // SPANLAB_STORAGE_LAYER_ENTRY_H_
