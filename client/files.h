// Whole-file reading with errors that name the file.
#ifndef SPANLAB_CLIENT_FILES_H_
#define SPANLAB_CLIENT_FILES_H_

#include <string>

#include "absl/status/statusor.h"

namespace spanlab::client {

// The exact bytes of the file at `path`. NOT_FOUND, PERMISSION_DENIED or
// another error whose message names `path` and the system's reason.
absl::StatusOr<std::string> ReadFileBytes(const std::string& path);

}  // namespace spanlab::client

#endif  // SPANLAB_CLIENT_FILES_H_
