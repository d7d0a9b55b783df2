// Which files a dataset import sends, and in what order, decided before
// anything is sent so that an unusable path fails early.
//
// jsonl and labelstudio: PATH is one file. brat: PATH is a directory; every
// DOC.txt in it (sorted by name) is sent followed by DOC.ann when there is
// one, which is the order the server pairs them in; a DOC.ann without its
// DOC.txt is reported, not sent. Other files (annotation.conf) are left
// out.
#ifndef SPANLAB_CLIENT_DATASET_FILES_H_
#define SPANLAB_CLIENT_DATASET_FILES_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace spanlab::client {

struct DatasetImportPlan {
  // Paths to send, in order.
  std::vector<std::string> files;
  // Documents the files hold when known (brat: the .txt files), else 0.
  int64_t documents = 0;
  // Sum of the files' sizes.
  uint64_t bytes = 0;
  // Files that will not be sent, with why.
  std::vector<std::string> skipped;
};

// The plan for importing `path` as `format` ("jsonl", "labelstudio" or
// "brat"). NOT_FOUND or FAILED_PRECONDITION naming the path when it is
// missing or of the wrong kind (a directory for jsonl, a file for brat).
absl::StatusOr<DatasetImportPlan> PlanDatasetImport(absl::string_view format,
                                                    const std::string& path);

}  // namespace spanlab::client

#endif  // SPANLAB_CLIENT_DATASET_FILES_H_
