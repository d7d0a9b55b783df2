// `spanlab import PROJECT --format jsonl|labelstudio|brat PATH`: imports
// documents with their annotations through ExportService.ImportDataset,
// with a progress bar on a terminal and a report of every record the
// server could not import.
#ifndef SPANLAB_CLIENT_DATASET_IMPORT_H_
#define SPANLAB_CLIENT_DATASET_IMPORT_H_

#include <string>

#include "absl/status/status.h"
#include "client/session.h"

namespace spanlab::client {

struct DatasetImportOptions {
  std::string project;
  // "jsonl", "labelstudio" or "brat".
  std::string format;
  // A file (jsonl, labelstudio) or a directory (brat).
  std::string path;
  // "codepoints" or "utf16".
  std::string labelstudio_offsets = "codepoints";
};

// Sends the file(s) and prints the report. ABORTED (exit status 1) when any
// record was not imported; the others are imported regardless.
absl::Status RunDatasetImport(Session& session,
                              const DatasetImportOptions& options);

}  // namespace spanlab::client

#endif  // SPANLAB_CLIENT_DATASET_IMPORT_H_
