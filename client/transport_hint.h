// What to check when the server cannot be reached: gRPC reports a failed
// TLS handshake in either direction as UNAVAILABLE, like a network fault.
#ifndef SPANLAB_CLIENT_TRANSPORT_HINT_H_
#define SPANLAB_CLIENT_TRANSPORT_HINT_H_

#include <string>

#include "absl/strings/string_view.h"

namespace spanlab::client {

// A hint to append to the message of an UNAVAILABLE status, "" for none.
// `tls` says whether the client used TLS. A refused connection (nothing
// listening) gets none: TLS settings cannot be the cause.
std::string TransportHint(bool tls, absl::string_view message);

}  // namespace spanlab::client

#endif  // SPANLAB_CLIENT_TRANSPORT_HINT_H_
