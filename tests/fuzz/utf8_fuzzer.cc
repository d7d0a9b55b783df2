// Fuzzes the UTF-8 checks and offset arithmetic every span offset goes
// through (service/text/utf8.h, and service/export/utf16.h for Label
// Studio's UTF-16 offsets), against a reference decoder written here from
// the definition of UTF-8 (Unicode 15, section 3.9) rather than from the
// well-formedness table the code uses.
//
// Beyond "does not crash" it checks: IsValidUtf8 and ValidateUtf8 agree
// with the reference, and ValidateUtf8 names the first bad byte; on valid
// text (the input, or its longest valid prefix) CodePointCount, every
// Utf8Index lookup and DecodeAt agree with the reference, byte -> code
// point -> byte is the identity, AppendUtf8 re-encodes the text byte for
// byte, slices concatenate back to the text, and code point <-> UTF-16
// offsets convert there and back exactly, with offsets inside a surrogate
// pair refused.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "service/export/utf16.h"
#include "service/text/utf8.h"
#include "tests/fuzz/fuzz_check.h"

namespace spanlab::fuzz {
namespace {

struct Decoded {
  char32_t code_point;
  size_t length;
};

// The code point whose encoding starts at byte `pos`, or nullopt if the
// bytes there are not a well-formed sequence: decode by the lead byte's
// pattern, then refuse overlong forms, surrogates and values past
// U+10FFFF by value.
std::optional<Decoded> ReferenceDecode(absl::string_view s, size_t pos) {
  const uint8_t lead = static_cast<uint8_t>(s[pos]);
  if (lead < 0x80) return Decoded{lead, 1};
  size_t length;
  char32_t value;
  char32_t smallest;
  if ((lead & 0xE0) == 0xC0) {
    length = 2, value = lead & 0x1F, smallest = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3, value = lead & 0x0F, smallest = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4, value = lead & 0x07, smallest = 0x10000;
  } else {
    return std::nullopt;
  }
  if (s.size() - pos < length) return std::nullopt;
  for (size_t i = 1; i < length; ++i) {
    const uint8_t b = static_cast<uint8_t>(s[pos + i]);
    if ((b & 0xC0) != 0x80) return std::nullopt;
    value = (value << 6) | (b & 0x3F);
  }
  if (value < smallest || value > 0x10FFFF ||
      (value >= 0xD800 && value <= 0xDFFF)) {
    return std::nullopt;
  }
  return Decoded{value, length};
}

// `text` decoded by the reference: code points and their byte offsets, up
// to the first ill-formed sequence, whose offset is `bad` (npos if none).
struct Reference {
  std::vector<char32_t> code_points;
  std::vector<size_t> offsets;
  size_t bad = absl::string_view::npos;
};

Reference Decode(absl::string_view text) {
  Reference r;
  size_t pos = 0;
  while (pos < text.size()) {
    std::optional<Decoded> d = ReferenceDecode(text, pos);
    if (!d.has_value()) {
      r.bad = pos;
      break;
    }
    r.code_points.push_back(d->code_point);
    r.offsets.push_back(pos);
    pos += d->length;
  }
  return r;
}

void CheckValidity(absl::string_view text, const Reference& ref) {
  const bool valid = ref.bad == absl::string_view::npos;
  FUZZ_CHECK(IsValidUtf8(text) == valid, "IsValidUtf8 says ", !valid,
             ", the reference's first bad byte is ", ref.bad);
  const absl::Status s = ValidateUtf8(text, "field");
  FUZZ_CHECK(s.ok() == valid, s.ToString());
  if (valid) return;
  FUZZ_CHECK(s.code() == absl::StatusCode::kInvalidArgument &&
                 absl::StartsWith(s.message(), "field: ") &&
                 absl::StrContains(s.message(), absl::StrCat("at byte offset ",
                                                             ref.bad, " (")),
             s.ToString(), "; the first bad byte is ", ref.bad);
}

// Every conversion on valid `text` against the reference.
void CheckOffsets(absl::string_view text, const Reference& ref) {
  const int64_t n = static_cast<int64_t>(ref.code_points.size());
  FUZZ_CHECK(CodePointCount(text) == n, CodePointCount(text), " vs ", n);
  const Utf8Index index(text);
  FUZZ_CHECK(index.size() == n, index.size(), " vs ", n);
  FUZZ_CHECK(index.ByteOffset(n) == text.size(), index.ByteOffset(n));
  std::string encoded;
  for (int64_t cp = 0; cp < n; ++cp) {
    const size_t byte = ref.offsets[cp];
    FUZZ_CHECK(index.ByteOffset(cp) == byte, "code point ", cp, " at byte ",
               index.ByteOffset(cp), ", not ", byte);
    FUZZ_CHECK(index.CodePoint(cp) == ref.code_points[cp] &&
                   DecodeAt(text, byte) == ref.code_points[cp],
               "code point ", cp, " decoded as U+",
               absl::Hex(index.CodePoint(cp)));
    const size_t next = cp + 1 < n ? ref.offsets[cp + 1] : text.size();
    for (size_t b = byte; b < next; ++b) {
      FUZZ_CHECK(index.CodePointAt(b) == cp, "byte ", b, " maps to ",
                 index.CodePointAt(b), ", not ", cp);
    }
    AppendUtf8(ref.code_points[cp], &encoded);
  }
  FUZZ_CHECK(encoded == text, "AppendUtf8 re-encoded the text differently");
  const int64_t half = n / 2;
  FUZZ_CHECK(
      index.Slice(0, n) == text && index.Slice(half, half).empty() &&
          absl::StrCat(index.Slice(0, half), index.Slice(half, n)) == text,
      "slices at ", half, " do not rebuild the text");

  // Code points <-> UTF-16 code units.
  const dataset::Utf16Offsets utf16(index);
  int64_t units = 0;
  for (int64_t cp = 0; cp < n; ++cp) {
    FUZZ_CHECK(utf16.FromCodePoint(cp) == units, "code point ", cp, " at unit ",
               utf16.FromCodePoint(cp), ", not ", units);
    FUZZ_CHECK(utf16.ToCodePoint(units) == cp, "unit ", units);
    const bool pair = ref.code_points[cp] > 0xFFFF;
    if (pair) {
      FUZZ_CHECK(!utf16.ToCodePoint(units + 1).has_value(), "unit ", units + 1,
                 " inside a surrogate pair was accepted");
    }
    units += pair ? 2 : 1;
  }
  FUZZ_CHECK(utf16.size() == units && utf16.FromCodePoint(n) == units &&
                 utf16.ToCodePoint(units) == n,
             "UTF-16 length ", utf16.size(), ", not ", units);
  FUZZ_CHECK(!utf16.ToCodePoint(-1).has_value() &&
                 !utf16.ToCodePoint(units + 1).has_value(),
             "a unit outside [0, ", units, "] was accepted");
}

void FuzzOne(absl::string_view text) {
  const Reference ref = Decode(text);
  CheckValidity(text, ref);
  // The longest valid prefix (all of it when valid), so that every input
  // also exercises the offset arithmetic.
  CheckOffsets(text.substr(0, ref.bad), ref);
}

}  // namespace
}  // namespace spanlab::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  spanlab::fuzz::FuzzOne(
      absl::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
