#include "tests/fuzz/api_rpcs.h"

#include <utility>

#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "spanlab/v1/admin_service.pb.h"
#include "spanlab/v1/analysis_service.pb.h"
#include "spanlab/v1/annotation_service.pb.h"
#include "spanlab/v1/assignment_service.pb.h"
#include "spanlab/v1/document_service.pb.h"
#include "spanlab/v1/export_service.pb.h"
#include "spanlab/v1/project_service.pb.h"
#include "spanlab/v1/reconcile_service.pb.h"
#include "spanlab/v1/tagger_service.pb.h"

namespace spanlab::fuzz {
namespace {

using F = ApiFuzzFixture;
using P = Principal;

absl::Status StatusOf(const absl::Status& s) { return s; }
template <typename T>
absl::Status StatusOf(const absl::StatusOr<T>& s) {
  return s.status();
}

// A table entry for an rpc taking `Request`; `method` is called as
// method(fixture, caller, request).
template <typename Request, typename Method>
ApiRpc Rpc(const char* name, bool refuses_annotators, Method method) {
  return {name, refuses_annotators, [] { return std::make_unique<Request>(); },
          [method](F& f, const P& caller,
                   const google::protobuf::Message& request) {
            return StatusOf(
                method(f, caller, static_cast<const Request&>(request)));
          }};
}

// A client stream that yields `request` once.
template <typename Request>
std::function<bool(Request*)> StreamOf(const Request& request) {
  return [&request, sent = false](Request* out) mutable {
    if (sent) return false;
    *out = request;
    sent = true;
    return true;
  };
}

std::vector<ApiRpc> MakeRpcs() {
  return {
      // ProjectService
      Rpc<v1::CreateProjectRequest>("ProjectService.CreateProject", true,
                                    [](F& f, const P& c, const auto& r) {
                                      return f.api().CreateProject(c, r);
                                    }),
      Rpc<v1::GetProjectRequest>("ProjectService.GetProject", false,
                                 [](F& f, const P& c, const auto& r) {
                                   return f.api().GetProject(c, r);
                                 }),
      Rpc<v1::ListProjectsRequest>("ProjectService.ListProjects", false,
                                   [](F& f, const P& c, const auto& r) {
                                     return f.api().ListProjects(c, r);
                                   }),
      // DocumentService
      Rpc<v1::CreateDocumentRequest>("DocumentService.CreateDocument", true,
                                     [](F& f, const P& c, const auto& r) {
                                       return f.api().CreateDocument(c, r);
                                     }),
      Rpc<v1::GetDocumentRequest>("DocumentService.GetDocument", false,
                                  [](F& f, const P& c, const auto& r) {
                                    return f.api().GetDocument(c, r);
                                  }),
      Rpc<v1::ListDocumentsRequest>("DocumentService.ListDocuments", false,
                                    [](F& f, const P& c, const auto& r) {
                                      return f.api().ListDocuments(c, r);
                                    }),
      Rpc<v1::CreateDocumentRequest>("DocumentService.ImportDocuments", true,
                                     [](F& f, const P& c, const auto& r) {
                                       return f.api().ImportDocuments(
                                           c, StreamOf(r));
                                     }),
      // AnnotationService
      Rpc<v1::CreateAnnotationRequest>("AnnotationService.CreateAnnotation",
                                       false,
                                       [](F& f, const P& c, const auto& r) {
                                         return f.api().CreateAnnotation(c, r);
                                       }),
      Rpc<v1::GetAnnotationRequest>("AnnotationService.GetAnnotation", false,
                                    [](F& f, const P& c, const auto& r) {
                                      return f.api().GetAnnotation(c, r);
                                    }),
      Rpc<v1::UpdateAnnotationRequest>("AnnotationService.UpdateAnnotation",
                                       false,
                                       [](F& f, const P& c, const auto& r) {
                                         return f.api().UpdateAnnotation(c, r);
                                       }),
      Rpc<v1::DeleteAnnotationRequest>("AnnotationService.DeleteAnnotation",
                                       false,
                                       [](F& f, const P& c, const auto& r) {
                                         return f.api().DeleteAnnotation(c, r);
                                       }),
      Rpc<v1::ListAnnotationsRequest>("AnnotationService.ListAnnotations",
                                      false,
                                      [](F& f, const P& c, const auto& r) {
                                        return f.api().ListAnnotations(c, r);
                                      }),
      Rpc<v1::BulkWriteAnnotationsRequest>(
          "AnnotationService.BulkWriteAnnotations", false,
          [](F& f, const P& c, const auto& r) {
            return f.api().BulkWriteAnnotations(c, StreamOf(r));
          }),
      Rpc<v1::AcceptSuggestionRequest>("AnnotationService.AcceptSuggestion",
                                       false,
                                       [](F& f, const P& c, const auto& r) {
                                         return f.api().AcceptSuggestion(c, r);
                                       }),
      Rpc<v1::RejectSuggestionRequest>("AnnotationService.RejectSuggestion",
                                       false,
                                       [](F& f, const P& c, const auto& r) {
                                         return f.api().RejectSuggestion(c, r);
                                       }),
      Rpc<v1::ListAuditLogRequest>("AnnotationService.ListAuditLog", false,
                                   [](F& f, const P& c, const auto& r) {
                                     return f.api().ListAuditLog(c, r);
                                   }),
      // AssignmentService
      Rpc<v1::NextDocumentRequest>("AssignmentService.NextDocument", false,
                                   [](F& f, const P& c, const auto& r) {
                                     return f.api().NextDocument(c, r);
                                   }),
      Rpc<v1::FinishDocumentRequest>("AssignmentService.FinishDocument", false,
                                     [](F& f, const P& c, const auto& r) {
                                       return f.api().FinishDocument(c, r);
                                     }),
      Rpc<v1::SkipDocumentRequest>("AssignmentService.SkipDocument", false,
                                   [](F& f, const P& c, const auto& r) {
                                     return f.api().SkipDocument(c, r);
                                   }),
      Rpc<v1::GetProgressRequest>("AssignmentService.GetProgress", false,
                                  [](F& f, const P& c, const auto& r) {
                                    return f.api().GetProgress(c, r);
                                  }),
      // AdminService
      Rpc<v1::CreateAnnotatorRequest>("AdminService.CreateAnnotator", true,
                                      [](F& f, const P& c, const auto& r) {
                                        return f.api().CreateAnnotator(c, r);
                                      }),
      Rpc<v1::ListAnnotatorsRequest>("AdminService.ListAnnotators", true,
                                     [](F& f, const P& c, const auto& r) {
                                       return f.api().ListAnnotators(c, r);
                                     }),
      Rpc<v1::RevokeAnnotatorRequest>("AdminService.RevokeAnnotator", true,
                                      [](F& f, const P& c, const auto& r) {
                                        return f.api().RevokeAnnotator(c, r);
                                      }),
      Rpc<v1::BackupRequest>(
          "AdminService.Backup", true,
          [](F& f, const P& c, const auto& r) -> absl::Status {
            // An admin's Backup to an absolute path writes a copy of the
            // database there: anywhere on the machine, and slowly. Only
            // the refusals (role, relative path) are fuzzed.
            if (c.role() == v1::ADMIN && absl::StartsWith(r.path(), "/")) {
              return absl::OkStatus();
            }
            return StatusOf(f.api().Backup(c, r));
          }),
      // ReconcileService
      Rpc<v1::ListItemsRequest>("ReconcileService.ListItems", true,
                                [](F& f, const P& c, const auto& r) {
                                  return f.reconcile().ListItems(c, r);
                                }),
      Rpc<v1::AutoMergeRequest>("ReconcileService.AutoMerge", true,
                                [](F& f, const P& c, const auto& r) {
                                  return f.reconcile().AutoMerge(c, r);
                                }),
      Rpc<v1::ResolveItemRequest>("ReconcileService.ResolveItem", true,
                                  [](F& f, const P& c, const auto& r) {
                                    return f.reconcile().ResolveItem(c, r);
                                  }),
      Rpc<v1::GetReconcileStatusRequest>(
          "ReconcileService.GetReconcileStatus", true,
          [](F& f, const P& c, const auto& r) {
            return f.reconcile().GetReconcileStatus(c, r);
          }),
      // ExportService
      Rpc<v1::ExportRequest>("ExportService.Export", false,
                             [](F& f, const P& c, const auto& r) {
                               return f.exports().Export(
                                   c, r,
                                   [](const v1::ExportChunk&) { return true; });
                             }),
      Rpc<v1::ImportChunk>("ExportService.ImportDataset", true,
                           [](F& f, const P& c, const auto& r) {
                             return f.exports().ImportDataset(c, StreamOf(r));
                           }),
      // AnalysisService
      Rpc<v1::ComputeAgreementRequest>("AnalysisService.ComputeAgreement", true,
                                       [](F& f, const P& c, const auto& r) {
                                         return f.analysis().ComputeAgreement(
                                             c, r);
                                       }),
      Rpc<v1::EvaluateRequest>("AnalysisService.Evaluate", true,
                               [](F& f, const P& c, const auto& r) {
                                 return f.analysis().Evaluate(c, r);
                               }),
      // TaggerService
      Rpc<v1::AutoTagRequest>("TaggerService.AutoTag", true,
                              [](F& f, const P& c, const auto& r) {
                                return f.tagger().AutoTag(c, r);
                              }),
  };
}

}  // namespace

const std::vector<ApiRpc>& ApiRpcs() {
  static const std::vector<ApiRpc>* const kRpcs =
      new std::vector<ApiRpc>(MakeRpcs());
  return *kRpcs;
}

}  // namespace spanlab::fuzz
