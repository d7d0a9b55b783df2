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
#include "service/grpc_adapter.h"

namespace spanlab {

// The services of API v1, ready to register with a grpc::ServerBuilder.
// `api` and `auth` must outlive them.
std::vector<std::unique_ptr<grpc::Service>> MakeServices(
    Api* api, const Authenticator* auth);

}  // namespace spanlab

#endif  // SPANLAB_SERVICE_GRPC_SERVICES_H_
