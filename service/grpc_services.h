// gRPC adapters: authenticate the call, hand it to Api, turn the
// absl::Status into a grpc::Status. Nothing else happens here.
#ifndef SPANLAB_SERVICE_GRPC_SERVICES_H_
#define SPANLAB_SERVICE_GRPC_SERVICES_H_

#include <memory>
#include <vector>

#include "grpcpp/grpcpp.h"
#include "grpcpp/impl/codegen/service_type.h"
#include "service/api.h"
#include "service/auth.h"

namespace spanlab {

// absl::Status -> grpc::Status with the same code and message. The one
// place where errors change type.
grpc::Status ToGrpc(const absl::Status& s);

// The services of API v1, ready to register with a grpc::ServerBuilder.
// `api` and `auth` must outlive them.
std::vector<std::unique_ptr<grpc::Service>> MakeServices(
    Api* api, const Authenticator* auth);

}  // namespace spanlab

#endif  // SPANLAB_SERVICE_GRPC_SERVICES_H_
