// admin backup, health: running a server.
#include <future>
#include <memory>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "client/commands.h"
#include "client/format.h"
#include "client/health.h"
#include "client/table.h"
#include "grpcpp/generic/generic_stub.h"

namespace spanlab::client {
namespace {

struct BackupOptions {
  std::string path;
};

struct HealthOptions {};

std::string DescribeBytes(int64_t bytes) {
  if (bytes < (1 << 20)) return absl::StrCat(bytes, " bytes");
  return absl::StrFormat("%d bytes (%.1f MiB)", bytes,
                         static_cast<double>(bytes) / (1 << 20));
}

absl::Status RunBackup(Session& session, const BackupOptions& options) {
  absl::StatusOr<Connection*> connection = session.Connect();
  if (!connection.ok()) return connection.status();
  // The path is the server's: it is sent as typed, not made absolute
  // against this machine's working directory.
  v1::BackupRequest request;
  request.set_path(options.path);
  v1::BackupResponse response;
  if (absl::Status status =
          (*connection)
              ->Call((*connection)->admin(), &v1::AdminService::Stub::Backup,
                     request, &response);
      !status.ok()) {
    return status;
  }
  if (session.json()) {
    session.out() << DumpJson(MessageToJson(response)) << '\n';
    return absl::OkStatus();
  }
  session.out() << RenderFields({
      {"backup", response.path()},
      {"size", DescribeBytes(response.size_bytes())},
      {"sequence number", absl::StrCat(response.sequence_number())},
      {"server", (*connection)->server()},
  });
  return absl::OkStatus();
}

absl::Status RunHealth(Session& session, const HealthOptions&) {
  // Health checking is open to all (probes have no token), so none is
  // needed or sent.
  absl::StatusOr<Connection*> connection = session.ConnectWithoutToken();
  if (!connection.ok()) return connection.status();
  grpc::GenericStub stub((*connection)->channel());
  // The whole server (service ""): spanlabd reports no service on its own.
  grpc::Slice request_bytes(EncodeHealthCheckRequest(""));
  grpc::ByteBuffer request(&request_bytes, 1);
  grpc::ByteBuffer response;
  std::unique_ptr<grpc::ClientContext> context = (*connection)->NewContext();
  std::promise<grpc::Status> done;
  stub.UnaryCall(context.get(), kHealthCheckMethod, grpc::StubOptions(),
                 &request, &response,
                 [&done](grpc::Status s) { done.set_value(std::move(s)); });
  if (absl::Status status = (*connection)->Check(done.get_future().get());
      !status.ok()) {
    return status;
  }
  grpc::Slice bytes;
  if (!response.DumpToSingleSlice(&bytes).ok()) {
    return absl::InternalError("cannot read the health check response");
  }
  absl::StatusOr<int> serving = DecodeServingStatus(absl::string_view(
      reinterpret_cast<const char*>(bytes.begin()), bytes.size()));
  if (!serving.ok()) return serving.status();
  const std::string name = ServingStatusName(*serving);
  if (session.json()) {
    nlohmann::ordered_json json;
    json["server"] = (*connection)->server();
    json["status"] = name;
    session.out() << DumpJson(json) << '\n';
  } else {
    session.out() << name << '\n';
  }
  if (*serving != static_cast<int>(ServingStatus::kServing)) {
    return absl::UnavailableError(
        absl::StrCat((*connection)->server(), " answers ", name));
  }
  return absl::OkStatus();
}

}  // namespace

void AddOperationsCommands(CLI::App& app, Action* action) {
  CLI::App* admin = app.add_subcommand("admin", "Run the server (admin)");

  auto backup_options = std::make_shared<BackupOptions>();
  CLI::App* backup = admin->add_subcommand(
      "backup",
      "Copy the whole database, consistently, into a new directory on the "
      "server's machine while it runs (restore: docs/operations.md)");
  backup
      ->add_option("PATH", backup_options->path,
                   "Absolute path on the server's machine; must not exist")
      ->required();
  BindAction(backup, action, backup_options, &RunBackup);

  CLI::App* health = app.add_subcommand(
      "health",
      "Ask the server's gRPC health service; exit 0 only if it is SERVING "
      "(needs no token)");
  BindAction(health, action, std::make_shared<HealthOptions>(), &RunHealth);
}

}  // namespace spanlab::client
