#include "storage/assignment_index.h"

#include <utility>

namespace spanlab {

bool AssignmentIndex::Update(absl::string_view document_id,
                             const v1::DocumentAssignment* before,
                             const v1::DocumentAssignment& after) {
  auto it = load_.find(document_id);
  if (before == nullptr
          ? it != load_.end()
          : it == load_.end() ||
                it->second != std::make_pair(before->finished_size(),
                                             before->active_size())) {
    return false;
  }
  std::string id(document_id);
  if (before != nullptr) {
    order_.erase(
        std::make_tuple(before->finished_size(), before->active_size(), id));
    Count(id, *before, -1);
  }
  Count(id, after, +1);
  load_[id] = {after.finished_size(), after.active_size()};
  order_.emplace(after.finished_size(), after.active_size(), std::move(id));
  return true;
}

void AssignmentIndex::Count(absl::string_view document_id,
                            const v1::DocumentAssignment& a, int sign) {
  auto note = [&](const std::string& annotator, int64_t AssignmentCounts::*n) {
    counts_[annotator].*n += sign;
    if (sign > 0) {
      involved_[annotator].emplace(document_id);
    } else {
      involved_[annotator].erase(document_id);
    }
  };
  for (const auto& n : a.finished()) note(n, &AssignmentCounts::done);
  for (const auto& n : a.active()) note(n, &AssignmentCounts::assigned);
  for (const auto& n : a.skipped()) note(n, &AssignmentCounts::skipped);
}

AssignmentCounts AssignmentIndex::For(absl::string_view annotator) const {
  auto it = counts_.find(annotator);
  AssignmentCounts out = it == counts_.end() ? AssignmentCounts{} : it->second;
  out.documents = documents();
  return out;
}

}  // namespace spanlab
