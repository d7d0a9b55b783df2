// Reading typed members of JSON records for the import parsers (JSON lines,
// Label Studio), with messages that name the member's path.
#ifndef SPANLAB_SERVICE_EXPORT_JSON_FIELDS_H_
#define SPANLAB_SERVICE_EXPORT_JSON_FIELDS_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "nlohmann/json.hpp"
#include "service/export/dataset.h"
#include "service/text/utf8.h"

namespace spanlab::dataset {

using Json = nlohmann::json;
using OrderedJson = nlohmann::ordered_json;

// Parses one JSON text. On failure (malformed JSON, or a number too large
// for a double) returns nullopt and sets `*error` to the parser's reason
// without its internal prefix, cut to 200 bytes. Never throws.
std::optional<Json> ParseJson(absl::string_view text, std::string* error);

// `json` on one line, UTF-8 kept as is (no \u escapes beyond control
// characters), so that output is deterministic and readable.
std::string DumpCompact(const OrderedJson& json);

// Appends `text` as a JSON string literal, the exact bytes DumpCompact
// writes for it as a value or key, without building a JSON value: writers
// of large outputs (JSON lines) format straight into their buffer.
void AppendJsonString(absl::string_view text, std::string* out);

// Appends `value` as DumpCompact writes a JSON number (null if not finite).
void AppendJsonNumber(double value, std::string* out);

// `value` as an int64 if it is a JSON integer that fits.
std::optional<int64_t> AsInt(const Json& value);

// Member `key` of `object` if it is a string, else "" (absent, null or
// another type). Never throws.
std::string StringMember(const Json& object, const char* key);

// Whether member `key` of `object` is the boolean true. Never throws.
bool IsTrue(const Json& object, const char* key);

// Reads member `key` of `object` into `*out` when it is a string; leaves
// `*out` alone when absent or null. Returns an error message naming
// `path`.`key`, or "" on success.
std::string ReadOptionalString(const Json& object, const char* key,
                               absl::string_view path, std::string* out);

// Reads an object of free metadata into `*out`: string values as they are,
// other values as their JSON text, nulls skipped. Error message or "".
std::string ReadMetadata(const Json& value, absl::string_view path,
                         std::map<std::string, std::string>* out);

// Checks that `span_text`, the text a file gives for the span
// [start, end) (code points) of `text`, is what the document holds there.
// Adds an issue to `doc` if not; `hint` is appended to the message (e.g.
// which offset unit would have matched). Spans out of range are left to
// the validation that follows.
void CheckSpanText(const Utf8Index& text, int64_t start, int64_t end,
                   absl::string_view span_text, absl::string_view field,
                   const RecordLocation& where, absl::string_view hint,
                   ParsedDocument* doc);

// `text` quoted for a message, cut to 60 bytes on a character boundary.
std::string QuoteForMessage(absl::string_view text);

}  // namespace spanlab::dataset

#endif  // SPANLAB_SERVICE_EXPORT_JSON_FIELDS_H_
