#include "service/export/json_fields.h"

#include <limits>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace spanlab::dataset {
namespace {

// Parse errors quote what they last read, which for a broken string can be
// most of a document.
constexpr size_t kMaxReasonBytes = 200;
constexpr size_t kMaxQuotedBytes = 60;

// The longest prefix of valid UTF-8 `text` of at most `max` bytes that ends
// on a character boundary.
absl::string_view CutOnBoundary(absl::string_view text, size_t max) {
  if (text.size() <= max) return text;
  size_t end = max;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) {
    --end;
  }
  return text.substr(0, end);
}

}  // namespace

std::optional<Json> ParseJson(absl::string_view text, std::string* error) {
  try {
    return Json::parse(text.begin(), text.end());
  } catch (const Json::parse_error& e) {
    absl::string_view what = e.what();
    if (size_t bracket = what.find("] "); bracket != absl::string_view::npos) {
      what.remove_prefix(bracket + 2);
    }
    *error = std::string(CutOnBoundary(what, kMaxReasonBytes));
    return std::nullopt;
  }
}

std::string DumpCompact(const OrderedJson& json) {
  return json.dump(-1, ' ', /*ensure_ascii=*/false,
                   nlohmann::json::error_handler_t::replace);
}

std::optional<int64_t> AsInt(const Json& value) {
  if (value.is_number_integer() && !value.is_number_unsigned()) {
    return value.get<int64_t>();
  }
  if (value.is_number_unsigned()) {
    const uint64_t u = value.get<uint64_t>();
    if (u > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
      return std::nullopt;
    }
    return static_cast<int64_t>(u);
  }
  return std::nullopt;
}

std::string StringMember(const Json& object, const char* key) {
  if (!object.is_object()) return "";
  auto it = object.find(key);
  if (it == object.end() || !it->is_string()) return "";
  return it->get<std::string>();
}

bool IsTrue(const Json& object, const char* key) {
  if (!object.is_object()) return false;
  auto it = object.find(key);
  return it != object.end() && it->is_boolean() && it->get<bool>();
}

std::string ReadOptionalString(const Json& object, const char* key,
                               absl::string_view path, std::string* out) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return "";
  if (!it->is_string()) {
    return absl::StrCat(path, path.empty() ? "" : ".", key,
                        ": must be a string");
  }
  *out = it->get<std::string>();
  return "";
}

std::string ReadMetadata(const Json& value, absl::string_view path,
                         std::map<std::string, std::string>* out) {
  if (value.is_null()) return "";
  if (!value.is_object()) return absl::StrCat(path, ": must be an object");
  for (const auto& [key, item] : value.items()) {
    if (item.is_null()) continue;
    (*out)[key] = item.is_string() ? item.get<std::string>()
                                   : item.dump(-1, ' ', false,
                                               Json::error_handler_t::replace);
  }
  return "";
}

void CheckSpanText(const Utf8Index& text, int64_t start, int64_t end,
                   absl::string_view span_text, absl::string_view field,
                   const RecordLocation& where, absl::string_view hint,
                   ParsedDocument* doc) {
  if (start < 0 || end > text.size() || start >= end) return;
  const absl::string_view actual = text.Slice(start, end);
  if (actual == span_text) return;
  doc->AddIssue(where,
                absl::StrCat(field, ".text=", QuoteForMessage(span_text),
                             ": the document holds ", QuoteForMessage(actual),
                             " at [", start, ",", end, ") code points", hint));
}

std::string QuoteForMessage(absl::string_view text) {
  const absl::string_view cut = CutOnBoundary(text, kMaxQuotedBytes);
  std::string out = "\"";
  for (char c : cut) {
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '"') {
      out += "\\\"";
    } else {
      out += c;
    }
  }
  if (cut.size() < text.size()) out += "...";
  out += "\"";
  return out;
}

}  // namespace spanlab::dataset
