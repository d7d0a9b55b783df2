#include "client/format.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_format.h"
#include "absl/time/time.h"
#include "google/protobuf/util/json_util.h"

namespace spanlab::client {

nlohmann::ordered_json MessageToJson(const google::protobuf::Message& message) {
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  options.always_print_primitive_fields = true;
  std::string text;
  if (!google::protobuf::util::MessageToJsonString(message, &text, options)
           .ok()) {
    // Only messages with unresolvable Any fields fail, and the API has none.
    return nlohmann::ordered_json::object();
  }
  return nlohmann::ordered_json::parse(text, nullptr,
                                       /*allow_exceptions=*/false);
}

std::string DumpJson(const nlohmann::ordered_json& json, bool pretty) {
  return json.dump(pretty ? 2 : -1, ' ', /*ensure_ascii=*/false,
                   nlohmann::ordered_json::error_handler_t::replace);
}

std::string FormatTimestamp(const google::protobuf::Timestamp& time) {
  if (time.seconds() == 0 && time.nanos() == 0) return "";
  return absl::FormatTime("%Y-%m-%d %H:%M:%SZ",
                          absl::FromUnixSeconds(time.seconds()),
                          absl::UTCTimeZone());
}

std::string RoleName(v1::Role role) {
  if (role == v1::ROLE_UNSPECIFIED || !v1::Role_IsValid(role)) return "-";
  return absl::AsciiStrToLower(v1::Role_Name(role));
}

std::string KindName(v1::AnnotationKind kind) {
  if (kind == v1::ANNOTATION_KIND_UNSPECIFIED ||
      !v1::AnnotationKind_IsValid(kind)) {
    return "-";
  }
  return absl::AsciiStrToLower(v1::AnnotationKind_Name(kind));
}

std::string Quote(absl::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    const unsigned char u = static_cast<unsigned char>(c);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (u < 0x20 || u == 0x7f) {
          out += absl::StrFormat("\\x%02x", u);
        } else {
          out.push_back(c);
        }
    }
  }
  out.push_back('"');
  return out;
}

absl::string_view LastSegment(absl::string_view name) {
  const size_t slash = name.rfind('/');
  return slash == absl::string_view::npos ? name : name.substr(slash + 1);
}

}  // namespace spanlab::client
