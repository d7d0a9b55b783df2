// The server's transport security: TLS from PEM files, optionally with
// client certificates (mutual TLS).
#ifndef SPANLAB_SERVICE_TLS_H_
#define SPANLAB_SERVICE_TLS_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "grpcpp/security/server_credentials.h"

namespace spanlab {

// PEM files; empty strings were not given.
struct TlsFiles {
  // The server's certificate chain and its private key (unencrypted): both
  // or neither.
  std::string cert_file;
  std::string key_file;
  // CAs that sign client certificates. If set (needs cert_file), every
  // client must present a certificate one of them signed.
  std::string client_ca_file;

  bool enabled() const { return !cert_file.empty(); }
};

// Credentials for `files`: plaintext when none is given, else TLS. Reads
// and checks every file first, so that a wrong path, a file that is not
// PEM, or a key that does not belong to the certificate fails at start with
// INVALID_ARGUMENT naming the flag, not later at each handshake.
absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> MakeServerCredentials(
    const TlsFiles& files);

}  // namespace spanlab

#endif  // SPANLAB_SERVICE_TLS_H_
