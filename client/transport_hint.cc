#include "client/transport_hint.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"

namespace spanlab::client {

std::string TransportHint(bool tls, absl::string_view message) {
  if (absl::StrContains(absl::AsciiStrToLower(message), "connection refused")) {
    return "";
  }
  if (!tls) return "; if the server serves TLS, give --tls_ca";
  if (absl::StrContains(message, "certificate verify failed")) {
    return "; --tls_ca must be the CA that signed the server's certificate";
  }
  return "; check that the server serves TLS and, if it asks for a client "
         "certificate, that --tls_cert and --tls_key are one its CA signed";
}

}  // namespace spanlab::client
