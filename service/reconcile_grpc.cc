#include "service/reconcile_grpc.h"

#include "service/grpc_adapter.h"
#include "service/reconcile_api.h"
#include "spanlab/v1/reconcile_service.grpc.pb.h"

namespace spanlab {
namespace {

class ReconcileService final : public v1::ReconcileService::Service {
 public:
  ReconcileService(Api* api, const Authenticator* auth)
      : reconcile_(api->store(), api->limits()), auth_(auth) {}

  grpc::Status ListItems(grpc::ServerContext* ctx,
                         const v1::ListItemsRequest* r,
                         v1::ListItemsResponse* out) override {
    return Serve(auth_, ctx, out, [&](const Principal& p) {
      return reconcile_.ListItems(p, *r);
    });
  }
  grpc::Status AutoMerge(grpc::ServerContext* ctx,
                         const v1::AutoMergeRequest* r,
                         v1::AutoMergeResponse* out) override {
    return Serve(auth_, ctx, out, [&](const Principal& p) {
      return reconcile_.AutoMerge(p, *r, CheckOf(ctx));
    });
  }
  grpc::Status ResolveItem(grpc::ServerContext* ctx,
                           const v1::ResolveItemRequest* r,
                           v1::ReconcileItem* out) override {
    return Serve(auth_, ctx, out, [&](const Principal& p) {
      return reconcile_.ResolveItem(p, *r);
    });
  }
  grpc::Status GetReconcileStatus(grpc::ServerContext* ctx,
                                  const v1::GetReconcileStatusRequest* r,
                                  v1::ReconcileStatus* out) override {
    return Serve(auth_, ctx, out, [&](const Principal& p) {
      return reconcile_.GetReconcileStatus(p, *r);
    });
  }

 private:
  ReconcileApi reconcile_;
  const Authenticator* auth_;
};

}  // namespace

std::unique_ptr<grpc::Service> MakeReconcileService(Api* api,
                                                    const Authenticator* auth) {
  return std::make_unique<ReconcileService>(api, auth);
}

}  // namespace spanlab
