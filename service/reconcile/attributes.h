// Merging the attributes of versions that agree on span and label.
//
// Annotators who agree on a span and its label often describe it
// differently ("Tillerson" / "Secretary of State Rex Tillerson" as the
// source). An automatic merge keeps every key any version gives; for a key
// whose values differ it takes the value most versions give, then the
// longest (the more specific description), then the first in byte order,
// and reports the key as a conflict so that the gold record says which
// attributes were decided by this rule rather than by agreement.
#ifndef SPANLAB_SERVICE_RECONCILE_ATTRIBUTES_H_
#define SPANLAB_SERVICE_RECONCILE_ATTRIBUTES_H_

#include <string>
#include <vector>

#include "service/reconcile/item.h"

namespace spanlab::reconcile {

struct MergedAttributes {
  Attributes values;
  // Keys given with more than one distinct value, in key order.
  std::vector<std::string> conflicts;
};

// Merges `versions`' attributes as described above. A version without a
// key casts no vote for that key. Empty input gives an empty result.
MergedAttributes MergeAttributes(const std::vector<const Version*>& versions);

}  // namespace spanlab::reconcile

#endif  // SPANLAB_SERVICE_RECONCILE_ATTRIBUTES_H_
