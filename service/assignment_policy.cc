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

v1::AnnotatorProgress& ProgressCounter::Line(const std::string& annotator) {
  v1::AnnotatorProgress& line = lines_[annotator];
  line.set_annotator(annotator);
  return line;
}

void ProgressCounter::Count(const v1::DocumentAssignment& a) {
  progress_.set_total(progress_.total() + 1);
  if (a.finished_size() >= progress_.overlap()) {
    progress_.set_complete(progress_.complete() + 1);
  }
  if (a.active_size() > 0) {
    progress_.set_in_progress(progress_.in_progress() + 1);
  }
  for (const auto& n : a.finished()) {
    auto& line = Line(n);
    line.set_done(line.done() + 1);
  }
  for (const auto& n : a.active()) {
    auto& line = Line(n);
    line.set_assigned(line.assigned() + 1);
  }
  for (const auto& n : a.skipped()) {
    auto& line = Line(n);
    line.set_skipped(line.skipped() + 1);
  }
}

v1::ProjectProgress ProgressCounter::Result() const {
  v1::ProjectProgress out = progress_;
  for (const auto& [name, line] : lines_) {
    v1::AnnotatorProgress* l = out.add_annotators();
    *l = line;
    l->set_total(progress_.total());
  }
  return out;
}

v1::AnnotatorProgress ProgressCounter::For(absl::string_view annotator) const {
  v1::AnnotatorProgress out;
  auto it = lines_.find(std::string(annotator));
  if (it != lines_.end()) out = it->second;
  out.set_annotator(std::string(annotator));
  out.set_total(progress_.total());
  return out;
}

}  // namespace spanlab
