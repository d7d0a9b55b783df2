#include "service/server_limits.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "grpcpp/resource_quota.h"

namespace spanlab {

absl::Status CheckServerLimits(const Limits& limits, int64_t max_message_bytes,
                               const ConnectionLimits& connection) {
  const std::vector<std::pair<const char*, int64_t>> positive = {
      {"max_document_bytes", limits.max_document_bytes},
      {"max_annotations_per_message", limits.max_annotations_per_message},
      {"max_page_size", limits.max_page_size},
      {"max_spans_per_layer", limits.max_spans_per_layer},
      {"max_message_bytes", max_message_bytes},
      {"max_concurrent_streams", limits.max_concurrent_streams},
      {"max_threads", connection.max_threads},
      {"keepalive_seconds", connection.keepalive_seconds},
      {"keepalive_timeout_seconds", connection.keepalive_timeout_seconds},
  };
  for (const auto& [flag, value] : positive) {
    if (value <= 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("--", flag, "=", value, ": must be positive"));
    }
  }
  if (max_message_bytes < kMinMessageBytes) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--max_message_bytes=", max_message_bytes, ": must be at least ",
        kMinMessageBytes, ", since exports send chunks of up to 1 MiB"));
  }
  if (connection.max_threads <= limits.max_concurrent_streams) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--max_threads=", connection.max_threads,
        ": must be more than --max_concurrent_streams=",
        limits.max_concurrent_streams,
        ", or streams waiting on slow clients could take every thread"));
  }
  return absl::OkStatus();
}

namespace {

// Idle serving threads kept for the next calls.
constexpr int kKeptServingThreads = 64;

// gRPC takes milliseconds as an int.
int Milliseconds(int seconds) {
  return static_cast<int>(std::min<int64_t>(int64_t{seconds} * 1000,
                                            std::numeric_limits<int>::max()));
}

}  // namespace

void ApplyConnectionLimits(const Limits& limits,
                           const ConnectionLimits& connection,
                           grpc::ServerBuilder* builder) {
  grpc::ResourceQuota quota("spanlabd");
  quota.SetMaxThreads(connection.max_threads);
  builder->SetResourceQuota(quota);
  // gRPC's default keeps at most two idle serving threads: past that, a
  // thread that finishes a call exits and the next call starts a new one,
  // which with tens of concurrent callers cost a clone, a fresh stack and
  // TLB shootdowns per call. Idle pollers cost nothing measurable (two
  // clock ticks in 10 s after a burst of 96 callers).
  builder->SetSyncServerOption(
      grpc::ServerBuilder::SyncServerOption::MAX_POLLERS,
      std::min(kKeptServingThreads, connection.max_threads));
  builder->AddChannelArgument(GRPC_ARG_MAX_CONCURRENT_STREAMS,
                              limits.max_concurrent_streams);
  builder->AddChannelArgument(GRPC_ARG_KEEPALIVE_TIME_MS,
                              Milliseconds(connection.keepalive_seconds));
  builder->AddChannelArgument(
      GRPC_ARG_KEEPALIVE_TIMEOUT_MS,
      Milliseconds(connection.keepalive_timeout_seconds));
  // A dead client has no calls running; without these, gRPC stops pinging
  // a connection that carries no calls or no data.
  builder->AddChannelArgument(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
  builder->AddChannelArgument(GRPC_ARG_HTTP2_MAX_PINGS_WITHOUT_DATA, 0);
}

}  // namespace spanlab
