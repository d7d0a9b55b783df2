#include "service/text/utf8.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace spanlab {
namespace {

// Length of the well-formed sequence starting at bytes[pos], or 0 if the
// bytes there are not well-formed UTF-8 (Unicode 15, table 3-7).
size_t SequenceLength(absl::string_view bytes, size_t pos) {
  const auto b = [&](size_t i) -> uint8_t {
    return static_cast<uint8_t>(bytes[pos + i]);
  };
  const size_t left = bytes.size() - pos;
  const uint8_t b0 = b(0);
  if (b0 < 0x80) return 1;
  if (b0 < 0xC2) return 0;  // Continuation byte or overlong 2-byte lead.
  if (b0 < 0xE0) {
    return left >= 2 && (b(1) & 0xC0) == 0x80 ? 2 : 0;
  }
  if (b0 < 0xF0) {
    if (left < 3) return 0;
    const uint8_t lo = b0 == 0xE0 ? 0xA0 : 0x80;  // No overlongs.
    const uint8_t hi = b0 == 0xED ? 0x9F : 0xBF;  // No surrogates.
    if (b(1) < lo || b(1) > hi) return 0;
    return (b(2) & 0xC0) == 0x80 ? 3 : 0;
  }
  if (b0 < 0xF5) {
    if (left < 4) return 0;
    const uint8_t lo = b0 == 0xF0 ? 0x90 : 0x80;  // No overlongs.
    const uint8_t hi = b0 == 0xF4 ? 0x8F : 0xBF;  // Nothing past U+10FFFF.
    if (b(1) < lo || b(1) > hi) return 0;
    return (b(2) & 0xC0) == 0x80 && (b(3) & 0xC0) == 0x80 ? 4 : 0;
  }
  return 0;
}

// Byte offset of the first ill-formed sequence, or npos.
size_t FirstInvalidByte(absl::string_view bytes) {
  size_t pos = 0;
  while (pos < bytes.size()) {
    // Fast path over ASCII.
    if (static_cast<uint8_t>(bytes[pos]) < 0x80) {
      ++pos;
      continue;
    }
    const size_t n = SequenceLength(bytes, pos);
    if (n == 0) return pos;
    pos += n;
  }
  return absl::string_view::npos;
}

}  // namespace

absl::Status ValidateUtf8(absl::string_view bytes, absl::string_view field) {
  const size_t bad = FirstInvalidByte(bytes);
  if (bad == absl::string_view::npos) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat(
      field, ": invalid UTF-8 at byte offset ", bad, " (byte 0x",
      absl::Hex(static_cast<uint8_t>(bytes[bad]), absl::kZeroPad2), ")"));
}

bool IsValidUtf8(absl::string_view bytes) {
  return FirstInvalidByte(bytes) == absl::string_view::npos;
}

int64_t CodePointCount(absl::string_view text) {
  int64_t n = 0;
  for (char c : text) {
    // Count every byte that is not a continuation byte.
    n += (static_cast<uint8_t>(c) & 0xC0) != 0x80;
  }
  return n;
}

Utf8Index::Utf8Index(absl::string_view text) : text_(text) {
  starts_.reserve(text.size() + 1);
  for (size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<uint8_t>(text[i]) & 0xC0) != 0x80) {
      starts_.push_back(static_cast<uint32_t>(i));
    }
  }
  starts_.push_back(static_cast<uint32_t>(text.size()));
}

int64_t Utf8Index::CodePointAt(size_t byte) const {
  auto it = std::upper_bound(starts_.begin(), starts_.end(),
                             static_cast<uint32_t>(byte));
  return static_cast<int64_t>(it - starts_.begin()) - 1;
}

char32_t Utf8Index::CodePoint(int64_t cp) const {
  return DecodeAt(text_, starts_[cp]);
}

char32_t DecodeAt(absl::string_view text, size_t pos) {
  const auto b = [&](size_t i) -> char32_t {
    return static_cast<uint8_t>(text[pos + i]);
  };
  const char32_t b0 = b(0);
  if (b0 < 0x80) return b0;
  if (b0 < 0xE0) return ((b0 & 0x1F) << 6) | (b(1) & 0x3F);
  if (b0 < 0xF0) {
    return ((b0 & 0x0F) << 12) | ((b(1) & 0x3F) << 6) | (b(2) & 0x3F);
  }
  return ((b0 & 0x07) << 18) | ((b(1) & 0x3F) << 12) | ((b(2) & 0x3F) << 6) |
         (b(3) & 0x3F);
}

void AppendUtf8(char32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

bool IsUnicodeWhitespace(char32_t cp) {
  // The White_Space property of Unicode 15 (PropList.txt).
  switch (cp) {
    case 0x09:
    case 0x0A:
    case 0x0B:
    case 0x0C:
    case 0x0D:
    case 0x20:
    case 0x85:
    case 0xA0:
    case 0x1680:
    case 0x2028:
    case 0x2029:
    case 0x202F:
    case 0x205F:
    case 0x3000:
      return true;
    default:
      return cp >= 0x2000 && cp <= 0x200A;
  }
}

}  // namespace spanlab
