// The operations of the spanlab API, free of gRPC: each takes the
// authenticated caller and a request message and returns the response or an
// absl::Status whose code and message go to the client unchanged. The gRPC
// services (grpc_services.h) are thin adapters over this class, and tests
// drive it directly.
//
// Thread-safe: any number of calls may run at once. `store` must outlive
// the Api.
#ifndef SPANLAB_SERVICE_API_H_
#define SPANLAB_SERVICE_API_H_

#include <functional>

#include "absl/status/statusor.h"
#include "service/auth.h"
#include "service/call_limits.h"
#include "service/limits.h"
#include "service/text_index_cache.h"
#include "spanlab/v1/admin_service.pb.h"
#include "spanlab/v1/annotation_service.pb.h"
#include "spanlab/v1/assignment_service.pb.h"
#include "spanlab/v1/document_service.pb.h"
#include "spanlab/v1/project_service.pb.h"
#include "storage/store.h"

namespace spanlab {

class Api {
 public:
  Api(Store* store, const Limits& limits) : store_(store), limits_(limits) {}

  // For the parts of the API with classes of their own (ReconcileApi),
  // which the gRPC assembly builds from this one.
  Store* store() const { return store_; }
  const Limits& limits() const { return limits_; }
  // Shared by every streaming call of the server (--max_concurrent_streams).
  StreamSlots* stream_slots() { return &stream_slots_; }

  // Projects (project_api.cc).
  absl::StatusOr<v1::Project> CreateProject(const Principal& caller,
                                            const v1::CreateProjectRequest& r);
  absl::StatusOr<v1::Project> GetProject(const Principal& caller,
                                         const v1::GetProjectRequest& r);
  absl::StatusOr<v1::ListProjectsResponse> ListProjects(
      const Principal& caller, const v1::ListProjectsRequest& r);

  // Documents (document_api.cc).
  absl::StatusOr<v1::Document> CreateDocument(
      const Principal& caller, const v1::CreateDocumentRequest& r);
  absl::StatusOr<v1::Document> GetDocument(const Principal& caller,
                                           const v1::GetDocumentRequest& r);
  absl::StatusOr<v1::ListDocumentsResponse> ListDocuments(
      const Principal& caller, const v1::ListDocumentsRequest& r);
  // `next` yields the stream's messages one at a time (false at the end).
  absl::StatusOr<v1::ImportDocumentsResponse> ImportDocuments(
      const Principal& caller,
      const std::function<bool(v1::CreateDocumentRequest*)>& next);

  // Annotations (annotation_api.cc).
  absl::StatusOr<v1::Annotation> CreateAnnotation(
      const Principal& caller, const v1::CreateAnnotationRequest& r);
  absl::StatusOr<v1::Annotation> GetAnnotation(
      const Principal& caller, const v1::GetAnnotationRequest& r);
  absl::StatusOr<v1::Annotation> UpdateAnnotation(
      const Principal& caller, const v1::UpdateAnnotationRequest& r);
  absl::StatusOr<v1::Annotation> DeleteAnnotation(
      const Principal& caller, const v1::DeleteAnnotationRequest& r);
  absl::StatusOr<v1::ListAnnotationsResponse> ListAnnotations(
      const Principal& caller, const v1::ListAnnotationsRequest& r);
  absl::StatusOr<v1::BulkWriteAnnotationsResponse> BulkWriteAnnotations(
      const Principal& caller,
      const std::function<bool(v1::BulkWriteAnnotationsRequest*)>& next);

  // Suggestions and history (suggestion_api.cc).
  absl::StatusOr<v1::Annotation> AcceptSuggestion(
      const Principal& caller, const v1::AcceptSuggestionRequest& r);
  absl::StatusOr<v1::RejectSuggestionResponse> RejectSuggestion(
      const Principal& caller, const v1::RejectSuggestionRequest& r);
  absl::StatusOr<v1::ListAuditLogResponse> ListAuditLog(
      const Principal& caller, const v1::ListAuditLogRequest& r);

  // Assignments (assignment_api.cc).
  absl::StatusOr<v1::NextDocumentResponse> NextDocument(
      const Principal& caller, const v1::NextDocumentRequest& r);
  absl::StatusOr<v1::DocumentAssignment> FinishDocument(
      const Principal& caller, const v1::FinishDocumentRequest& r);
  absl::StatusOr<v1::DocumentAssignment> SkipDocument(
      const Principal& caller, const v1::SkipDocumentRequest& r);
  absl::StatusOr<v1::ProjectProgress> GetProgress(
      const Principal& caller, const v1::GetProgressRequest& r);

  // Credentials (admin_api.cc).
  absl::StatusOr<v1::CreateAnnotatorResponse> CreateAnnotator(
      const Principal& caller, const v1::CreateAnnotatorRequest& r);
  absl::StatusOr<v1::ListAnnotatorsResponse> ListAnnotators(
      const Principal& caller, const v1::ListAnnotatorsRequest& r);
  absl::StatusOr<v1::Annotator> RevokeAnnotator(
      const Principal& caller, const v1::RevokeAnnotatorRequest& r);

  // Backups (backup_api.cc).
  absl::StatusOr<v1::BackupResponse> Backup(const Principal& caller,
                                            const v1::BackupRequest& r);

 private:
  // page_size from a request: 0 -> default, clamped to the maximum,
  // negative -> INVALID_ARGUMENT.
  absl::StatusOr<int> PageSize(int requested) const;
  // Moves the caller out of the document's active set into `finished` or
  // `skipped`; shared by FinishDocument and SkipDocument.
  absl::StatusOr<v1::DocumentAssignment> EndAssignment(const Principal& caller,
                                                       absl::string_view name,
                                                       bool finished);

  Store* store_;
  Limits limits_;
  StreamSlots stream_slots_{limits_.max_concurrent_streams};
  // Code-point indexes of the documents written to lately (about 25 KB for
  // a news article: a few hundred documents).
  TextIndexCache text_indexes_{8 << 20};
};

}  // namespace spanlab

#endif  // SPANLAB_SERVICE_API_H_
