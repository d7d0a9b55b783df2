// The client's link to one server: a channel, the service stubs, and call
// contexts that carry the bearer token and a deadline.
#ifndef SPANLAB_CLIENT_CONNECTION_H_
#define SPANLAB_CLIENT_CONNECTION_H_

#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "client/config.h"
#include "client/request_check.h"
#include "grpcpp/grpcpp.h"
#include "spanlab/v1/admin_service.grpc.pb.h"
#include "spanlab/v1/analysis_service.grpc.pb.h"
#include "spanlab/v1/annotation_service.grpc.pb.h"
#include "spanlab/v1/assignment_service.grpc.pb.h"
#include "spanlab/v1/document_service.grpc.pb.h"
#include "spanlab/v1/project_service.grpc.pb.h"
#include "spanlab/v1/reconcile_service.grpc.pb.h"
#include "spanlab/v1/tagger_service.grpc.pb.h"

namespace spanlab::client {

// Page size for listings that the client reads to the end: the largest the
// API allows, for the fewest round trips.
inline constexpr int kListPageSize = 1000;

class Connection {
 public:
  // Prepares a channel to `settings.server`, over TLS when `settings.tls`
  // is enabled; nothing is sent until the first call. Calls carry
  // `settings.token` unless it is empty. `timeout` bounds each unary call;
  // zero or less means no deadline.
  Connection(const Settings& settings, absl::Duration timeout);

  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  const std::string& server() const { return server_; }

  // A context for one unary call.
  std::unique_ptr<grpc::ClientContext> NewContext() const;

  // A context for a stream of `messages` messages carrying `bytes` bytes:
  // the unary timeout plus time for the data at a pessimistic rate, or no
  // deadline when timeouts are off.
  std::unique_ptr<grpc::ClientContext> NewStreamContext(uint64_t bytes,
                                                        int64_t messages) const;

  // OK, or the server error (see errors.h) that `status` reports.
  absl::Status Check(const grpc::Status& status) const;

  // Makes the unary call `(stub.*method)(request)` with a fresh context,
  // after checking that the request can be sent (request_check.h).
  template <typename Stub, typename Request, typename Response>
  absl::Status Call(Stub& stub,
                    grpc::Status (Stub::*method)(grpc::ClientContext*,
                                                 const Request&, Response*),
                    const Request& request, Response* response) const {
    if (absl::Status status = CheckStringFields(request); !status.ok()) {
      return status;
    }
    std::unique_ptr<grpc::ClientContext> context = NewContext();
    return Check((stub.*method)(context.get(), request, response));
  }

  v1::ProjectService::Stub& projects() { return *projects_; }
  v1::DocumentService::Stub& documents() { return *documents_; }
  v1::AnnotationService::Stub& annotations() { return *annotations_; }
  v1::AdminService::Stub& admin() { return *admin_; }
  v1::AssignmentService::Stub& assignments() { return *assignments_; }
  v1::ReconcileService::Stub& reconcile() { return *reconcile_; }
  v1::AnalysisService::Stub& analysis() { return *analysis_; }
  v1::TaggerService::Stub& tagger() { return *tagger_; }
  // For services without generated stubs here (grpc.health.v1).
  const std::shared_ptr<grpc::Channel>& channel() const { return channel_; }

 private:
  std::unique_ptr<grpc::ClientContext> ContextWithTimeout(
      absl::Duration timeout) const;

  std::string server_;
  std::string authorization_;
  absl::Duration timeout_;
  // Whether the channel uses TLS, for error hints.
  bool tls_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::ProjectService::Stub> projects_;
  std::unique_ptr<v1::DocumentService::Stub> documents_;
  std::unique_ptr<v1::AnnotationService::Stub> annotations_;
  std::unique_ptr<v1::AdminService::Stub> admin_;
  std::unique_ptr<v1::AssignmentService::Stub> assignments_;
  std::unique_ptr<v1::ReconcileService::Stub> reconcile_;
  std::unique_ptr<v1::AnalysisService::Stub> analysis_;
  std::unique_ptr<v1::TaggerService::Stub> tagger_;
};

}  // namespace spanlab::client

#endif  // SPANLAB_CLIENT_CONNECTION_H_
