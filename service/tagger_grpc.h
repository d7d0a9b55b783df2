// The gRPC adapter of TaggerApi.
#ifndef SPANLAB_SERVICE_TAGGER_GRPC_H_
#define SPANLAB_SERVICE_TAGGER_GRPC_H_

#include <memory>

#include "grpcpp/grpcpp.h"
#include "grpcpp/impl/codegen/service_type.h"
#include "service/api.h"
#include "service/auth.h"

namespace spanlab {

// TaggerService over `api`. `api` and `auth` must outlive it.
std::unique_ptr<grpc::Service> MakeTaggerService(Api* api,
                                                 const Authenticator* auth);

}  // namespace spanlab

#endif  // SPANLAB_SERVICE_TAGGER_GRPC_H_
