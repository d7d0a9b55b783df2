// Where the files of an export go: one file, standard output, a directory
// of files, or a tar archive (file or standard output).
//
// A single-file export is written to "PATH.partial" and renamed to PATH
// only once complete, so a failed export never leaves a truncated PATH
// behind; a directory receives each file as it arrives.
#ifndef SPANLAB_CLIENT_EXPORT_SINK_H_
#define SPANLAB_CLIENT_EXPORT_SINK_H_

#include <memory>
#include <ostream>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace spanlab::client {

class ExportSink {
 public:
  virtual ~ExportSink() = default;

  // Appends `data` to file `file_name`; the first call for a name creates
  // the file (empty if `data` is). Calls for one file are consecutive.
  virtual absl::Status Append(absl::string_view file_name,
                              absl::string_view data) = 0;

  // Completes the output. Nothing may be appended afterwards.
  virtual absl::Status Finish() = 0;

  // After a failure: removes what Finish would have put in place, where
  // that is possible (a partial file; not files already in a directory).
  virtual void Abandon() = 0;
};

// Opens the sink for `path`. Single-file formats: "-" is `stdout_stream`,
// anything else a file. Multi-file formats (brat): "-" is a tar archive on
// `stdout_stream`, a path ending in ".tar" a tar archive file, anything
// else a directory (created if missing). Errors name the path.
absl::StatusOr<std::unique_ptr<ExportSink>> OpenExportSink(
    bool multi_file, const std::string& path, std::ostream* stdout_stream);

// OK if `name`, a file name the server sent, is a plain name that stays
// inside the output directory: not empty, no '/', '\\' or NUL, not "." or
// "..".
absl::Status CheckExportFileName(absl::string_view name);

}  // namespace spanlab::client

#endif  // SPANLAB_CLIENT_EXPORT_SINK_H_
