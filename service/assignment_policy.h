// Which document an annotator gets next. Pure logic over assignment
// records; the caller holds the project's assignment lock while using it.
#ifndef SPANLAB_SERVICE_ASSIGNMENT_POLICY_H_
#define SPANLAB_SERVICE_ASSIGNMENT_POLICY_H_

#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "spanlab/v1/resources.pb.h"

namespace spanlab {

// True if `annotator` is active on, finished or skipped the document.
bool Involves(const v1::DocumentAssignment& a, absl::string_view annotator);

// Removes `annotator` from `list`; returns whether it was there.
bool RemoveAnnotator(google::protobuf::RepeatedPtrField<std::string>* list,
                     absl::string_view annotator);

// Is offered documents' assignments, each once, and remembers the best one
// for `annotator`: a document they are not involved in with fewer than
// `overlap` active plus finished annotators, preferring the fewest
// finished, then the fewest active, then the lowest id. Offered in that
// order (AssignmentTransaction::ForEachOpenTo), the first it takes is the
// best.
class DocumentChooser {
 public:
  DocumentChooser(std::string annotator, int overlap)
      : annotator_(std::move(annotator)), overlap_(overlap) {}

  void Offer(absl::string_view document_id, const v1::DocumentAssignment& a);

  // The chosen document id and its assignment, if any had room.
  const std::optional<std::pair<std::string, v1::DocumentAssignment>>& best()
      const {
    return best_;
  }

 private:
  std::string annotator_;
  int overlap_;
  std::optional<std::pair<std::string, v1::DocumentAssignment>> best_;
};

}  // namespace spanlab

#endif  // SPANLAB_SERVICE_ASSIGNMENT_POLICY_H_
