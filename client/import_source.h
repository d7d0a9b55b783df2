// Reading the files of an import into documents.
//
// A ".txt" file is one document: its id is the file name without the
// extension, its title the first non-empty line, its text the file's bytes
// exactly. Whether the text is valid UTF-8 is for the server to judge; it
// says where the encoding breaks.
//
// A ".jsonl" file holds one JSON object per line:
//   {"id": "...", "text": "...", "title": "...", "source": "...",
//    "meta": {"key": "value", ...}}
// "id" and "text" are required strings; the rest are optional. A missing
// title is derived from the text as for ".txt" files. Meta values that are
// not strings are kept as their JSON text. Blank lines are skipped. A line
// that is not such an object becomes a record with an error; the lines
// after it are still read.
//
// Extensions are compared without regard to case; any other extension is
// an error naming the file.
#ifndef SPANLAB_CLIENT_IMPORT_SOURCE_H_
#define SPANLAB_CLIENT_IMPORT_SOURCE_H_

#include <cstdint>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace spanlab::client {

// Longest derived title, in bytes.
inline constexpr size_t kMaxDerivedTitleBytes = 200;

// One document read from an import file, or why a line could not be read.
struct ImportRecord {
  std::string file;
  // 1-based line of a JSONL record; 0 for a whole ".txt" file.
  int64_t line = 0;
  std::string document_id;
  std::string title;
  std::string source;
  std::map<std::string, std::string> metadata;
  std::string text;
  // Empty for a document to send; otherwise why the record is not sent.
  std::string error;

  bool ok() const { return error.empty(); }
  std::string Location() const;
};

// "FILE:LINE", or "FILE" when `line` is 0, for messages.
std::string SourceLocation(absl::string_view file, int64_t line);

enum class ImportFormat { kText, kJsonLines };

// The format of `path`, judged by its extension.
absl::StatusOr<ImportFormat> ImportFormatOf(absl::string_view path);

// The first non-empty line of `text` without surrounding whitespace, cut to
// kMaxDerivedTitleBytes on a character boundary. Empty when there is no
// such line or it is not valid UTF-8 (a title must be, and the document
// will be rejected for its encoding anyway).
std::string DeriveTitle(absl::string_view text);

// The record of ".txt" file `path` with content `bytes`.
ImportRecord RecordFromTextFile(const std::string& path, std::string bytes);

// The record of line `line_number` of JSONL file `path`.
ImportRecord RecordFromJsonLine(const std::string& path, int64_t line_number,
                                absl::string_view line);

// Reads the records of a list of files in order, one at a time, so that an
// import holds at most one file (".txt") or one line (".jsonl") in memory.
class ImportReader {
 public:
  // Checks every file's extension and readability and counts the records,
  // so that an import fails before sending anything if a file is unusable.
  static absl::StatusOr<std::unique_ptr<ImportReader>> Open(
      std::vector<std::string> files);

  // Records the files hold (documents and bad lines alike).
  int64_t total_records() const { return total_records_; }
  // Sum of the files' sizes.
  uint64_t total_bytes() const { return total_bytes_; }

  // Reads the next record into `*record`. False at the end; an error if a
  // file can no longer be read.
  absl::StatusOr<bool> Next(ImportRecord* record);

 private:
  ImportReader(std::vector<std::string> files,
               std::vector<ImportFormat> formats);

  std::vector<std::string> files_;
  std::vector<ImportFormat> formats_;
  int64_t total_records_ = 0;
  uint64_t total_bytes_ = 0;
  // The file being read: index into files_, and for JSONL the open stream
  // and the number of the last line read.
  size_t current_ = 0;
  std::ifstream jsonl_;
  int64_t line_number_ = 0;
};

}  // namespace spanlab::client

#endif  // SPANLAB_CLIENT_IMPORT_SOURCE_H_
