// The wire format of gRPC's standard health checking protocol
// (grpc.health.v1.Health/Check), written out because the generated code of
// health.proto is not among the project's dependencies. The protocol is
// small and frozen: a request with the service name as field 1, a response
// with the serving status as field 1.
#ifndef SPANLAB_CLIENT_HEALTH_H_
#define SPANLAB_CLIENT_HEALTH_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace spanlab::client {

inline constexpr char kHealthCheckMethod[] = "/grpc.health.v1.Health/Check";

// HealthCheckResponse.ServingStatus.
enum class ServingStatus {
  kUnknown = 0,
  kServing = 1,
  kNotServing = 2,
  kServiceUnknown = 3,
};

// The serialised HealthCheckRequest for `service` ("" = the whole server).
std::string EncodeHealthCheckRequest(absl::string_view service);

// The status of a serialised HealthCheckResponse. A missing field is
// UNKNOWN, as in proto3; INVALID_ARGUMENT for bytes that are not a message.
// Values outside the enum come back as they are, for the caller to report.
absl::StatusOr<int> DecodeServingStatus(absl::string_view response);

// "SERVING", "NOT_SERVING", ..., or the number for values outside the enum.
std::string ServingStatusName(int status);

}  // namespace spanlab::client

#endif  // SPANLAB_CLIENT_HEALTH_H_
