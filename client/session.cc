#include "client/session.h"

#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <utility>

#include "absl/time/time.h"
#include "client/ansi.h"
#include "client/config.h"

namespace spanlab::client {

Session::Session(GlobalOptions options) : options_(std::move(options)) {
  color_ = ShouldColor(
      ParseColorMode(options_.color).value_or(ColorMode::kAuto),
      isatty(STDOUT_FILENO) != 0, std::getenv("NO_COLOR") != nullptr);
}

std::ostream& Session::out() const { return std::cout; }

absl::StatusOr<Connection*> Session::Connect() {
  if (connection_ != nullptr) return connection_.get();
  const ConfigFlags flags{options_.server,      options_.token,
                          options_.config_path, options_.tls_ca,
                          options_.tls_cert,    options_.tls_key};
  absl::StatusOr<Settings> settings = ResolveSettings(flags, ProcessEnv);
  if (!settings.ok()) return settings.status();
  connection_ = std::make_unique<Connection>(
      *settings, absl::Seconds(options_.timeout_seconds));
  return connection_.get();
}

absl::StatusOr<Connection*> Session::ConnectWithoutToken() {
  if (connection_ != nullptr) return connection_.get();
  const ConfigFlags flags{options_.server,      "",
                          options_.config_path, options_.tls_ca,
                          options_.tls_cert,    options_.tls_key};
  absl::StatusOr<Settings> settings = ResolveServer(flags, ProcessEnv);
  if (!settings.ok()) return settings.status();
  connection_ = std::make_unique<Connection>(
      *settings, absl::Seconds(options_.timeout_seconds));
  return connection_.get();
}

}  // namespace spanlab::client
