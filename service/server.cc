#include "service/server.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <chrono>
#include <filesystem>
#include <system_error>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/health_check_service_interface.h"
#include "service/grpc_services.h"

namespace spanlab {

bool IsLoopbackAddress(absl::string_view listen) {
  const size_t colon = listen.rfind(':');
  absl::string_view host =
      colon == absl::string_view::npos ? listen : listen.substr(0, colon);
  if (absl::StartsWith(host, "[") && absl::EndsWith(host, "]")) {
    host = host.substr(1, host.size() - 2);
  }
  if (host == "localhost") return true;
  // Only literal addresses count: a host name such as "127.example.com"
  // could resolve anywhere.
  const std::string literal(host);
  in_addr v4;
  if (inet_pton(AF_INET, literal.c_str(), &v4) == 1) {
    return (ntohl(v4.s_addr) >> 24) == 127;
  }
  in6_addr v6;
  return inet_pton(AF_INET6, literal.c_str(), &v6) == 1 &&
         IN6_IS_ADDR_LOOPBACK(&v6);
}

absl::StatusOr<std::unique_ptr<SpanlabServer>> SpanlabServer::Start(
    const ServerOptions& options) {
  if (!options.tls.enabled() && !IsLoopbackAddress(options.listen) &&
      !options.allow_insecure) {
    return absl::InvalidArgumentError(absl::StrCat(
        "listen=", options.listen,
        ": refusing plaintext on a non-loopback address, where tokens would "
        "cross the network in clear; give --tls_cert and --tls_key, use a "
        "loopback address or pass --allow_insecure"));
  }
  auto credentials = MakeServerCredentials(options.tls);
  if (!credentials.ok()) return credentials.status();
  absl::Status limits = CheckServerLimits(
      options.limits, options.max_message_bytes, options.connection);
  if (!limits.ok()) return limits;
  std::error_code ec;
  std::filesystem::create_directories(options.data_dir, ec);
  if (ec) {
    return absl::InvalidArgumentError(absl::StrCat(
        "data_dir=", options.data_dir, ": cannot create: ", ec.message()));
  }

  std::unique_ptr<SpanlabServer> s(new SpanlabServer());
  RocksDbStoreOptions store_options;
  store_options.durability = options.durability;
  store_options.block_cache_bytes = options.block_cache_bytes;
  store_options.memtable_bytes = options.memtable_bytes;
  store_options.document_cache_bytes = options.document_cache_bytes;
  store_options.assignment_index_documents = options.assignment_index_documents;
  auto store = RocksDbStore::Open(options.data_dir + "/db", store_options);
  if (!store.ok()) return store.status();
  s->store_ = *std::move(store);
  s->admin_token_path_ = options.data_dir + "/admin.token";
  auto created = BootstrapAdmin(s->store_.get(), s->admin_token_path_);
  if (!created.ok()) return created.status();
  s->created_admin_ = *created;
  s->api_ = std::make_unique<Api>(s->store_.get(), options.limits);
  s->auth_ = std::make_unique<Authenticator>(s->store_.get());
  s->services_ = MakeServices(s->api_.get(), s->auth_.get());

  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  builder.AddListeningPort(options.listen, *credentials, &s->port_);
  builder.SetMaxReceiveMessageSize(options.max_message_bytes);
  builder.SetMaxSendMessageSize(options.max_message_bytes);
  ApplyConnectionLimits(options.limits, options.connection, &builder);
  for (auto& service : s->services_) builder.RegisterService(service.get());
  s->server_ = builder.BuildAndStart();
  if (s->server_ == nullptr || s->port_ == 0) {
    return absl::UnavailableError(
        absl::StrCat("listen=", options.listen, ": cannot bind"));
  }
  return s;
}

SpanlabServer::~SpanlabServer() {
  if (server_ != nullptr) {
    Shutdown(0);
    server_->Wait();
  }
}

void SpanlabServer::Shutdown(int grace_seconds) {
  server_->Shutdown(std::chrono::system_clock::now() +
                    std::chrono::seconds(grace_seconds));
}

void SpanlabServer::Wait() { server_->Wait(); }

}  // namespace spanlab
