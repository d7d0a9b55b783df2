#include "service/export_grpc.h"

#include <string>

#include "service/export_api.h"
#include "service/grpc_adapter.h"
#include "service/grpc_services.h"
#include "spanlab/v1/export_service.grpc.pb.h"

namespace spanlab {
namespace {

class ExportService final : public v1::ExportService::Service {
 public:
  ExportService(Api* api, const Authenticator* auth)
      : export_(api->store(), api->limits()),
        auth_(auth),
        slots_(api->stream_slots()) {}

  grpc::Status Export(grpc::ServerContext* ctx, const v1::ExportRequest* r,
                      grpc::ServerWriter<v1::ExportChunk>* writer) override {
    auto caller = Caller(ctx);
    if (!caller.ok()) return ToGrpc(caller.status());
    auto slot = slots_->Acquire();
    if (!slot.ok()) return ToGrpc(slot.status());
    // Write blocks while the client is slow (flow control), so the export
    // never runs ahead of what the client has read: a stalled reader holds
    // one document and one flow-control window of the server's memory. The
    // blocked Write fails when the call's deadline passes or the
    // connection is dropped (keepalive), which ends the export.
    const absl::Status s =
        export_.Export(*caller, *r, [&](const v1::ExportChunk& c) {
          return !ctx->IsCancelled() && writer->Write(c);
        });
    const absl::Status ended = CallEnded(ctx);
    return ToGrpc(ended.ok() ? s : ended);
  }

  grpc::Status ImportDataset(grpc::ServerContext* ctx,
                             grpc::ServerReader<v1::ImportChunk>* reader,
                             v1::ImportDatasetResponse* out) override {
    return ServeStream(auth_, slots_, ctx, reader, out,
                       [&](const Principal& p, const auto& next) {
                         return export_.ImportDataset(p, next, CheckOf(ctx));
                       });
  }

 private:
  absl::StatusOr<Principal> Caller(grpc::ServerContext* ctx) const {
    const auto& md = ctx->client_metadata();
    auto it = md.find("authorization");
    if (it == md.end()) return auth_->Authenticate(nullptr);
    const std::string header(it->second.data(), it->second.size());
    return auth_->Authenticate(&header);
  }

  ExportApi export_;
  const Authenticator* auth_;
  StreamSlots* slots_;
};

}  // namespace

std::unique_ptr<grpc::Service> MakeExportService(Api* api,
                                                 const Authenticator* auth) {
  return std::make_unique<ExportService>(api, auth);
}

}  // namespace spanlab
