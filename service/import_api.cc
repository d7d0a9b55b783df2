// ExportApi::ImportDataset: reads the stream's chunks into records
// (service/export/import_stream.h) and stores each (dataset_import.h) as
// soon as it is complete.
#include <algorithm>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "service/dataset_import.h"
#include "service/export/import_stream.h"
#include "service/export_api.h"
#include "service/export_formats.h"
#include "service/names.h"
#include "service/permissions.h"

namespace spanlab {
namespace {

// Longest record read: a document's text at its limit, escaped in JSON
// (non-ASCII stays raw, so escapes rarely double it), plus its spans.
size_t MaxRecordBytes(const Limits& limits) {
  const auto text =
      static_cast<size_t>(std::max<int64_t>(limits.max_document_bytes, 1));
  return 2 * text + (16 << 20);
}

}  // namespace

absl::StatusOr<v1::ImportDatasetResponse> ExportApi::ImportDataset(
    const Principal& caller, const std::function<bool(v1::ImportChunk*)>& next,
    const CallCheck& ended) {
  absl::Status s = RequireAdmin(caller, "ImportDataset");
  if (!s.ok()) return s;
  v1::ImportChunk chunk;
  if (!next(&chunk)) {
    return absl::InvalidArgumentError(
        "the stream is empty; the first message names parent and format");
  }
  auto project = ParseProjectName(chunk.parent(), "parent");
  if (!project.ok()) return project.status();
  auto record = store_->GetProject(*project);
  if (!record.ok()) return record.status();
  const v1::DatasetFormat format_value = chunk.format();
  auto format = ImportFormatOf(format_value, "format");
  if (!format.ok()) return format.status();
  auto unit =
      OffsetUnitOf(chunk.labelstudio_offset_unit(), "labelstudio_offset_unit");
  if (!unit.ok()) return unit.status();
  const std::string parent = chunk.parent();

  v1::ImportDatasetResponse response;
  DatasetImporter importer(store_, limits_, caller, *project,
                           (*record)->schema(), &response);
  dataset::ImportStream stream(
      *format, *unit, MaxRecordBytes(limits_),
      [&importer](dataset::ParsedDocument doc) {
        importer.Import(std::move(doc));
      },
      [&importer](const dataset::ImportIssue& issue) {
        importer.AddIssue(issue);
      });
  int64_t index = 0;
  do {
    if (index > 0 && ((!chunk.parent().empty() && chunk.parent() != parent) ||
                      (chunk.format() != v1::DATASET_FORMAT_UNSPECIFIED &&
                       chunk.format() != format_value))) {
      return absl::InvalidArgumentError(absl::StrCat(
          "chunks[", index,
          "]: every chunk of an import names the same "
          "parent and format as the first (or none); ",
          response.documents_created() + response.documents_reused(),
          " documents were imported before it"));
    }
    stream.Feed(chunk.file_name(), chunk.data());
    chunk.Clear();
    ++index;
  } while (next(&chunk));
  // Finish would store the record still being read, which a cut-short
  // stream has only part of (a brat .txt without all of its .ann).
  s = ended();
  if (!s.ok()) return s;
  stream.Finish();
  return response;
}

}  // namespace spanlab
