#include "client/import_source.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>
#include <tuple>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "client/files.h"
#include "nlohmann/json.hpp"
#include "service/text/utf8.h"

namespace spanlab::client {
namespace {

constexpr absl::string_view kByteOrderMark = "\xef\xbb\xbf";

// Parse errors quote what they last read, which for an unterminated string
// can be most of a document.
constexpr size_t kMaxErrorBytes = 200;

bool IsBlank(absl::string_view line) {
  return absl::StripAsciiWhitespace(line).empty();
}

absl::Status CannotRead(const std::string& path) {
  const int error = errno;
  return absl::Status(
      absl::ErrnoToStatusCode(error),
      absl::StrCat("cannot read ", path, ": ", std::strerror(error)));
}

// The reason of a JSON parse error, without the library's error-id prefix
// and cut to kMaxErrorBytes.
// nlohmann::json::exception covers parse_error and also out_of_range, which
// a number too large for a double (1e400) raises while parsing.
std::string ParseErrorReason(const nlohmann::json::exception& error) {
  absl::string_view what = error.what();
  if (size_t bracket = what.find("] "); bracket != absl::string_view::npos) {
    what.remove_prefix(bracket + 2);
  }
  // The parsed text is a single line, so its line number says nothing.
  absl::ConsumePrefix(&what, "parse error at line 1, ");
  if (what.size() > kMaxErrorBytes) {
    return absl::StrCat(what.substr(0, kMaxErrorBytes), "...");
  }
  return std::string(what);
}

// Reads optional string member `key` of `object` into `out`. Null counts as
// absent. Returns an error message, or empty.
std::string OptionalString(const nlohmann::json& object, const char* key,
                           std::string* out) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return "";
  if (!it->is_string()) return absl::StrCat("\"", key, "\" must be a string");
  *out = it->get<std::string>();
  return "";
}

// Reads required string member `key`. Returns an error message, or empty.
std::string RequiredString(const nlohmann::json& object, const char* key,
                           std::string* out) {
  if (object.find(key) == object.end()) {
    return absl::StrCat("missing \"", key, "\"");
  }
  return OptionalString(object, key, out);
}

}  // namespace

std::string SourceLocation(absl::string_view file, int64_t line) {
  return line > 0 ? absl::StrCat(file, ":", line) : std::string(file);
}

std::string ImportRecord::Location() const {
  return SourceLocation(file, line);
}

absl::StatusOr<ImportFormat> ImportFormatOf(absl::string_view path) {
  const std::string extension = absl::AsciiStrToLower(
      std::filesystem::path(std::string(path)).extension().string());
  if (extension == ".txt") return ImportFormat::kText;
  if (extension == ".jsonl") return ImportFormat::kJsonLines;
  return absl::InvalidArgumentError(absl::StrCat(
      path, ": cannot import this file type; expected .txt or .jsonl"));
}

std::string DeriveTitle(absl::string_view text) {
  absl::ConsumePrefix(&text, kByteOrderMark);
  while (!text.empty()) {
    const size_t newline = text.find('\n');
    absl::string_view line =
        absl::StripAsciiWhitespace(text.substr(0, newline));
    if (!line.empty()) {
      if (line.size() > kMaxDerivedTitleBytes) {
        size_t cut = kMaxDerivedTitleBytes;
        while (cut > 0 &&
               (static_cast<unsigned char>(line[cut]) & 0xc0) == 0x80) {
          --cut;
        }
        line = absl::StripTrailingAsciiWhitespace(line.substr(0, cut));
      }
      return IsValidUtf8(line) ? std::string(line) : "";
    }
    if (newline == absl::string_view::npos) break;
    text.remove_prefix(newline + 1);
  }
  return "";
}

ImportRecord RecordFromTextFile(const std::string& path, std::string bytes) {
  ImportRecord record;
  record.file = path;
  record.document_id = std::filesystem::path(path).stem().string();
  record.title = DeriveTitle(bytes);
  record.text = std::move(bytes);
  return record;
}

ImportRecord RecordFromJsonLine(const std::string& path, int64_t line_number,
                                absl::string_view line) {
  ImportRecord record;
  record.file = path;
  record.line = line_number;
  absl::ConsumeSuffix(&line, "\r");
  nlohmann::json object;
  try {
    object = nlohmann::json::parse(line.begin(), line.end());
  } catch (const nlohmann::json::exception& error) {
    record.error = absl::StrCat("not valid JSON: ", ParseErrorReason(error));
    return record;
  }
  if (!object.is_object()) {
    record.error = "not a JSON object";
    return record;
  }
  for (const auto& [key, out, required] :
       {std::tuple{"id", &record.document_id, true},
        std::tuple{"text", &record.text, true},
        std::tuple{"title", &record.title, false},
        std::tuple{"source", &record.source, false}}) {
    record.error = required ? RequiredString(object, key, out)
                            : OptionalString(object, key, out);
    if (!record.ok()) return record;
  }
  if (object.find("title") == object.end()) {
    record.title = DeriveTitle(record.text);
  }
  auto meta = object.find("meta");
  if (meta != object.end() && !meta->is_null()) {
    if (!meta->is_object()) {
      record.error = "\"meta\" must be an object";
      return record;
    }
    for (const auto& [key, value] : meta->items()) {
      record.metadata[key] =
          value.is_string() ? value.get<std::string>() : value.dump();
    }
  }
  return record;
}

ImportReader::ImportReader(std::vector<std::string> files,
                           std::vector<ImportFormat> formats)
    : files_(std::move(files)), formats_(std::move(formats)) {}

absl::StatusOr<std::unique_ptr<ImportReader>> ImportReader::Open(
    std::vector<std::string> files) {
  std::vector<ImportFormat> formats;
  int64_t records = 0;
  uint64_t bytes = 0;
  for (const std::string& file : files) {
    absl::StatusOr<ImportFormat> format = ImportFormatOf(file);
    if (!format.ok()) return format.status();
    formats.push_back(*format);
    std::error_code error;
    if (std::filesystem::is_directory(file, error)) {
      return absl::InvalidArgumentError(
          absl::StrCat("cannot read ", file, ": is a directory"));
    }
    std::ifstream in(file, std::ios::binary);
    if (!in) return CannotRead(file);
    const uintmax_t size = std::filesystem::file_size(file, error);
    if (!error) bytes += size;
    if (*format == ImportFormat::kText) {
      ++records;
      continue;
    }
    std::string line;
    while (std::getline(in, line)) {
      if (!IsBlank(line)) ++records;
    }
    if (in.bad()) return CannotRead(file);
  }
  auto reader = std::unique_ptr<ImportReader>(
      new ImportReader(std::move(files), std::move(formats)));
  reader->total_records_ = records;
  reader->total_bytes_ = bytes;
  return reader;
}

absl::StatusOr<bool> ImportReader::Next(ImportRecord* record) {
  while (current_ < files_.size()) {
    const std::string& file = files_[current_];
    if (formats_[current_] == ImportFormat::kText) {
      absl::StatusOr<std::string> bytes = ReadFileBytes(file);
      if (!bytes.ok()) return bytes.status();
      *record = RecordFromTextFile(file, *std::move(bytes));
      ++current_;
      return true;
    }
    if (!jsonl_.is_open()) {
      jsonl_.open(file, std::ios::binary);
      if (!jsonl_) return CannotRead(file);
      line_number_ = 0;
    }
    std::string line;
    while (std::getline(jsonl_, line)) {
      ++line_number_;
      if (IsBlank(line)) continue;
      *record = RecordFromJsonLine(file, line_number_, line);
      return true;
    }
    if (jsonl_.bad()) return CannotRead(file);
    jsonl_.close();
    jsonl_.clear();
    ++current_;
  }
  return false;
}

}  // namespace spanlab::client
