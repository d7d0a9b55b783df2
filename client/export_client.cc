#include "client/export_client.h"

namespace spanlab::client {

std::unique_ptr<v1::ExportService::Stub> NewExportStub(
    const Connection& connection) {
  // Export chunks are at most 1 MiB, within gRPC's default receive limit.
  return v1::ExportService::NewStub(grpc::CreateChannel(
      connection.server(), grpc::InsecureChannelCredentials()));
}

}  // namespace spanlab::client
