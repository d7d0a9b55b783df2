// Splitting a file that arrives in chunks of arbitrary size into records,
// holding at most one record in memory: lines (JSON lines) and the
// elements of a top-level JSON array (Label Studio).
#ifndef SPANLAB_SERVICE_EXPORT_STREAM_SPLIT_H_
#define SPANLAB_SERVICE_EXPORT_STREAM_SPLIT_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace spanlab::dataset {

// One record found in the stream.
struct StreamRecord {
  // 1-based line where the record starts.
  int64_t line = 0;
  // 1-based position among the records (array elements; for lines, the
  // line number again).
  int64_t index = 0;
  // The record's bytes; empty when `too_long`.
  absl::string_view text;
  // The record exceeded the size limit and was discarded.
  bool too_long = false;
};

using RecordSink = std::function<void(const StreamRecord&)>;

// Splits at "\n"; a "\r" before it is dropped, as is a UTF-8 byte order
// mark at the very start. Every line is passed on, blank ones included.
class LineSplitter {
 public:
  explicit LineSplitter(size_t max_line_bytes)
      : max_line_bytes_(max_line_bytes) {}

  void Feed(absl::string_view data, const RecordSink& sink);
  // Passes on a last line that has no line break.
  void Finish(const RecordSink& sink);

 private:
  void Emit(const RecordSink& sink);

  size_t max_line_bytes_;
  std::string line_;
  bool too_long_ = false;
  bool at_start_ = true;
  int64_t number_ = 1;
};

// Finds the elements of one JSON array ("[ {...}, {...} ]") without parsing
// them: it tracks strings, escapes and bracket depth only, so each element
// can then be parsed on its own. A UTF-8 byte order mark and white space
// around the array are allowed; anything else outside it is an error.
class JsonArraySplitter {
 public:
  explicit JsonArraySplitter(size_t max_element_bytes)
      : max_element_bytes_(max_element_bytes) {}

  // INVALID_ARGUMENT naming the line for a stream that is not an array;
  // after an error the splitter ignores everything.
  absl::Status Feed(absl::string_view data, const RecordSink& sink);
  // INVALID_ARGUMENT if the array was never opened or closed.
  absl::Status Finish(const RecordSink& sink);

 private:
  enum class State { kBeforeArray, kBeforeElement, kInElement, kDone, kFailed };

  absl::Status Fail(absl::string_view what);
  void EndElement(const RecordSink& sink);

  size_t max_element_bytes_;
  State state_ = State::kBeforeArray;
  std::string element_;
  bool too_long_ = false;
  int64_t element_line_ = 0;
  int64_t elements_ = 0;
  int depth_ = 0;
  bool in_string_ = false;
  bool escaped_ = false;
  int64_t line_ = 1;
  // Bytes of a possible byte order mark seen so far at the start.
  int bom_ = 0;
};

}  // namespace spanlab::dataset

#endif  // SPANLAB_SERVICE_EXPORT_STREAM_SPLIT_H_
