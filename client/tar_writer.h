// A small writer of tar archives (POSIX ustar, with a pax extended header
// for names longer than the 100 bytes ustar holds), for exports that are
// many files written to one file or to standard output.
#ifndef SPANLAB_CLIENT_TAR_WRITER_H_
#define SPANLAB_CLIENT_TAR_WRITER_H_

#include <cstdint>
#include <ostream>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace spanlab::client {

// Writes entries to `out` as they are added; Finish writes the two empty
// blocks that end an archive. Every entry is a regular file, mode 0644,
// owned by uid/gid 0, modified at `mtime` (seconds since the epoch).
// Not thread-safe; `out` must outlive the writer.
class TarWriter {
 public:
  TarWriter(std::ostream* out, int64_t mtime) : out_(out), mtime_(mtime) {}

  // Adds file `name` (relative, '/'-separated, UTF-8) with content `data`.
  // INVALID_ARGUMENT for an empty name; DATA_LOSS if the stream fails.
  absl::Status Add(absl::string_view name, absl::string_view data);

  // Ends the archive. Nothing may be added afterwards.
  absl::Status Finish();

 private:
  absl::Status WriteEntry(absl::string_view name, char type,
                          absl::string_view data);

  std::ostream* out_;
  int64_t mtime_;
};

// The pax record "LEN key=value\n", where LEN counts the whole record,
// its own digits included.
std::string PaxRecord(absl::string_view key, absl::string_view value);

}  // namespace spanlab::client

#endif  // SPANLAB_CLIENT_TAR_WRITER_H_
