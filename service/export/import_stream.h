// Turns the chunks of an import stream into parsed documents as soon as
// each record is complete, holding at most one record (a JSON line, a
// Label Studio task, a brat .txt/.ann pair) in memory.
#ifndef SPANLAB_SERVICE_EXPORT_IMPORT_STREAM_H_
#define SPANLAB_SERVICE_EXPORT_IMPORT_STREAM_H_

#include <cstddef>
#include <functional>
#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "service/export/dataset.h"
#include "service/export/stream_split.h"

namespace spanlab::dataset {

class ImportStream {
 public:
  // Receives every record read, also those with issues.
  using DocumentSink = std::function<void(ParsedDocument)>;
  // Receives problems that belong to no record: a file that is not a JSON
  // array, a brat .ann without its .txt, a file of an unknown kind.
  using IssueSink = std::function<void(ImportIssue)>;

  // `format` is kJsonl, kLabelStudio or kBrat. Records longer than
  // `max_record_bytes` are reported instead of read.
  ImportStream(Format format, OffsetUnit labelstudio_offsets,
               size_t max_record_bytes, DocumentSink on_document,
               IssueSink on_issue);

  // The next bytes of file `file_name`. A new name ends the previous file.
  void Feed(absl::string_view file_name, absl::string_view data);
  // Ends the last file.
  void Finish();

 private:
  void StartFile(absl::string_view file_name);
  void EndFile();
  void OnRecord(const StreamRecord& record);
  void FlushBrat();

  // What the bytes of the current file go to.
  enum class Target { kSplitter, kBratText, kBratAnn, kSkip };

  Format format_;
  OffsetUnit labelstudio_offsets_;
  size_t max_record_bytes_;
  DocumentSink on_document_;
  IssueSink on_issue_;

  std::string file_;
  bool started_ = false;
  Target target_ = Target::kSkip;
  std::optional<LineSplitter> lines_;
  std::optional<JsonArraySplitter> array_;

  // brat: the pending .txt and its .ann.
  std::string txt_name_;
  std::string txt_;
  std::string ann_name_;
  std::string ann_;
  bool has_txt_ = false;
  bool txt_too_long_ = false;
  bool ann_too_long_ = false;
};

// "DOC" for "dir/DOC.txt": the file name without directories and
// extension, the id brat documents get.
std::string BratDocumentId(absl::string_view file_name);

}  // namespace spanlab::dataset

#endif  // SPANLAB_SERVICE_EXPORT_IMPORT_STREAM_H_
