#include "service/tagger_grpc.h"

#include "service/grpc_adapter.h"
#include "service/tagger_api.h"
#include "spanlab/v1/tagger_service.grpc.pb.h"

namespace spanlab {
namespace {

class TaggerService final : public v1::TaggerService::Service {
 public:
  TaggerService(Api* api, const Authenticator* auth)
      : tagger_(api), auth_(auth) {}

  grpc::Status AutoTag(grpc::ServerContext* ctx, const v1::AutoTagRequest* r,
                       v1::AutoTagResponse* out) override {
    return Serve(auth_, ctx, out, [&](const Principal& p) {
      return tagger_.AutoTag(p, *r, CheckOf(ctx));
    });
  }

 private:
  TaggerApi tagger_;
  const Authenticator* auth_;
};

}  // namespace

std::unique_ptr<grpc::Service> MakeTaggerService(Api* api,
                                                 const Authenticator* auth) {
  return std::make_unique<TaggerService>(api, auth);
}

}  // namespace spanlab
