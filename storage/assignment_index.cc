#include "storage/assignment_index.h"

#include <algorithm>
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
  if ((by_finished_[a.finished_size()] += sign) == 0) {
    by_finished_.erase(a.finished_size());
  }
  if (a.active_size() > 0) in_progress_ += sign;
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

AssignmentSummary AssignmentIndex::Summarize(int overlap) const {
  AssignmentSummary out;
  out.documents = documents();
  for (auto it = by_finished_.lower_bound(overlap); it != by_finished_.end();
       ++it) {
    out.complete += it->second;
  }
  out.in_progress = in_progress_;
  for (const auto& [annotator, counts] : counts_) {
    if (counts.done == 0 && counts.assigned == 0 && counts.skipped == 0) {
      continue;
    }
    AssignmentCounts line = counts;
    line.documents = out.documents;
    out.annotators.emplace_back(annotator, line);
  }
  std::sort(out.annotators.begin(), out.annotators.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  return out;
}

}  // namespace spanlab
