#include "client/dataset_files.h"

#include <algorithm>
#include <filesystem>
#include <set>
#include <system_error>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace spanlab::client {
namespace {

namespace fs = std::filesystem;

uint64_t SizeOf(const fs::path& path) {
  std::error_code ec;
  const uintmax_t size = fs::file_size(path, ec);
  return ec ? 0 : static_cast<uint64_t>(size);
}

}  // namespace

absl::StatusOr<DatasetImportPlan> PlanDatasetImport(absl::string_view format,
                                                    const std::string& path) {
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (ec || !fs::exists(status)) {
    return absl::NotFoundError(
        absl::StrCat("cannot read ", path, ": no such file or directory"));
  }
  DatasetImportPlan plan;
  if (format != "brat") {
    if (!fs::is_regular_file(status)) {
      return absl::FailedPreconditionError(absl::StrCat(
          "cannot import ", path, ": ", format, " needs one file"));
    }
    plan.files.push_back(path);
    plan.bytes = SizeOf(path);
    return plan;
  }
  if (!fs::is_directory(status)) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot import ", path,
                     ": brat needs a directory of DOC.txt and DOC.ann files"));
  }
  std::set<std::string> txt, ann;
  for (const fs::directory_entry& entry : fs::directory_iterator(path, ec)) {
    if (!entry.is_regular_file()) continue;
    const std::string name = entry.path().filename().string();
    if (absl::EndsWith(name, ".txt")) {
      txt.insert(name.substr(0, name.size() - 4));
    } else if (absl::EndsWith(name, ".ann")) {
      ann.insert(name.substr(0, name.size() - 4));
    }
  }
  if (ec) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot list ", path, ": ", ec.message()));
  }
  for (const std::string& stem : txt) {
    const fs::path text = fs::path(path) / (stem + ".txt");
    plan.files.push_back(text.string());
    plan.bytes += SizeOf(text);
    ++plan.documents;
    if (ann.count(stem)) {
      const fs::path annotations = fs::path(path) / (stem + ".ann");
      plan.files.push_back(annotations.string());
      plan.bytes += SizeOf(annotations);
    }
  }
  for (const std::string& stem : ann) {
    if (!txt.count(stem)) {
      plan.skipped.push_back(
          absl::StrCat((fs::path(path) / (stem + ".ann")).string(), ": no ",
                       stem, ".txt beside it; not imported"));
    }
  }
  return plan;
}

}  // namespace spanlab::client
