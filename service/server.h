// Assembles a running spanlab server: the RocksDB store in the data
// directory, the Api, the gRPC services, health checking and reflection.
// Used by spanlabd's main and by tests that want a real server in-process.
#ifndef SPANLAB_SERVICE_SERVER_H_
#define SPANLAB_SERVICE_SERVER_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "grpcpp/grpcpp.h"
#include "grpcpp/impl/codegen/service_type.h"
#include "service/api.h"
#include "service/auth.h"
#include "service/limits.h"
#include "service/server_limits.h"
#include "service/tls.h"
#include "storage/rocksdb_store.h"

namespace spanlab {

struct ServerOptions {
  // Directory holding the database ("db/") and the admin token file.
  std::string data_dir = "./spanlab-data";
  // host:port; port 0 picks a free port (see SpanlabServer::port()).
  std::string listen = "127.0.0.1:50051";
  Durability durability = Durability::kSync;
  // What the store may keep in memory (rocksdb_store.h).
  size_t block_cache_bytes = 64 << 20;
  size_t memtable_bytes = 64 << 20;
  size_t document_cache_bytes = 16 << 20;
  int64_t assignment_index_documents = 1'000'000;
  // Plaintext on a non-loopback address exposes tokens; refused unless set
  // (or TLS is on).
  bool allow_insecure = false;
  // TLS certificate and key, and the CAs of client certificates (tls.h).
  TlsFiles tls;
  Limits limits;
  // Largest gRPC message accepted, in bytes.
  int max_message_bytes = 64 << 20;
  // Threads, keepalive (server_limits.h).
  ConnectionLimits connection;
};

class SpanlabServer {
 public:
  // Opens the store, creates the first admin token if the store has no
  // annotator, and starts serving. UNAVAILABLE if the data directory is in
  // use or the address cannot be bound; INVALID_ARGUMENT for bad options.
  static absl::StatusOr<std::unique_ptr<SpanlabServer>> Start(
      const ServerOptions& options);

  ~SpanlabServer();

  // The port actually bound.
  int port() const { return port_; }
  // Where the admin token is written on first start.
  const std::string& admin_token_path() const { return admin_token_path_; }
  // True if this start created the admin token.
  bool created_admin() const { return created_admin_; }

  // Stops accepting calls and waits for running ones up to `grace_seconds`.
  void Shutdown(int grace_seconds);
  // Blocks until Shutdown.
  void Wait();

 private:
  SpanlabServer() = default;

  std::unique_ptr<RocksDbStore> store_;
  std::unique_ptr<Api> api_;
  std::unique_ptr<Authenticator> auth_;
  std::vector<std::unique_ptr<grpc::Service>> services_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
  std::string admin_token_path_;
  bool created_admin_ = false;
};

// True if `listen` ("host:port") names a loopback address.
bool IsLoopbackAddress(absl::string_view listen);

}  // namespace spanlab

#endif  // SPANLAB_SERVICE_SERVER_H_
