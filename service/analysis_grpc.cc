#include "service/analysis_grpc.h"

#include "service/analysis_api.h"
#include "service/grpc_adapter.h"
#include "spanlab/v1/analysis_service.grpc.pb.h"

namespace spanlab {
namespace {

class AnalysisService final : public v1::AnalysisService::Service {
 public:
  AnalysisService(Api* api, const Authenticator* auth)
      : analysis_(api->store()), auth_(auth) {}

  grpc::Status ComputeAgreement(grpc::ServerContext* ctx,
                                const v1::ComputeAgreementRequest* r,
                                v1::AgreementResponse* out) override {
    return Serve(auth_, ctx, out, [&](const Principal& p) {
      return analysis_.ComputeAgreement(p, *r, CheckOf(ctx));
    });
  }
  grpc::Status Evaluate(grpc::ServerContext* ctx, const v1::EvaluateRequest* r,
                        v1::EvaluateResponse* out) override {
    return Serve(auth_, ctx, out, [&](const Principal& p) {
      return analysis_.Evaluate(p, *r, CheckOf(ctx));
    });
  }

 private:
  AnalysisApi analysis_;
  const Authenticator* auth_;
};

}  // namespace

std::unique_ptr<grpc::Service> MakeAnalysisService(Api* api,
                                                   const Authenticator* auth) {
  return std::make_unique<AnalysisService>(api, auth);
}

}  // namespace spanlab
