// The gRPC adapter of ExportApi: authenticates each call, hands it to
// ExportApi, and turns the absl::Status into a grpc::Status.
#ifndef SPANLAB_SERVICE_EXPORT_GRPC_H_
#define SPANLAB_SERVICE_EXPORT_GRPC_H_

#include <memory>

#include "grpcpp/grpcpp.h"
#include "grpcpp/impl/codegen/service_type.h"
#include "service/api.h"
#include "service/auth.h"

namespace spanlab {

// ExportService over `api`'s store and limits. `api` and `auth` must
// outlive it.
std::unique_ptr<grpc::Service> MakeExportService(Api* api,
                                                 const Authenticator* auth);

}  // namespace spanlab

#endif  // SPANLAB_SERVICE_EXPORT_GRPC_H_
