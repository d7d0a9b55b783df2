#include "storage/rocksdb_status.h"

#include <string>

#include "absl/strings/str_cat.h"

namespace spanlab {

absl::Status FromRocks(const rocksdb::Status& s, absl::string_view what) {
  if (s.ok()) return absl::OkStatus();
  const std::string msg = absl::StrCat("storage: ", what, ": ", s.ToString());
  if (s.IsBusy() || s.IsTimedOut() || s.IsTryAgain() || s.IsIOError()) {
    return absl::UnavailableError(msg);
  }
  // A checksum mismatch, or a merge operand the operator could not read:
  // the stored bytes are wrong, and retrying will not help.
  if (s.IsCorruption()) return absl::DataLossError(msg);
  return absl::InternalError(msg);
}

absl::Status ParseRecord(absl::string_view bytes,
                         google::protobuf::MessageLite* msg,
                         absl::string_view what, absl::string_view subject) {
  if (msg->ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return absl::OkStatus();
  }
  return CorruptRecord(what, subject);
}

absl::Status CorruptRecord(absl::string_view what, absl::string_view subject) {
  if (subject.empty()) {
    return absl::DataLossError(absl::StrCat("storage: ", what, " is corrupt"));
  }
  return absl::DataLossError(
      absl::StrCat("storage: ", what, " \"", subject, "\" is corrupt"));
}

absl::Status MissingTarget(absl::string_view index, absl::string_view target) {
  return absl::DataLossError(absl::StrCat("storage: ", index, " names ", target,
                                          ", which is not stored"));
}

}  // namespace spanlab
