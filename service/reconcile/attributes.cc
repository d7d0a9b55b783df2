#include "service/reconcile/attributes.h"

#include <map>
#include <tuple>

namespace spanlab::reconcile {

MergedAttributes MergeAttributes(const std::vector<const Version*>& versions) {
  // key -> value -> number of versions giving it.
  std::map<std::string, std::map<std::string, int>> votes;
  for (const Version* v : versions) {
    for (const auto& [key, value] : v->attributes) ++votes[key][value];
  }
  MergedAttributes out;
  for (const auto& [key, values] : votes) {
    const std::string* best = nullptr;
    int best_votes = 0;
    for (const auto& [value, count] : values) {
      // `values` iterates in byte order, so on a full tie the first value
      // seen stays.
      if (best == nullptr || std::make_tuple(count, value.size()) >
                                 std::make_tuple(best_votes, best->size())) {
        best = &value;
        best_votes = count;
      }
    }
    out.values[key] = *best;
    if (values.size() > 1) out.conflicts.push_back(key);
  }
  return out;
}

}  // namespace spanlab::reconcile
