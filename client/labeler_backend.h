// The labeler's calls to the server, in the labeler's own terms: one
// project, the caller's layer and the pending suggestions of a document.
#ifndef SPANLAB_CLIENT_LABELER_BACKEND_H_
#define SPANLAB_CLIENT_LABELER_BACKEND_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "client/connection.h"
#include "client/labeler_document.h"
#include "spanlab/v1/assignment_service.pb.h"
#include "spanlab/v1/resources.pb.h"

namespace spanlab::client {

// The caller's spans and the suggestions they have not decided on.
struct Layers {
  std::vector<LabelerSpan> mine;
  std::vector<LabelerSpan> suggestions;
};

class LabelerBackend {
 public:
  LabelerBackend(Connection& connection, std::string project);

  const std::string& project() const { return project_; }

  absl::StatusOr<v1::Project> GetProject();
  // The caller's annotator id; remembered for the layer listings.
  absl::StatusOr<std::string> WhoAmI();

  absl::StatusOr<v1::NextDocumentResponse> NextDocument();
  absl::Status FinishDocument(const std::string& document_id);
  absl::Status SkipDocument(const std::string& document_id);

  absl::StatusOr<Layers> ListLayers(const std::string& document_id);

  absl::StatusOr<LabelerSpan> Create(const std::string& document_id,
                                     const LabelerSpan& span);
  absl::StatusOr<LabelerSpan> Delete(const LabelerSpan& span);
  // Sets `span`'s label and attributes, on the condition that `span`'s
  // revision is still current.
  absl::StatusOr<LabelerSpan> Relabel(
      const LabelerSpan& span, const std::string& label,
      const std::map<std::string, std::string>& attributes);
  absl::StatusOr<LabelerSpan> Accept(const LabelerSpan& suggestion);
  absl::Status Reject(const LabelerSpan& suggestion);

 private:
  std::string DocumentName(const std::string& document_id) const;

  Connection& connection_;
  std::string project_;
  std::string me_;
};

// The labeler's view of an annotation.
LabelerSpan ToLabelerSpan(const v1::Annotation& annotation);

}  // namespace spanlab::client

#endif  // SPANLAB_CLIENT_LABELER_BACKEND_H_
