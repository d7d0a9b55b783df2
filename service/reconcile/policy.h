// Automatic merge policies: which items go to the gold layer without an
// adjudicator, and with what content.
//
//   none          nothing is merged;
//   unanimous     UNANIMOUS items: their one span and label, attributes
//                 merged (attributes.h);
//   majority=M    items where at least M layers give exactly the same span
//                 and label (any item type): that span and label,
//                 attributes merged over those versions. When two groups
//                 both reach M (possible when M is at most half the
//                 layers), the item is ambiguous and left open.
//
// Automatic layers, when included, count as layers like human ones.
#ifndef SPANLAB_SERVICE_RECONCILE_POLICY_H_
#define SPANLAB_SERVICE_RECONCILE_POLICY_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "service/reconcile/item.h"

namespace spanlab::reconcile {

struct Policy {
  enum class Kind { kNone, kUnanimous, kMajority };
  Kind kind = Kind::kNone;
  // For kMajority: 2..64.
  int majority = 0;
};

// Parses "" or "none", "unanimous", "majority=M". INVALID_ARGUMENT whose
// message starts with "policy=<value>: ".
absl::StatusOr<Policy> ParsePolicy(absl::string_view text);

// "none", "unanimous" or "majority=M": the policy's name as the gold
// provenance records it.
std::string PolicyName(const Policy& policy);

// A gold span and what it rests on.
struct Decision {
  // Span, label and attributes of the gold annotation. `annotation` is
  // empty; `annotator` and `automatic` are unset.
  Version gold;
  // Ids of the layers whose version has the gold span and label, sorted.
  std::vector<std::string> agreeing;
  // Annotation names of the versions the gold span was built from, in item
  // order.
  std::vector<std::string> sources;
  // Attribute keys on which the sources disagreed (attributes.h).
  std::vector<std::string> attribute_conflicts;
};

// The versions of `item` with the same span and label as `version`, in
// item order.
std::vector<const Version*> AgreeingWith(const Item& item,
                                         const Version& version);

// Ids of the layers behind `versions`, sorted, without repeats.
std::vector<std::string> LayerIds(const std::vector<const Version*>& versions);

// The gold span built from `versions`, which must be non-empty and agree on
// span and label: their span and label, merged attributes.
Decision MergeVersions(const std::vector<const Version*>& versions);

// What `policy` makes of `item`, or nullopt when it leaves the item to an
// adjudicator.
std::optional<Decision> Decide(const Item& item, const Policy& policy);

}  // namespace spanlab::reconcile

#endif  // SPANLAB_SERVICE_RECONCILE_POLICY_H_
