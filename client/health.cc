#include "client/health.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/unknown_field_set.h"

namespace spanlab::client {

std::string EncodeHealthCheckRequest(absl::string_view service) {
  google::protobuf::UnknownFieldSet fields;
  // proto3 leaves a default (empty) string off the wire.
  if (!service.empty()) fields.AddLengthDelimited(1, std::string(service));
  std::string out;
  fields.SerializeToString(&out);
  return out;
}

absl::StatusOr<int> DecodeServingStatus(absl::string_view response) {
  google::protobuf::UnknownFieldSet fields;
  if (!fields.ParseFromArray(response.data(),
                             static_cast<int>(response.size()))) {
    return absl::InvalidArgumentError(
        "the health check response is not a protobuf message");
  }
  int status = static_cast<int>(ServingStatus::kUnknown);
  // The last occurrence of a field wins, as protobuf parsers do.
  for (int i = 0; i < fields.field_count(); ++i) {
    const google::protobuf::UnknownField& field = fields.field(i);
    if (field.number() == 1 &&
        field.type() == google::protobuf::UnknownField::TYPE_VARINT) {
      status = static_cast<int>(field.varint());
    }
  }
  return status;
}

std::string ServingStatusName(int status) {
  switch (static_cast<ServingStatus>(status)) {
    case ServingStatus::kUnknown:
      return "UNKNOWN";
    case ServingStatus::kServing:
      return "SERVING";
    case ServingStatus::kNotServing:
      return "NOT_SERVING";
    case ServingStatus::kServiceUnknown:
      return "SERVICE_UNKNOWN";
  }
  return absl::StrCat(status);
}

}  // namespace spanlab::client
