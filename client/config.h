// Where the client finds its server and its token.
//
// Each setting is resolved in this order: command-line flag, environment
// variable (SPANLAB_SERVER, SPANLAB_TOKEN), config file, built-in default.
// Only the server has a default (kDefaultServer); a missing token is an
// error, because every call needs one.
//
// The config file is `--config PATH`, else $SPANLAB_CONFIG, else
// $XDG_CONFIG_HOME/spanlab/config.json, else ~/.config/spanlab/config.json.
// It is a JSON object with optional string keys:
//   "server":     address of the server, e.g. "10.0.0.5:50051";
//   "token":      the bearer token;
//   "token_file": path of a file holding the token (surrounding whitespace
//                 is ignored); relative to the config file's directory.
//   "tls_ca", "tls_cert", "tls_key": PEM files for TLS (see TlsSettings);
//                 relative to the config file's directory.
// A file named by flag or SPANLAB_CONFIG must exist; the default locations
// may be absent. A file that exists but is malformed is an error naming it.
#ifndef SPANLAB_CLIENT_CONFIG_H_
#define SPANLAB_CLIENT_CONFIG_H_

#include <functional>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace spanlab::client {

inline constexpr char kDefaultServer[] = "127.0.0.1:50051";

// Looks up an environment variable; nullopt when unset or empty. A seam so
// that tests need not change the process environment.
using EnvLookup = std::function<std::optional<std::string>(const char* name)>;

// EnvLookup over the process environment.
std::optional<std::string> ProcessEnv(const char* name);

// The settings given on the command line; empty strings were not given.
struct ConfigFlags {
  std::string server;
  std::string token;
  std::string config_path;
  // --tls_ca, --tls_cert, --tls_key.
  std::string tls_ca;
  std::string tls_cert;
  std::string tls_key;
};

// The contents of a config file.
struct FileConfig {
  std::string server;
  std::string token;
  // Made absolute against the config file's directory by ParseConfig.
  std::string token_file;
  // The same for these.
  std::string tls_ca;
  std::string tls_cert;
  std::string tls_key;
};

// A config file location and whether the user named it explicitly.
struct ConfigLocation {
  std::string path;
  bool explicitly_named = false;
};

// The config file to read, or nullopt when neither a flag nor the
// environment names one and no home directory is known.
std::optional<ConfigLocation> LocateConfig(const ConfigFlags& flags,
                                           const EnvLookup& env);

// Parses the JSON text of the config file at `path`. Errors name `path`.
absl::StatusOr<FileConfig> ParseConfig(absl::string_view json_text,
                                       absl::string_view path);

// Reads a token file: its content without surrounding whitespace. Errors
// (unreadable, empty) name `path`.
absl::StatusOr<std::string> ReadTokenFile(const std::string& path);

// Transport security, as PEM text read from the files given. Each file is
// resolved like the server: flag (--tls_ca, --tls_cert, --tls_key),
// environment (SPANLAB_TLS_CA, SPANLAB_TLS_CERT, SPANLAB_TLS_KEY), config
// file. With a CA the client speaks TLS and trusts only servers whose
// certificate that CA signed; a client certificate and key (for servers
// that require one) go together and need the CA.
struct TlsSettings {
  std::string root_certs;
  std::string cert_chain;
  std::string private_key;

  bool enabled() const { return !root_certs.empty(); }
};

// Resolves and reads the TLS files (see TlsSettings): none given means
// plaintext. Errors name the setting and the file.
absl::StatusOr<TlsSettings> ResolveTls(const ConfigFlags& flags,
                                       const EnvLookup& env,
                                       const FileConfig& file);

// What a command connects with.
struct Settings {
  std::string server;
  std::string token;
  TlsSettings tls;
};

// Resolves server and token in the order described at the top of this
// file. Fails for an unreadable or malformed config or token file, and when
// no token is found anywhere.
absl::StatusOr<Settings> ResolveSettings(const ConfigFlags& flags,
                                         const EnvLookup& env);

// Resolves the server and TLS settings, in the same order, and leaves the
// token empty: for calls that need no credentials (health checks). Fails
// only for an unreadable or malformed config or TLS file.
absl::StatusOr<Settings> ResolveServer(const ConfigFlags& flags,
                                       const EnvLookup& env);

}  // namespace spanlab::client

#endif  // SPANLAB_CLIENT_CONFIG_H_
