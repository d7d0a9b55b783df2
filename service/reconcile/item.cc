#include "service/reconcile/item.h"

#include <tuple>

namespace spanlab::reconcile {

bool SameSpanAndLabel(const Version& a, const Version& b) {
  return a.start == b.start && a.end == b.end && a.label == b.label;
}

bool VersionLess(const Version& a, const Version& b) {
  return std::tie(a.start, a.end, a.label, a.annotator, a.automatic,
                  a.attributes, a.annotation) <
         std::tie(b.start, b.end, b.label, b.annotator, b.automatic,
                  b.attributes, b.annotation);
}

absl::string_view ItemTypeName(ItemType type) {
  switch (type) {
    case ItemType::kUnanimous:
      return "unanimous";
    case ItemType::kLabelConflict:
      return "label_conflict";
    case ItemType::kBoundaryConflict:
      return "boundary_conflict";
    case ItemType::kPartial:
      return "partial";
  }
  return "partial";
}

}  // namespace spanlab::reconcile
