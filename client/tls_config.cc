// ResolveTls (config.h): which PEM files the client uses for TLS, read.
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "client/config.h"
#include "client/files.h"

namespace spanlab::client {
namespace {

// The path for one setting: flag, then environment, then config file.
std::string Pick(const std::string& flag, const EnvLookup& env,
                 const char* variable, const std::string& file) {
  if (!flag.empty()) return flag;
  if (std::optional<std::string> value = env(variable)) return *value;
  return file;
}

// The PEM text of `path`, checked to hold a block of `kind` ("CERTIFICATE",
// "PRIVATE KEY"), so that a wrong file is named here and not reported by
// the TLS library as a failed handshake.
absl::StatusOr<std::string> ReadPem(const char* setting,
                                    const std::string& path,
                                    absl::string_view kind) {
  absl::StatusOr<std::string> bytes = ReadFileBytes(path);
  if (!bytes.ok()) {
    return absl::Status(bytes.status().code(),
                        absl::StrCat(setting, ": ", bytes.status().message()));
  }
  // "-----BEGIN CERTIFICATE-----", "-----BEGIN EC PRIVATE KEY-----", ...
  const absl::string_view text(*bytes);
  constexpr absl::string_view kBegin = "-----BEGIN ";
  const size_t begin = text.find(kBegin);
  const size_t label =
      begin == absl::string_view::npos ? 0 : begin + kBegin.size();
  const size_t end =
      begin == absl::string_view::npos ? begin : text.find("-----", label);
  if (end == absl::string_view::npos ||
      !absl::EndsWith(text.substr(label, end - label), kind)) {
    return absl::InvalidArgumentError(
        absl::StrCat(setting, " ", path, ": not a PEM file holding a ", kind));
  }
  return bytes;
}

}  // namespace

absl::StatusOr<TlsSettings> ResolveTls(const ConfigFlags& flags,
                                       const EnvLookup& env,
                                       const FileConfig& file) {
  const std::string ca = Pick(flags.tls_ca, env, "SPANLAB_TLS_CA", file.tls_ca);
  const std::string cert =
      Pick(flags.tls_cert, env, "SPANLAB_TLS_CERT", file.tls_cert);
  const std::string key =
      Pick(flags.tls_key, env, "SPANLAB_TLS_KEY", file.tls_key);
  if (cert.empty() != key.empty()) {
    return absl::InvalidArgumentError(
        "a client certificate needs its key: give both --tls_cert and "
        "--tls_key, or neither");
  }
  if (ca.empty() && !cert.empty()) {
    return absl::InvalidArgumentError(
        "--tls_cert and --tls_key need --tls_ca, the CA that signed the "
        "server's certificate");
  }
  TlsSettings tls;
  if (ca.empty()) return tls;
  absl::StatusOr<std::string> root = ReadPem("tls_ca", ca, "CERTIFICATE");
  if (!root.ok()) return root.status();
  tls.root_certs = *std::move(root);
  if (cert.empty()) return tls;
  absl::StatusOr<std::string> chain = ReadPem("tls_cert", cert, "CERTIFICATE");
  if (!chain.ok()) return chain.status();
  absl::StatusOr<std::string> private_key =
      ReadPem("tls_key", key, "PRIVATE KEY");
  if (!private_key.ok()) return private_key.status();
  tls.cert_chain = *std::move(chain);
  tls.private_key = *std::move(private_key);
  return tls;
}

}  // namespace spanlab::client
