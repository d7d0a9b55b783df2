// Types shared by the dataset formats (service/export/): which format, the
// writer every format implements for export, and the records an import
// reads before they are validated and stored.
//
// This library only converts between records and bytes. It knows nothing
// of storage, permissions or gRPC; service/dataset_export.h and
// service/dataset_import.h put it to work.
//
// Offsets: a v1::Annotation's start/end count Unicode code points of the
// document text, half-open. Every format converts to and from that unit
// and says in its header which unit it writes.
#ifndef SPANLAB_SERVICE_EXPORT_DATASET_H_
#define SPANLAB_SERVICE_EXPORT_DATASET_H_

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"
#include "spanlab/v1/resources.pb.h"

namespace spanlab::dataset {

enum class Format { kJsonl, kCsv, kBrat, kConll, kLabelStudio };

// What Label Studio offsets count (see labelstudio.h).
enum class OffsetUnit { kCodePoints, kUtf16 };

// The kind names the files use: "human", "automatic", "gold".
absl::string_view KindName(v1::AnnotationKind kind);
// The kind a file's name stands for, ignoring case; nullopt if none.
std::optional<v1::AnnotationKind> ParseKindName(absl::string_view name);

// Sorts annotations into the order every format writes them: by start,
// end, kind (human, automatic, gold), author, label, then the remaining
// content, so that the output never depends on storage order or ids.
void SortSpans(std::vector<v1::Annotation>* spans);
// The same order as pointers into `spans`, which stay where they are:
// cheaper than moving the messages.
std::vector<const v1::Annotation*> SortedSpans(
    const std::vector<v1::Annotation>& spans);

// How an export is written.
struct ExportOptions {
  // The project's schema: JSONL lists every attribute key it allows on
  // every span, brat's annotation.conf lists its labels and link types.
  v1::LabelSchema schema;
  // Whether deleted annotations may be among the spans; formats that can
  // mark them (JSONL, CSV) then add a "deleted" field.
  bool include_deleted = false;
  // The unit of Label Studio offsets.
  OffsetUnit labelstudio_offsets = OffsetUnit::kCodePoints;
};

// Bytes for one file of the export. Consecutive pieces of the same file are
// concatenated.
struct OutputPiece {
  std::string file_name;
  std::string data;
};

// Formats a dataset one document at a time. Call Begin once, Document for
// every document in the order they are to appear, then End. Not
// thread-safe.
class FormatWriter {
 public:
  virtual ~FormatWriter() = default;

  // What opens the export: a CSV header, the "[" of a JSON array, brat's
  // annotation.conf. May be empty.
  virtual std::vector<OutputPiece> Begin() = 0;

  // The output of one document. `document` carries its text; `spans` are
  // the annotations to write, in any order, each with its text filled in.
  virtual std::vector<OutputPiece> Document(
      const v1::Document& document, std::vector<v1::Annotation> spans) = 0;

  // What closes the export. May be empty.
  virtual std::vector<OutputPiece> End() = 0;
};

// A writer for `format`.
std::unique_ptr<FormatWriter> NewFormatWriter(Format format,
                                              ExportOptions options);

// Where an import record was read, for error reports.
struct RecordLocation {
  std::string file;
  // 1-based line of the record or of the problem; 0 for none.
  int64_t line = 0;
  // 1-based Label Studio task; 0 otherwise.
  int64_t task = 0;
};

// One problem with an import record. Any problem keeps the whole record
// (document and spans) out of the store.
struct ImportIssue {
  RecordLocation where;
  std::string message;
};

// A span as read from a file, before schema validation.
struct ImportedSpan {
  // start/end in code points, label, attributes, note, deleted; kind
  // (UNSPECIFIED for "not given": HUMAN), author (empty for "not given":
  // the importer), model_version and score as the file gives them.
  v1::Annotation annotation;
  // Links to other spans of the same record: (link type, index into
  // ParsedDocument::spans).
  std::vector<std::pair<std::string, size_t>> links;
  // Path of the span in the record for messages, e.g. "spans[2]",
  // "annotations[0].result[3]", "T4".
  std::string field;
  // Where the span was read.
  RecordLocation where;
};

// One document read from a file, with its spans, or why it cannot be.
struct ParsedDocument {
  RecordLocation where;
  // Empty when the record does not name one (the importer then derives it
  // from the text).
  std::string document_id;
  std::string title;
  std::string source;
  std::map<std::string, std::string> metadata;
  // The text as UTF-8 bytes; not yet validated.
  std::string text;
  std::vector<ImportedSpan> spans;
  // Problems found while reading; non-empty means "do not import".
  std::vector<ImportIssue> issues;

  bool ok() const { return issues.empty(); }
  void AddIssue(RecordLocation at, std::string message) {
    issues.push_back({std::move(at), std::move(message)});
  }
};

}  // namespace spanlab::dataset

#endif  // SPANLAB_SERVICE_EXPORT_DATASET_H_
