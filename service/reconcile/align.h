// Alignment of one document's layers into reconciliation items (item.h).
//
// Pure functions: no storage, no clock, no randomness; the same layers
// always give the same items with the same ids.
#ifndef SPANLAB_SERVICE_RECONCILE_ALIGN_H_
#define SPANLAB_SERVICE_RECONCILE_ALIGN_H_

#include <string>
#include <vector>

#include "service/reconcile/item.h"

namespace spanlab::reconcile {

// One layer to reconcile: a finished human annotator's live spans, or a
// model's suggestions.
struct Layer {
  std::string annotator;
  bool automatic = false;
  // Each span's `annotator` and `automatic` are taken from the layer, not
  // from the span. Spans with end <= start are ignored.
  std::vector<Version> spans;
};

// The items of `layers`, ordered by start, then end, then id. Every span of
// every layer is in exactly one item. Two spans are in the same item when
// they share at least one code point, directly or through a chain of other
// spans (touching spans, [0,5) and [5,9), do not share one). The number of
// layers decides UNANIMOUS versus PARTIAL, so a layer without spans still
// counts. O(S log S) for S spans.
std::vector<Item> Align(const std::vector<Layer>& layers);

// The id of an item with `versions` (any order): the first 64 bits, in
// lower-case hex, of the SHA-256 of the versions' annotator, kind, span,
// label and attributes, sorted. Annotation names are left out, so deleting
// a span and labeling it again identically keeps the id; any change of a
// version's content, and any version added or removed, changes it. That is
// what makes reconciliation resumable: an item whose id survives a re-run
// is unaffected by new work.
std::string ItemId(const std::vector<Version>& versions);

}  // namespace spanlab::reconcile

#endif  // SPANLAB_SERVICE_RECONCILE_ALIGN_H_
