// Failures of the command-line client and the single line that reports them.
//
// Failures are reported and exit differently by origin, so every failure is
// an absl::Status whose payload records the origin:
//   - usage errors (bad flags or arguments) exit with status 2;
//   - errors returned by the server are reported with their gRPC code name;
//   - local errors (files, configuration) are reported by message alone.
// A status without a payload is a local error.
#ifndef SPANLAB_CLIENT_ERRORS_H_
#define SPANLAB_CLIENT_ERRORS_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace spanlab::client {

// Exit status of a failed command, and of a usage error.
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;

// A usage error: the command line itself is wrong. Code INVALID_ARGUMENT.
absl::Status UsageError(absl::string_view message);
bool IsUsageError(const absl::Status& status);

// An error the server returned for a call to `server`. `code` is the gRPC
// code (numerically identical to absl::StatusCode). For UNAVAILABLE and
// DEADLINE_EXCEEDED the message also names the server, since the server is
// then usually the thing to check.
absl::Status ServerError(absl::StatusCode code, absl::string_view message,
                         absl::string_view server);
bool IsServerError(const absl::Status& status);

// The report of a failed `status`, without a trailing newline and always a
// single line: "spanlab: error: CODE_NAME: message" for server errors,
// "spanlab: error: message" otherwise. Usage errors end with a pointer to
// `help_command` (e.g. "spanlab label --help") when it is not empty.
std::string ErrorLine(const absl::Status& status,
                      absl::string_view help_command = "");

// 0 for OK, kExitUsage for usage errors, kExitFailure otherwise.
int ExitCode(const absl::Status& status);

// `text` folded onto one line: line breaks and other control characters
// become single spaces, and surrounding whitespace is dropped.
std::string FoldToOneLine(absl::string_view text);

}  // namespace spanlab::client

#endif  // SPANLAB_CLIENT_ERRORS_H_
