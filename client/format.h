// Text and JSON forms of API values for the client's output.
#ifndef SPANLAB_CLIENT_FORMAT_H_
#define SPANLAB_CLIENT_FORMAT_H_

#include <string>

#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"
#include "google/protobuf/timestamp.pb.h"
#include "nlohmann/json.hpp"
#include "spanlab/v1/resources.pb.h"

namespace spanlab::client {

// `message` in the proto3 JSON mapping with the .proto field names and
// every field present, including defaults, so that scripts find every key.
nlohmann::ordered_json MessageToJson(const google::protobuf::Message& message);

// `json` as text: indented when `pretty`, else on one line. Invalid UTF-8
// (only possible in file names) is replaced rather than thrown on.
std::string DumpJson(const nlohmann::ordered_json& json, bool pretty = true);

// "2024-05-01 12:34:56Z" (UTC, seconds); empty for an unset timestamp.
std::string FormatTimestamp(const google::protobuf::Timestamp& time);

// Lower-case names as the command line spells them: "annotator",
// "automatic"; "-" for UNSPECIFIED.
std::string RoleName(v1::Role role);
std::string KindName(v1::AnnotationKind kind);

// `text` in double quotes, with backslash escapes for quotes, backslashes
// and control characters, so that it stays on one line.
std::string Quote(absl::string_view text);

// The last segment of a resource name: "0000018f2a3b4c5d" for
// "projects/p/documents/d/annotations/0000018f2a3b4c5d".
absl::string_view LastSegment(absl::string_view name);

}  // namespace spanlab::client

#endif  // SPANLAB_CLIENT_FORMAT_H_
