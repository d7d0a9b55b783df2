// The limits of a server that are not about a request's content: how many
// threads and calls it runs at once, and how it notices dead clients.
// Checked and applied by SpanlabServer::Start.
#ifndef SPANLAB_SERVICE_SERVER_LIMITS_H_
#define SPANLAB_SERVICE_SERVER_LIMITS_H_

#include <cstdint>

#include "absl/status/status.h"
#include "grpcpp/grpcpp.h"
#include "service/limits.h"

namespace spanlab {

struct ConnectionLimits {
  // Threads the server may run for calls. A call that finds none free is
  // answered RESOURCE_EXHAUSTED by gRPC ("Server Threadpool Exhausted").
  // More than max_concurrent_streams, so that streams which wait on slow
  // clients cannot take every thread from short calls.
  int max_threads = 256;
  // The server pings a connection that has been quiet this long, also one
  // without calls, and drops it when no answer comes within
  // keepalive_timeout_seconds; the calls it carried end with CANCELLED and
  // release what they hold.
  int keepalive_seconds = 60;
  int keepalive_timeout_seconds = 20;
};

// Smallest --max_message_bytes: an export chunk carries up to 1 MiB.
inline constexpr int64_t kMinMessageBytes = 2 << 20;

// INVALID_ARGUMENT naming the flag of the first limit that is not positive,
// max_message_bytes below kMinMessageBytes, or max_threads not above
// max_concurrent_streams.
absl::Status CheckServerLimits(const Limits& limits, int64_t max_message_bytes,
                               const ConnectionLimits& connection);

// Sets the thread quota, the per-connection call limit
// (Limits::max_concurrent_streams) and keepalive on `builder`.
void ApplyConnectionLimits(const Limits& limits,
                           const ConnectionLimits& connection,
                           grpc::ServerBuilder* builder);

}  // namespace spanlab

#endif  // SPANLAB_SERVICE_SERVER_LIMITS_H_
