#include "service/grpc_services.h"

#include <chrono>
#include <string>

#include "service/analysis_grpc.h"
#include "service/export_grpc.h"
#include "service/grpc_adapter.h"
#include "service/reconcile_grpc.h"
#include "service/tagger_grpc.h"
#include "spanlab/v1/admin_service.grpc.pb.h"
#include "spanlab/v1/annotation_service.grpc.pb.h"
#include "spanlab/v1/assignment_service.grpc.pb.h"
#include "spanlab/v1/document_service.grpc.pb.h"
#include "spanlab/v1/project_service.grpc.pb.h"

namespace spanlab {
namespace {

class ProjectService final : public v1::ProjectService::Service {
 public:
  ProjectService(Api* api, const Authenticator* auth)
      : api_(api), auth_(auth) {}

  grpc::Status CreateProject(grpc::ServerContext* ctx,
                             const v1::CreateProjectRequest* r,
                             v1::Project* out) override {
    return Serve(auth_, ctx, out, [&](const Principal& p) {
      return api_->CreateProject(p, *r);
    });
  }
  grpc::Status GetProject(grpc::ServerContext* ctx,
                          const v1::GetProjectRequest* r,
                          v1::Project* out) override {
    return Serve(auth_, ctx, out,
                 [&](const Principal& p) { return api_->GetProject(p, *r); });
  }
  grpc::Status ListProjects(grpc::ServerContext* ctx,
                            const v1::ListProjectsRequest* r,
                            v1::ListProjectsResponse* out) override {
    return Serve(auth_, ctx, out,
                 [&](const Principal& p) { return api_->ListProjects(p, *r); });
  }

 private:
  Api* api_;
  const Authenticator* auth_;
};

class DocumentService final : public v1::DocumentService::Service {
 public:
  DocumentService(Api* api, const Authenticator* auth)
      : api_(api), auth_(auth) {}

  grpc::Status CreateDocument(grpc::ServerContext* ctx,
                              const v1::CreateDocumentRequest* r,
                              v1::Document* out) override {
    return Serve(auth_, ctx, out, [&](const Principal& p) {
      return api_->CreateDocument(p, *r);
    });
  }
  grpc::Status GetDocument(grpc::ServerContext* ctx,
                           const v1::GetDocumentRequest* r,
                           v1::Document* out) override {
    return Serve(auth_, ctx, out,
                 [&](const Principal& p) { return api_->GetDocument(p, *r); });
  }
  grpc::Status ListDocuments(grpc::ServerContext* ctx,
                             const v1::ListDocumentsRequest* r,
                             v1::ListDocumentsResponse* out) override {
    return Serve(auth_, ctx, out, [&](const Principal& p) {
      return api_->ListDocuments(p, *r);
    });
  }
  grpc::Status ImportDocuments(
      grpc::ServerContext* ctx,
      grpc::ServerReader<v1::CreateDocumentRequest>* reader,
      v1::ImportDocumentsResponse* out) override {
    return ServeStream(auth_, api_->stream_slots(), ctx, reader, out,
                       [&](const Principal& p, const auto& next) {
                         return api_->ImportDocuments(p, next);
                       });
  }

 private:
  Api* api_;
  const Authenticator* auth_;
};

class AnnotationService final : public v1::AnnotationService::Service {
 public:
  AnnotationService(Api* api, const Authenticator* auth)
      : api_(api), auth_(auth) {}

  grpc::Status CreateAnnotation(grpc::ServerContext* ctx,
                                const v1::CreateAnnotationRequest* r,
                                v1::Annotation* out) override {
    return Serve(auth_, ctx, out, [&](const Principal& p) {
      return api_->CreateAnnotation(p, *r);
    });
  }
  grpc::Status GetAnnotation(grpc::ServerContext* ctx,
                             const v1::GetAnnotationRequest* r,
                             v1::Annotation* out) override {
    return Serve(auth_, ctx, out, [&](const Principal& p) {
      return api_->GetAnnotation(p, *r);
    });
  }
  grpc::Status UpdateAnnotation(grpc::ServerContext* ctx,
                                const v1::UpdateAnnotationRequest* r,
                                v1::Annotation* out) override {
    return Serve(auth_, ctx, out, [&](const Principal& p) {
      return api_->UpdateAnnotation(p, *r);
    });
  }
  grpc::Status DeleteAnnotation(grpc::ServerContext* ctx,
                                const v1::DeleteAnnotationRequest* r,
                                v1::Annotation* out) override {
    return Serve(auth_, ctx, out, [&](const Principal& p) {
      return api_->DeleteAnnotation(p, *r);
    });
  }
  grpc::Status ListAnnotations(grpc::ServerContext* ctx,
                               const v1::ListAnnotationsRequest* r,
                               v1::ListAnnotationsResponse* out) override {
    return Serve(auth_, ctx, out, [&](const Principal& p) {
      return api_->ListAnnotations(p, *r);
    });
  }
  grpc::Status BulkWriteAnnotations(
      grpc::ServerContext* ctx,
      grpc::ServerReader<v1::BulkWriteAnnotationsRequest>* reader,
      v1::BulkWriteAnnotationsResponse* out) override {
    return ServeStream(auth_, api_->stream_slots(), ctx, reader, out,
                       [&](const Principal& p, const auto& next) {
                         return api_->BulkWriteAnnotations(p, next);
                       });
  }
  grpc::Status AcceptSuggestion(grpc::ServerContext* ctx,
                                const v1::AcceptSuggestionRequest* r,
                                v1::Annotation* out) override {
    return Serve(auth_, ctx, out, [&](const Principal& p) {
      return api_->AcceptSuggestion(p, *r);
    });
  }
  grpc::Status RejectSuggestion(grpc::ServerContext* ctx,
                                const v1::RejectSuggestionRequest* r,
                                v1::RejectSuggestionResponse* out) override {
    return Serve(auth_, ctx, out, [&](const Principal& p) {
      return api_->RejectSuggestion(p, *r);
    });
  }
  grpc::Status ListAuditLog(grpc::ServerContext* ctx,
                            const v1::ListAuditLogRequest* r,
                            v1::ListAuditLogResponse* out) override {
    return Serve(auth_, ctx, out,
                 [&](const Principal& p) { return api_->ListAuditLog(p, *r); });
  }

 private:
  Api* api_;
  const Authenticator* auth_;
};

class AssignmentService final : public v1::AssignmentService::Service {
 public:
  AssignmentService(Api* api, const Authenticator* auth)
      : api_(api), auth_(auth) {}

  grpc::Status NextDocument(grpc::ServerContext* ctx,
                            const v1::NextDocumentRequest* r,
                            v1::NextDocumentResponse* out) override {
    return Serve(auth_, ctx, out,
                 [&](const Principal& p) { return api_->NextDocument(p, *r); });
  }
  grpc::Status FinishDocument(grpc::ServerContext* ctx,
                              const v1::FinishDocumentRequest* r,
                              v1::DocumentAssignment* out) override {
    return Serve(auth_, ctx, out, [&](const Principal& p) {
      return api_->FinishDocument(p, *r);
    });
  }
  grpc::Status SkipDocument(grpc::ServerContext* ctx,
                            const v1::SkipDocumentRequest* r,
                            v1::DocumentAssignment* out) override {
    return Serve(auth_, ctx, out,
                 [&](const Principal& p) { return api_->SkipDocument(p, *r); });
  }
  grpc::Status GetProgress(grpc::ServerContext* ctx,
                           const v1::GetProgressRequest* r,
                           v1::ProjectProgress* out) override {
    return Serve(auth_, ctx, out,
                 [&](const Principal& p) { return api_->GetProgress(p, *r); });
  }

 private:
  Api* api_;
  const Authenticator* auth_;
};

class AdminService final : public v1::AdminService::Service {
 public:
  AdminService(Api* api, const Authenticator* auth) : api_(api), auth_(auth) {}

  grpc::Status CreateAnnotator(grpc::ServerContext* ctx,
                               const v1::CreateAnnotatorRequest* r,
                               v1::CreateAnnotatorResponse* out) override {
    return Serve(auth_, ctx, out, [&](const Principal& p) {
      return api_->CreateAnnotator(p, *r);
    });
  }
  grpc::Status ListAnnotators(grpc::ServerContext* ctx,
                              const v1::ListAnnotatorsRequest* r,
                              v1::ListAnnotatorsResponse* out) override {
    return Serve(auth_, ctx, out, [&](const Principal& p) {
      return api_->ListAnnotators(p, *r);
    });
  }
  grpc::Status RevokeAnnotator(grpc::ServerContext* ctx,
                               const v1::RevokeAnnotatorRequest* r,
                               v1::Annotator* out) override {
    return Serve(auth_, ctx, out, [&](const Principal& p) {
      return api_->RevokeAnnotator(p, *r);
    });
  }
  grpc::Status WhoAmI(grpc::ServerContext* ctx, const v1::WhoAmIRequest*,
                      v1::Annotator* out) override {
    return Serve(auth_, ctx, out, [](const Principal& p) {
      return absl::StatusOr<v1::Annotator>(p);
    });
  }
  grpc::Status Ping(grpc::ServerContext* ctx, const v1::PingRequest*,
                    v1::PingResponse* out) override {
    return Serve(auth_, ctx, out, [](const Principal&) {
      return absl::StatusOr<v1::PingResponse>(v1::PingResponse());
    });
  }
  grpc::Status Backup(grpc::ServerContext* ctx, const v1::BackupRequest* r,
                      v1::BackupResponse* out) override {
    return Serve(auth_, ctx, out,
                 [&](const Principal& p) { return api_->Backup(p, *r); });
  }

 private:
  Api* api_;
  const Authenticator* auth_;
};

}  // namespace

grpc::Status ToGrpc(const absl::Status& s) {
  if (s.ok()) return grpc::Status::OK;
  return grpc::Status(static_cast<grpc::StatusCode>(s.code()),
                      std::string(s.message()));
}

absl::Status CallEnded(grpc::ServerContext* ctx) {
  if (!ctx->IsCancelled()) return absl::OkStatus();
  if (std::chrono::system_clock::now() >= ctx->deadline()) {
    return absl::DeadlineExceededError(
        "the call's deadline passed; work committed before it stays, the "
        "rest was not done");
  }
  return absl::CancelledError(
      "the client cancelled the call or went away; work committed before "
      "stays, the rest was not done");
}

absl::StatusOr<Principal> CallerOf(const Authenticator* auth,
                                   grpc::ServerContext* ctx) {
  const auto& md = ctx->client_metadata();
  auto it = md.find("authorization");
  if (it == md.end()) return auth->Authenticate(nullptr);
  const std::string header(it->second.data(), it->second.size());
  return auth->Authenticate(&header);
}

std::vector<std::unique_ptr<grpc::Service>> MakeServices(
    Api* api, const Authenticator* auth) {
  std::vector<std::unique_ptr<grpc::Service>> out;
  out.push_back(std::make_unique<ProjectService>(api, auth));
  out.push_back(std::make_unique<DocumentService>(api, auth));
  out.push_back(std::make_unique<AnnotationService>(api, auth));
  out.push_back(std::make_unique<AssignmentService>(api, auth));
  out.push_back(std::make_unique<AdminService>(api, auth));
  out.push_back(MakeReconcileService(api, auth));
  out.push_back(MakeExportService(api, auth));
  out.push_back(MakeAnalysisService(api, auth));
  out.push_back(MakeTaggerService(api, auth));
  return out;
}

}  // namespace spanlab
