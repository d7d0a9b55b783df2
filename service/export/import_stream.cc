#include "service/export/import_stream.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "service/export/brat.h"
#include "service/export/jsonl.h"
#include "service/export/labelstudio.h"

namespace spanlab::dataset {
namespace {

// brat's configuration and cache files, which describe a collection rather
// than a document.
bool IsBratConfig(absl::string_view base_name) {
  return absl::EndsWith(base_name, ".conf") || base_name == ".stats_cache";
}

absl::string_view BaseName(absl::string_view file_name) {
  const size_t slash = file_name.rfind('/');
  return slash == absl::string_view::npos ? file_name
                                          : file_name.substr(slash + 1);
}

}  // namespace

std::string BratDocumentId(absl::string_view file_name) {
  absl::string_view base = BaseName(file_name);
  const size_t dot = base.rfind('.');
  return std::string(dot == absl::string_view::npos ? base
                                                    : base.substr(0, dot));
}

ImportStream::ImportStream(Format format, OffsetUnit labelstudio_offsets,
                           size_t max_record_bytes, DocumentSink on_document,
                           IssueSink on_issue)
    : format_(format),
      labelstudio_offsets_(labelstudio_offsets),
      max_record_bytes_(max_record_bytes),
      on_document_(std::move(on_document)),
      on_issue_(std::move(on_issue)) {}

void ImportStream::Feed(absl::string_view file_name, absl::string_view data) {
  if (!started_ || file_name != file_) {
    if (started_) EndFile();
    StartFile(file_name);
  }
  const RecordSink sink = [this](const StreamRecord& r) { OnRecord(r); };
  switch (target_) {
    case Target::kSplitter:
      if (lines_.has_value()) lines_->Feed(data, sink);
      if (array_.has_value()) {
        absl::Status s = array_->Feed(data, sink);
        if (!s.ok()) on_issue_({{file_, 0, 0}, std::string(s.message())});
      }
      break;
    case Target::kBratText:
      txt_too_long_ |= txt_.size() + data.size() > max_record_bytes_;
      if (!txt_too_long_) txt_.append(data.data(), data.size());
      break;
    case Target::kBratAnn:
      ann_too_long_ |= ann_.size() + data.size() > max_record_bytes_;
      if (!ann_too_long_) ann_.append(data.data(), data.size());
      break;
    case Target::kSkip:
      break;
  }
}

void ImportStream::Finish() {
  if (started_) EndFile();
  FlushBrat();
}

void ImportStream::StartFile(absl::string_view file_name) {
  started_ = true;
  file_ = std::string(file_name);
  if (format_ == Format::kJsonl) {
    lines_.emplace(max_record_bytes_);
    target_ = Target::kSplitter;
    return;
  }
  if (format_ == Format::kLabelStudio) {
    array_.emplace(max_record_bytes_);
    target_ = Target::kSplitter;
    return;
  }
  const absl::string_view base = BaseName(file_name);
  const std::string lower = absl::AsciiStrToLower(base);
  if (absl::EndsWith(lower, ".txt")) {
    FlushBrat();
    txt_name_ = file_;
    has_txt_ = true;
    target_ = Target::kBratText;
  } else if (absl::EndsWith(lower, ".ann")) {
    if (has_txt_ && ann_name_.empty() &&
        BratDocumentId(txt_name_) == BratDocumentId(file_)) {
      ann_name_ = file_;
      target_ = Target::kBratAnn;
    } else {
      on_issue_({{file_, 0, 0},
                 absl::StrCat("no ", BratDocumentId(file_),
                              ".txt right before it; send each .ann right "
                              "after its .txt")});
      target_ = Target::kSkip;
    }
  } else {
    if (!IsBratConfig(base)) {
      on_issue_(
          {{file_, 0, 0}, "not a brat .txt or .ann file; it was skipped"});
    }
    target_ = Target::kSkip;
  }
}

void ImportStream::EndFile() {
  const RecordSink sink = [this](const StreamRecord& r) { OnRecord(r); };
  if (lines_.has_value()) lines_->Finish(sink);
  if (array_.has_value()) {
    absl::Status s = array_->Finish(sink);
    if (!s.ok()) on_issue_({{file_, 0, 0}, std::string(s.message())});
  }
  lines_.reset();
  array_.reset();
}

void ImportStream::OnRecord(const StreamRecord& record) {
  const bool jsonl = format_ == Format::kJsonl;
  RecordLocation where{file_, record.line, jsonl ? 0 : record.index};
  if (record.too_long) {
    ParsedDocument doc;
    doc.where = where;
    doc.AddIssue(where, absl::StrCat(jsonl ? "line" : "task", " longer than ",
                                     max_record_bytes_, " bytes; not read"));
    on_document_(std::move(doc));
    return;
  }
  if (jsonl) {
    if (absl::StripAsciiWhitespace(record.text).empty()) return;
    on_document_(ParseJsonlLine(record.text, where));
  } else {
    on_document_(
        ParseLabelStudioTask(record.text, labelstudio_offsets_, where));
  }
}

void ImportStream::FlushBrat() {
  if (!has_txt_) return;
  const std::string id = BratDocumentId(txt_name_);
  if (txt_too_long_ || ann_too_long_) {
    ParsedDocument doc;
    doc.where = {txt_too_long_ ? txt_name_ : ann_name_, 0, 0};
    doc.document_id = id;
    doc.AddIssue(doc.where, absl::StrCat("longer than ", max_record_bytes_,
                                         " bytes; not read"));
    on_document_(std::move(doc));
  } else {
    on_document_(ParseBratDocument(
        id, std::move(txt_), ann_, txt_name_,
        ann_name_.empty() ? absl::StrCat(id, ".ann") : ann_name_));
  }
  has_txt_ = false;
  txt_name_.clear();
  txt_.clear();
  ann_name_.clear();
  ann_.clear();
  txt_too_long_ = ann_too_long_ = false;
}

}  // namespace spanlab::dataset
