// RocksDbStore::Checkpoint: an online, point-in-time copy of the database.
//
// RocksDB's checkpoint stops file deletions, flushes the memtables, lists
// the live table files, the manifest and the write-ahead logs written since
// the flush, and hard-links or copies them into a staging directory that it
// renames to the target. Every column family is covered and the copied log
// is cut at a write-batch boundary (a torn tail record is dropped when the
// copy is opened), and every logical change of the store is one batch: the
// copy never holds half a change.
#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>
#include <system_error>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "rocksdb/utilities/checkpoint.h"
#include "storage/rocksdb_store.h"

namespace spanlab {
namespace {

namespace fs = std::filesystem;

// `path` without "." and ".." components and without a trailing slash
// (RocksDB stages into `path` + ".tmp", which must be a sibling).
fs::path Normalize(const std::string& path) {
  fs::path p = fs::path(path).lexically_normal();
  if (!p.has_filename() && p.has_parent_path() && p != p.root_path()) {
    p = p.parent_path();
  }
  return p;
}

// True if `inner` is `outer` or lies below it, after resolving symbolic
// links in the parts that exist.
bool IsWithin(const fs::path& inner, const fs::path& outer) {
  std::error_code ec;
  std::string a = fs::weakly_canonical(inner, ec).string();
  if (ec) return false;
  std::string b = fs::weakly_canonical(outer, ec).string();
  if (ec) return false;
  while (a.size() > 1 && a.back() == '/') a.pop_back();
  while (b.size() > 1 && b.back() == '/') b.pop_back();
  return a == b || absl::StartsWith(a, b + "/");
}

// Makes the rename that published `dir` durable: it is an entry of the
// parent directory, which RocksDB does not sync.
absl::Status SyncParent(const fs::path& dir) {
  const std::string parent = dir.parent_path().string();
  const int fd = open(parent.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) {
    return absl::UnavailableError(
        absl::StrCat("backup: cannot open ", parent, " to sync it"));
  }
  const int rc = fsync(fd);
  close(fd);
  if (rc != 0) {
    return absl::UnavailableError(
        absl::StrCat("backup: syncing ", parent, " failed"));
  }
  return absl::OkStatus();
}

absl::StatusOr<int64_t> TotalFileBytes(const fs::path& dir) {
  std::error_code ec;
  int64_t total = 0;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end;
       it.increment(ec)) {
    if (it->is_regular_file(ec)) {
      const uintmax_t size = it->file_size(ec);
      if (!ec) total += static_cast<int64_t>(size);
    }
  }
  if (ec) {
    return absl::UnavailableError(absl::StrCat(
        "backup: cannot measure ", dir.string(), ": ", ec.message()));
  }
  return total;
}

// Why a checkpoint cannot go to `target` (normalised from the request's
// `path`), if it cannot; `field` names the request field in messages.
absl::Status CheckTarget(const std::string& field, const fs::path& target,
                         const std::string& db_dir) {
  if (IsWithin(target, db_dir)) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": is inside the live database ", db_dir,
                     "; choose a directory outside it"));
  }
  std::error_code ec;
  if (fs::symlink_status(target, ec).type() != fs::file_type::not_found) {
    return absl::AlreadyExistsError(absl::StrCat(
        field, ": already exists; a backup goes into a new directory"));
  }
  const fs::path parent = target.parent_path();
  if (!fs::is_directory(parent, ec)) {
    return absl::FailedPreconditionError(
        absl::StrCat(field, ": the parent directory ", parent.string(),
                     " does not exist; create it first"));
  }
  if (access(parent.c_str(), W_OK) != 0) {
    return absl::FailedPreconditionError(
        absl::StrCat(field, ": the server may not write to ", parent.string()));
  }
  // RocksDB stages the copy in this sibling and first deletes whatever
  // files it holds: never let that be someone's directory.
  const std::string staging = absl::StrCat(target.string(), ".tmp");
  if (fs::symlink_status(staging, ec).type() != fs::file_type::not_found) {
    return absl::FailedPreconditionError(absl::StrCat(
        field, ": ", staging,
        " exists; the backup would be staged there, replacing its files, so "
        "move it away or choose another path"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<CheckpointInfo> RocksDbStore::Checkpoint(
    const std::string& path) {
  const std::string field = absl::StrCat("path=\"", path, "\"");
  if (path.empty() || !fs::path(path).is_absolute()) {
    return absl::InvalidArgumentError(absl::StrCat(
        field, ": must be an absolute path on the server's machine"));
  }
  const fs::path target = Normalize(path);

  // One backup at a time: two calls for the same path would share the
  // staging directory. Backups are rare, so waiting costs nothing.
  static absl::Mutex* const backup_mu = new absl::Mutex();
  absl::MutexLock lock(backup_mu);
  absl::Status usable = CheckTarget(field, target, db_->GetName());
  if (!usable.ok()) return usable;

  rocksdb::Checkpoint* raw = nullptr;
  rocksdb::Status s = rocksdb::Checkpoint::Create(db_.get(), &raw);
  std::unique_ptr<rocksdb::Checkpoint> checkpoint(raw);
  CheckpointInfo info;
  if (s.ok()) {
    // A log size of 0 flushes every memtable first, so the copy is mostly
    // table files, which are hard-linked rather than copied.
    s = checkpoint->CreateCheckpoint(target.string(), 0, &info.sequence_number);
  }
  if (!s.ok()) {
    return absl::UnavailableError(
        absl::StrCat("backup to ", path, " failed: ", s.ToString()));
  }
  absl::Status synced = SyncParent(target);
  if (!synced.ok()) return synced;
  auto size = TotalFileBytes(target);
  if (!size.ok()) return size.status();
  info.size_bytes = *size;
  return info;
}

}  // namespace spanlab
