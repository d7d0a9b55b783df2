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
  return absl::InternalError(msg);
}

}  // namespace spanlab
