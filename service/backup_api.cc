// Api: online backups of the whole database (AdminService.Backup).
#include <string>

#include "absl/strings/str_cat.h"
#include "service/api.h"
#include "service/permissions.h"
#include "service/text/utf8.h"

namespace spanlab {
namespace {

// Longer paths than this are refused by Linux anyway (PATH_MAX).
constexpr size_t kMaxPathBytes = 4096;

absl::Status ValidateBackupPath(const std::string& path) {
  if (path.empty()) {
    return absl::InvalidArgumentError(
        "path: required: the absolute path, on the server's machine, of a "
        "directory to create");
  }
  // A NUL byte would cut the path short where the file system reads it,
  // and the backup would land somewhere else than asked.
  if (path.size() > kMaxPathBytes || !IsValidUtf8(path) ||
      path.find('\0') != std::string::npos) {
    return absl::InvalidArgumentError(
        absl::StrCat("path: must be valid UTF-8 of at most ", kMaxPathBytes,
                     " bytes without NUL characters"));
  }
  if (path.front() != '/') {
    return absl::InvalidArgumentError(absl::StrCat(
        "path=\"", path,
        "\": must be absolute: it names a directory on the server's machine, "
        "and a relative path would depend on the server's working "
        "directory"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<v1::BackupResponse> Api::Backup(const Principal& caller,
                                               const v1::BackupRequest& r) {
  absl::Status s = RequireAdmin(caller, "Backup");
  if (!s.ok()) return s;
  s = ValidateBackupPath(r.path());
  if (!s.ok()) return s;
  auto info = store_->Checkpoint(r.path());
  if (!info.ok()) return info.status();
  v1::BackupResponse out;
  out.set_path(r.path());
  out.set_size_bytes(info->size_bytes);
  out.set_sequence_number(info->sequence_number);
  return out;
}

}  // namespace spanlab
