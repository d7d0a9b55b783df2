#include "service/export/json_fields.h"

#include <cstring>
#include <limits>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

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

constexpr uint64_t kEveryByte = 0x0101010101010101ULL;
constexpr uint64_t kHighBits = 0x8080808080808080ULL;

// Whether any of the 8 bytes in `w` is a control character, '"', '\\' or
// not ASCII: a word without any is copied as it is.
bool NeedsAttention(uint64_t w) {
  const uint64_t quote = w ^ (kEveryByte * '"');
  const uint64_t backslash = w ^ (kEveryByte * '\\');
  const uint64_t marks = ((w - kEveryByte * 0x20) & ~w) |
                         ((quote - kEveryByte) & ~quote) |
                         ((backslash - kEveryByte) & ~backslash) | w;
  return (marks & kHighBits) != 0;
}

// Length of the well-formed UTF-8 sequence at `p` (lead byte >= 0x80,
// `left` bytes available), or 0: Unicode table 3-7, the same rule as
// nlohmann's decoder, so that a string passing here is one it copies
// unchanged.
size_t MultiByteLength(const unsigned char* p, size_t left) {
  const unsigned char b0 = p[0];
  if (b0 < 0xC2) return 0;
  if (b0 < 0xE0) return left >= 2 && (p[1] & 0xC0) == 0x80 ? 2 : 0;
  if (b0 < 0xF0) {
    if (left < 3) return 0;
    const unsigned char lo = b0 == 0xE0 ? 0xA0 : 0x80;
    const unsigned char hi = b0 == 0xED ? 0x9F : 0xBF;
    if (p[1] < lo || p[1] > hi) return 0;
    return (p[2] & 0xC0) == 0x80 ? 3 : 0;
  }
  if (b0 < 0xF5) {
    if (left < 4) return 0;
    const unsigned char lo = b0 == 0xF0 ? 0x90 : 0x80;
    const unsigned char hi = b0 == 0xF4 ? 0x8F : 0xBF;
    if (p[1] < lo || p[1] > hi) return 0;
    return (p[2] & 0xC0) == 0x80 && (p[3] & 0xC0) == 0x80 ? 4 : 0;
  }
  return 0;
}

// The first byte in [p, end) that is a control character, '"', '\\' or
// not ASCII, or `end`. Text is copied in runs between such bytes; news
// text has one every dozen bytes or so, which makes the wide steps pay.
const unsigned char* FindMark(const unsigned char* p,
                              const unsigned char* end) {
#if defined(__SSE2__)
  const __m128i space = _mm_set1_epi8(0x20);
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  for (; end - p >= 16; p += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    // A signed comparison: bytes from 0x80 up are negative, so "below
    // 0x20" also flags every byte that is not ASCII.
    const __m128i marks = _mm_or_si128(
        _mm_cmplt_epi8(v, space),
        _mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)));
    const int mask = _mm_movemask_epi8(marks);
    if (mask != 0) return p + __builtin_ctz(static_cast<unsigned>(mask));
  }
#endif
  for (; end - p >= 8; p += 8) {
    uint64_t word;
    std::memcpy(&word, p, sizeof(word));
    if (NeedsAttention(word)) break;
  }
  for (; p < end; ++p) {
    const unsigned char c = *p;
    if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') return p;
  }
  return end;
}

void AppendEscape(unsigned char c, std::string* out) {
  switch (c) {
    case '\b':
      out->append("\\b");
      return;
    case '\t':
      out->append("\\t");
      return;
    case '\n':
      out->append("\\n");
      return;
    case '\f':
      out->append("\\f");
      return;
    case '\r':
      out->append("\\r");
      return;
    case '"':
      out->append("\\\"");
      return;
    case '\\':
      out->append("\\\\");
      return;
    default: {
      static constexpr char kHex[] = "0123456789abcdef";
      const char escape[] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xF]};
      out->append(escape, sizeof(escape));
    }
  }
}

}  // namespace

std::optional<Json> ParseJson(absl::string_view text, std::string* error) {
  try {
    return Json::parse(text.begin(), text.end());
  } catch (const Json::exception& e) {
    // Not only parse_error: a number too large for a double ("1e400")
    // throws out_of_range, which must not escape into the import.
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

void AppendJsonString(absl::string_view text, std::string* out) {
  const size_t mark = out->size();
  out->push_back('"');
  const auto* const begin = reinterpret_cast<const unsigned char*>(text.data());
  const auto* const end = begin + text.size();
  const unsigned char* copied = begin;
  const unsigned char* p = begin;
  while ((p = FindMark(p, end)) != end) {
    const unsigned char c = *p;
    if (c >= 0x80) {
      const size_t n = MultiByteLength(p, static_cast<size_t>(end - p));
      if (n == 0) {
        // Ill-formed UTF-8: nlohmann's replacement rules decide the bytes.
        out->resize(mark);
        out->append(DumpCompact(OrderedJson(std::string(text))));
        return;
      }
      p += n;
    } else {
      out->append(reinterpret_cast<const char*>(copied),
                  static_cast<size_t>(p - copied));
      AppendEscape(c, out);
      copied = ++p;
    }
  }
  out->append(reinterpret_cast<const char*>(copied),
              static_cast<size_t>(end - copied));
  out->push_back('"');
}

void AppendJsonNumber(double value, std::string* out) {
  // nlohmann's shortest round-trip digits (Grisu2) are not always those of
  // std::to_chars; its own serializer keeps every output byte the same.
  out->append(OrderedJson(value).dump());
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
