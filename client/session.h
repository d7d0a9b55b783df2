// What every command works with: the global options, the output decisions
// derived from them, and the connection, opened on first use.
#ifndef SPANLAB_CLIENT_SESSION_H_
#define SPANLAB_CLIENT_SESSION_H_

#include <iosfwd>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "client/connection.h"

namespace spanlab::client {

// The options every command accepts, as parsed.
struct GlobalOptions {
  std::string server;
  std::string token;
  std::string config_path;
  // PEM files for TLS (config.h, TlsSettings).
  std::string tls_ca;
  std::string tls_cert;
  std::string tls_key;
  bool json = false;
  std::string color = "auto";
  double timeout_seconds = 30;
};

class Session {
 public:
  explicit Session(GlobalOptions options);

  // Whether to print JSON instead of text.
  bool json() const { return options_.json; }
  // Whether text output is coloured (see ShouldColor in ansi.h).
  bool color() const { return color_; }

  // Where results go. Progress and errors go to stderr.
  std::ostream& out() const;

  // The connection, resolving server and token (config.h) on the first
  // call. Fails when no token can be found or a config file is malformed.
  absl::StatusOr<Connection*> Connect();
  // The same without a token, for calls that need none (health checks):
  // only the server is resolved and calls carry no credentials.
  absl::StatusOr<Connection*> ConnectWithoutToken();

 private:
  GlobalOptions options_;
  bool color_;
  std::unique_ptr<Connection> connection_;
};

}  // namespace spanlab::client

#endif  // SPANLAB_CLIENT_SESSION_H_
