#include "service/assignment_policy.h"

#include <algorithm>
#include <tuple>

namespace spanlab {
namespace {

bool Contains(const google::protobuf::RepeatedPtrField<std::string>& list,
              absl::string_view annotator) {
  return std::find(list.begin(), list.end(), annotator) != list.end();
}

}  // namespace

bool Involves(const v1::DocumentAssignment& a, absl::string_view annotator) {
  return Contains(a.active(), annotator) || Contains(a.finished(), annotator) ||
         Contains(a.skipped(), annotator);
}

bool RemoveAnnotator(google::protobuf::RepeatedPtrField<std::string>* list,
                     absl::string_view annotator) {
  auto it = std::find(list->begin(), list->end(), annotator);
  if (it == list->end()) return false;
  list->erase(it);
  return true;
}

void DocumentChooser::Offer(absl::string_view document_id,
                            const v1::DocumentAssignment& a) {
  if (Involves(a, annotator_)) return;
  if (a.active_size() + a.finished_size() >= overlap_) return;
  if (best_.has_value() &&
      std::make_tuple(best_->second.finished_size(),
                      best_->second.active_size(),
                      absl::string_view(best_->first)) <=
          std::make_tuple(a.finished_size(), a.active_size(), document_id)) {
    return;
  }
  best_.emplace(std::string(document_id), a);
}

}  // namespace spanlab
