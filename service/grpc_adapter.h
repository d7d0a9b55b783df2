// What every gRPC adapter does: authenticate the call, run the operation,
// turn its absl::Status into a grpc::Status.
#ifndef SPANLAB_SERVICE_GRPC_ADAPTER_H_
#define SPANLAB_SERVICE_GRPC_ADAPTER_H_

#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "grpcpp/grpcpp.h"
#include "service/auth.h"

namespace spanlab {

// absl::Status -> grpc::Status with the same code and message. The one
// place where errors change type.
grpc::Status ToGrpc(const absl::Status& s);

// The authenticated caller of `ctx`.
absl::StatusOr<Principal> CallerOf(const Authenticator* auth,
                                   grpc::ServerContext* ctx);

// Runs `op(caller)` for an authenticated caller and stores its result.
template <typename Response, typename Op>
grpc::Status Serve(const Authenticator* auth, grpc::ServerContext* ctx,
                   Response* response, Op op) {
  auto caller = CallerOf(auth, ctx);
  if (!caller.ok()) return ToGrpc(caller.status());
  auto result = op(*caller);
  if (!result.ok()) return ToGrpc(result.status());
  *response = *std::move(result);
  return grpc::Status::OK;
}

// Turns a server-side reader into the `next` callback the Api takes.
template <typename Request>
std::function<bool(Request*)> Pull(grpc::ServerReader<Request>* reader) {
  return [reader](Request* r) { return reader->Read(r); };
}

}  // namespace spanlab

#endif  // SPANLAB_SERVICE_GRPC_ADAPTER_H_
