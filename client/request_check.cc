#include "client/request_check.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "service/text/utf8.h"

namespace spanlab::client {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

absl::Status CheckMessage(const Message& message, const std::string& path);

std::string FieldPath(const std::string& path, const FieldDescriptor& field) {
  return path.empty() ? field.name() : absl::StrCat(path, ".", field.name());
}

// Map entries are messages with fields "key" and "value"; naming the entry
// by its key reads better than an index, when the key itself is printable.
std::string EntryPath(const std::string& field_path, const Message& entry,
                      int index) {
  const FieldDescriptor* key = entry.GetDescriptor()->FindFieldByName("key");
  if (key != nullptr && key->type() == FieldDescriptor::TYPE_STRING) {
    const std::string text = entry.GetReflection()->GetString(entry, key);
    if (IsValidUtf8(text)) return absl::StrCat(field_path, "[", text, "]");
  }
  return absl::StrCat(field_path, "[", index, "]");
}

absl::Status CheckField(const Message& message, const FieldDescriptor& field,
                        const std::string& path) {
  const Reflection& reflection = *message.GetReflection();
  const std::string field_path = FieldPath(path, field);
  const bool is_string = field.type() == FieldDescriptor::TYPE_STRING;
  const bool is_message = field.cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE;
  if (!is_string && !is_message) return absl::OkStatus();
  if (!field.is_repeated()) {
    if (is_string) {
      return ValidateUtf8(reflection.GetString(message, &field), field_path);
    }
    return CheckMessage(reflection.GetMessage(message, &field), field_path);
  }
  const int size = reflection.FieldSize(message, &field);
  for (int i = 0; i < size; ++i) {
    absl::Status status;
    if (is_string) {
      status = ValidateUtf8(reflection.GetRepeatedString(message, &field, i),
                            absl::StrCat(field_path, "[", i, "]"));
    } else {
      const Message& element =
          reflection.GetRepeatedMessage(message, &field, i);
      const std::string element_path =
          field.is_map() ? EntryPath(field_path, element, i)
                         : absl::StrCat(field_path, "[", i, "]");
      status = CheckMessage(element, element_path);
    }
    if (!status.ok()) return status;
  }
  return absl::OkStatus();
}

absl::Status CheckMessage(const Message& message, const std::string& path) {
  std::vector<const FieldDescriptor*> fields;
  message.GetReflection()->ListFields(message, &fields);
  for (const FieldDescriptor* field : fields) {
    if (absl::Status status = CheckField(message, *field, path); !status.ok()) {
      return status;
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status CheckStringFields(const google::protobuf::Message& message) {
  return CheckMessage(message, "");
}

}  // namespace spanlab::client
