#include "client/errors.h"

#include <string>

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/types/optional.h"

namespace spanlab::client {
namespace {

// Payload key and values that record where a failure came from.
constexpr char kOriginKey[] = "spanlab.client/origin";
constexpr char kUsage[] = "usage";
constexpr char kServer[] = "server";

bool HasOrigin(const absl::Status& status, absl::string_view origin) {
  absl::optional<absl::Cord> payload = status.GetPayload(kOriginKey);
  return payload.has_value() && *payload == origin;
}

}  // namespace

absl::Status UsageError(absl::string_view message) {
  absl::Status status = absl::InvalidArgumentError(message);
  status.SetPayload(kOriginKey, absl::Cord(kUsage));
  return status;
}

bool IsUsageError(const absl::Status& status) {
  return HasOrigin(status, kUsage);
}

absl::Status ServerError(absl::StatusCode code, absl::string_view message,
                         absl::string_view server) {
  std::string text(message);
  if (code == absl::StatusCode::kUnavailable) {
    absl::StrAppend(&text, " (server ", server, ")");
  } else if (code == absl::StatusCode::kDeadlineExceeded) {
    absl::StrAppend(&text, " (server ", server,
                    "; a longer --timeout may help)");
  }
  absl::Status status(code, text);
  status.SetPayload(kOriginKey, absl::Cord(kServer));
  return status;
}

bool IsServerError(const absl::Status& status) {
  return HasOrigin(status, kServer);
}

std::string FoldToOneLine(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  for (char c : text) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) {
      pending_space = true;
      continue;
    }
    if (pending_space && !out.empty() && out.back() != ' ') out.push_back(' ');
    pending_space = false;
    out.push_back(c);
  }
  return std::string(absl::StripAsciiWhitespace(out));
}

std::string ErrorLine(const absl::Status& status,
                      absl::string_view help_command) {
  std::string message = FoldToOneLine(status.message());
  if (message.empty()) message = "unknown error";
  if (IsServerError(status)) {
    return absl::StrCat("spanlab: error: ",
                        absl::StatusCodeToString(status.code()), ": ", message);
  }
  if (IsUsageError(status) && !help_command.empty()) {
    return absl::StrCat("spanlab: error: ", message, " (see '", help_command,
                        "')");
  }
  return absl::StrCat("spanlab: error: ", message);
}

int ExitCode(const absl::Status& status) {
  if (status.ok()) return 0;
  return IsUsageError(status) ? kExitUsage : kExitFailure;
}

}  // namespace spanlab::client
