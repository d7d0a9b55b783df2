// The ExportService stub for a connection's server.
#ifndef SPANLAB_CLIENT_EXPORT_CLIENT_H_
#define SPANLAB_CLIENT_EXPORT_CLIENT_H_

#include <memory>

#include "client/connection.h"
#include "spanlab/v1/export_service.grpc.pb.h"

namespace spanlab::client {

// A stub on a channel of its own to `connection.server()`, with the same
// transport settings as the connection's; calls use the connection's
// contexts (token and deadline).
std::unique_ptr<v1::ExportService::Stub> NewExportStub(
    const Connection& connection);

}  // namespace spanlab::client

#endif  // SPANLAB_CLIENT_EXPORT_CLIENT_H_
