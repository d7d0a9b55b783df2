// Reconciliation items: what the annotators of one document said about one
// stretch of its text, and how far they agree.
//
// An item is a connected component of overlapping spans across the layers
// being reconciled; each span in it is one *version*. The item's type says
// what kind of disagreement, if any, the adjudicator has to settle:
//
//   UNANIMOUS          every included layer (two or more) has a version, and
//                      all versions have the same span and label;
//                      attributes may differ (see attributes.h);
//   LABEL_CONFLICT     all versions have the same span, the labels differ;
//   BOUNDARY_CONFLICT  the versions overlap but do not all cover the same
//                      span (labels may differ too);
//   PARTIAL            all versions have the same span and label but only
//                      some layers marked it (with a single included layer,
//                      every item is PARTIAL: nobody confirms it).
//
// Offsets count Unicode code points, half-open [start, end), like the API.
#ifndef SPANLAB_SERVICE_RECONCILE_ITEM_H_
#define SPANLAB_SERVICE_RECONCILE_ITEM_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace spanlab::reconcile {

// Attribute key -> value, ordered so that equal maps compare and hash
// equally.
using Attributes = std::map<std::string, std::string>;

// One layer's span within an item.
struct Version {
  // The layer's author: the annotator's id, or the model's name for an
  // automatic layer.
  std::string annotator;
  bool automatic = false;
  int64_t start = 0;
  int64_t end = 0;
  std::string label;
  Attributes attributes;
  // Resource name of the annotation it came from. Identifies the version in
  // requests; deliberately not part of the item's id (see align.h).
  std::string annotation;
};

// Whether two versions cover the same span with the same label.
bool SameSpanAndLabel(const Version& a, const Version& b);

// The order versions are listed in within an item: by start, then end,
// label, annotator, attributes and annotation name. Total and stable.
bool VersionLess(const Version& a, const Version& b);

enum class ItemType {
  kUnanimous,
  kLabelConflict,
  kBoundaryConflict,
  kPartial,
};

// "unanimous", "label_conflict", "boundary_conflict", "partial".
absl::string_view ItemTypeName(ItemType type);

struct Item {
  // 16 lower-case hex digits derived from the versions' content; see
  // ItemId in align.h.
  std::string id;
  ItemType type = ItemType::kPartial;
  // The smallest span covering every version.
  int64_t start = 0;
  int64_t end = 0;
  // At least one, in VersionLess order.
  std::vector<Version> versions;
};

}  // namespace spanlab::reconcile

#endif  // SPANLAB_SERVICE_RECONCILE_ITEM_H_
