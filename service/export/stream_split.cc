#include "service/export/stream_split.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace spanlab::dataset {
namespace {

constexpr absl::string_view kByteOrderMark = "\xEF\xBB\xBF";

bool IsJsonWhitespace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

}  // namespace

void LineSplitter::Feed(absl::string_view data, const RecordSink& sink) {
  while (!data.empty()) {
    const size_t newline = data.find('\n');
    const absl::string_view part = data.substr(0, newline);
    if (!too_long_) {
      if (line_.size() + part.size() > max_line_bytes_) {
        too_long_ = true;
        line_.clear();
      } else {
        line_.append(part.data(), part.size());
      }
    }
    if (newline == absl::string_view::npos) return;
    Emit(sink);
    data.remove_prefix(newline + 1);
  }
}

void LineSplitter::Finish(const RecordSink& sink) {
  if (!line_.empty() || too_long_) Emit(sink);
}

void LineSplitter::Emit(const RecordSink& sink) {
  absl::string_view line = line_;
  if (at_start_) absl::ConsumePrefix(&line, kByteOrderMark);
  absl::ConsumeSuffix(&line, "\r");
  sink({number_, number_, too_long_ ? absl::string_view() : line, too_long_});
  at_start_ = false;
  ++number_;
  line_.clear();
  too_long_ = false;
}

absl::Status JsonArraySplitter::Fail(absl::string_view what) {
  state_ = State::kFailed;
  element_.clear();
  return absl::InvalidArgumentError(
      absl::StrCat("line ", line_, ": ", what,
                   "; a Label Studio file is one JSON array of tasks"));
}

void JsonArraySplitter::EndElement(const RecordSink& sink) {
  ++elements_;
  sink({element_line_, elements_,
        too_long_ ? absl::string_view() : absl::string_view(element_),
        too_long_});
  element_.clear();
  too_long_ = false;
}

absl::Status JsonArraySplitter::Feed(absl::string_view data,
                                     const RecordSink& sink) {
  for (size_t i = 0; i < data.size(); ++i) {
    const char c = data[i];
    switch (state_) {
      case State::kFailed:
        return absl::OkStatus();
      case State::kBeforeArray:
        if (bom_ < 3 && line_ == 1 && c == kByteOrderMark[bom_]) {
          ++bom_;
        } else if (c == '[' && (bom_ == 0 || bom_ == 3)) {
          state_ = State::kBeforeElement;
        } else if (!IsJsonWhitespace(c) || (bom_ != 0 && bom_ != 3)) {
          return Fail("expected '[' before anything else");
        }
        break;
      case State::kBeforeElement:
        if (IsJsonWhitespace(c)) break;
        if (c == ']' && elements_ == 0) {
          state_ = State::kDone;
          break;
        }
        if (c == ',' || c == ']')
          return Fail("expected a task, found ',' or ']'");
        state_ = State::kInElement;
        element_line_ = line_;
        depth_ = 0;
        in_string_ = false;
        escaped_ = false;
        [[fallthrough]];
      case State::kInElement:
        if (in_string_) {
          if (escaped_) {
            escaped_ = false;
          } else if (c == '\\') {
            escaped_ = true;
          } else if (c == '"') {
            in_string_ = false;
          }
        } else if (c == '"') {
          in_string_ = true;
        } else if (c == '{' || c == '[') {
          ++depth_;
        } else if ((c == '}' || c == ']') && depth_ > 0) {
          --depth_;
        } else if (depth_ == 0 && (c == ',' || c == ']')) {
          EndElement(sink);
          state_ = c == ']' ? State::kDone : State::kBeforeElement;
          break;
        }
        if (!too_long_) {
          if (element_.size() >= max_element_bytes_) {
            too_long_ = true;
            element_.clear();
          } else {
            element_ += c;
          }
        }
        break;
      case State::kDone:
        if (!IsJsonWhitespace(c)) {
          return Fail("unexpected text after the closing ']'");
        }
        break;
    }
    if (c == '\n') ++line_;
  }
  return absl::OkStatus();
}

absl::Status JsonArraySplitter::Finish(const RecordSink& sink) {
  switch (state_) {
    case State::kDone:
    case State::kFailed:
      return absl::OkStatus();
    case State::kInElement:
      // The last task is cut off: parsing it reports what is wrong.
      EndElement(sink);
      return Fail("the array is not closed with ']'");
    default:
      return Fail(elements_ == 0 && state_ == State::kBeforeArray
                      ? "the file holds no JSON array"
                      : "the array is not closed with ']'");
  }
}

}  // namespace spanlab::dataset
