// Tests of UTF-8 validation and code-point offset arithmetic.
//
// Span offsets in the API count code points while the stored text is UTF-8,
// so an off-by-one here silently shifts every annotation. The expectations
// below come from an independent reference decoder written in this file
// (straight from the definition of well-formed UTF-8 in the Unicode
// standard, section 3.9), not from the code under test.
#include "service/text/utf8.h"

#include <cstdint>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "gtest/gtest.h"

namespace spanlab {
namespace {

// A few characters spelled out as bytes, so the test does not depend on the
// encoder it checks.
constexpr char kLeftDoubleQuote[] = "\xE2\x80\x9C";   // U+201C “
constexpr char kRightDoubleQuote[] = "\xE2\x80\x9D";  // U+201D ”
constexpr char kLeftSingleQuote[] = "\xE2\x80\x98";   // U+2018 ‘
constexpr char kRightSingleQuote[] = "\xE2\x80\x99";  // U+2019 ’
constexpr char kEAcute[] = "\xC3\xA9";                // U+00E9 é
constexpr char kUUmlaut[] = "\xC3\xBC";               // U+00FC ü
constexpr char kEmDash[] = "\xE2\x80\x94";            // U+2014 —
constexpr char kNoBreakSpace[] = "\xC2\xA0";          // U+00A0
constexpr char kCopyright[] = "\xC2\xA9";             // U+00A9 ©
constexpr char kTrademark[] = "\xE2\x84\xA2";         // U+2122 ™
constexpr char kGrinning[] = "\xF0\x9F\x98\x80";      // U+1F600 😀
constexpr char kZhong[] = "\xE4\xB8\xAD";             // U+4E2D 中
constexpr char kWen[] = "\xE6\x96\x87";               // U+6587 文

std::string Hex(absl::string_view bytes) {
  return absl::BytesToHexString(bytes);
}

// "U+1F600" for failure messages.
std::string U(char32_t cp) {
  return absl::StrCat("U+", absl::Hex(cp, absl::kZeroPad4));
}

// One decoded sequence of the reference decoder.
struct RefChar {
  char32_t cp;
  size_t length;
};

// Decodes the sequence at `pos` by the book: the lead byte fixes the length,
// every trailing byte must be 10xxxxxx, and the value must need exactly that
// length (no overlong forms), must not be a surrogate and must not exceed
// U+10FFFF. Returns false if the sequence starting at `pos` is ill-formed.
bool RefDecode(absl::string_view s, size_t pos, RefChar* out) {
  const uint8_t lead = static_cast<uint8_t>(s[pos]);
  size_t length;
  char32_t cp;
  if (lead <= 0x7F) {
    length = 1;
    cp = lead;
  } else if ((lead & 0xE0) == 0xC0) {
    length = 2;
    cp = lead & 0x1F;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3;
    cp = lead & 0x0F;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4;
    cp = lead & 0x07;
  } else {
    return false;  // A continuation byte or 0xF8..0xFF.
  }
  if (pos + length > s.size()) return false;
  for (size_t i = 1; i < length; ++i) {
    const uint8_t b = static_cast<uint8_t>(s[pos + i]);
    if ((b & 0xC0) != 0x80) return false;
    cp = (cp << 6) | (b & 0x3F);
  }
  static constexpr char32_t kMinForLength[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMinForLength[length]) return false;
  if (cp >= 0xD800 && cp <= 0xDFFF) return false;
  if (cp > 0x10FFFF) return false;
  *out = {cp, length};
  return true;
}

// Byte offset of the first ill-formed sequence, or npos.
size_t RefFirstInvalid(absl::string_view s) {
  size_t pos = 0;
  while (pos < s.size()) {
    RefChar c;
    if (!RefDecode(s, pos, &c)) return pos;
    pos += c.length;
  }
  return absl::string_view::npos;
}

// Code points of valid `s`, and the byte offset where each starts.
std::u32string RefCodePoints(absl::string_view s,
                             std::vector<size_t>* starts = nullptr) {
  std::u32string out;
  size_t pos = 0;
  while (pos < s.size()) {
    RefChar c;
    if (!RefDecode(s, pos, &c)) {
      ADD_FAILURE() << "reference decoder: invalid input " << Hex(s);
      break;
    }
    if (starts != nullptr) starts->push_back(pos);
    out.push_back(c.cp);
    pos += c.length;
  }
  return out;
}

// Encodes by table lookup on the ranges of table 3-6, a different route
// from the shifts of AppendUtf8.
std::string RefEncode(char32_t cp) {
  std::string out;
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 + cp / 64));
    out.push_back(static_cast<char>(0x80 + cp % 64));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 + cp / 4096));
    out.push_back(static_cast<char>(0x80 + cp / 64 % 64));
    out.push_back(static_cast<char>(0x80 + cp % 64));
  } else {
    out.push_back(static_cast<char>(0xF0 + cp / 262144));
    out.push_back(static_cast<char>(0x80 + cp / 4096 % 64));
    out.push_back(static_cast<char>(0x80 + cp / 64 % 64));
    out.push_back(static_cast<char>(0x80 + cp % 64));
  }
  return out;
}

std::string RefEncode(const std::u32string& cps) {
  std::string out;
  for (char32_t cp : cps) out += RefEncode(cp);
  return out;
}

// The byte offset that `message` reports after "byte offset ", or -1.
int64_t ReportedOffset(absl::string_view message) {
  constexpr absl::string_view kMarker = "byte offset ";
  const size_t at = message.find(kMarker);
  if (at == absl::string_view::npos) return -1;
  size_t i = at + kMarker.size();
  if (i >= message.size() || message[i] < '0' || message[i] > '9') return -1;
  int64_t n = 0;
  for (; i < message.size() && message[i] >= '0' && message[i] <= '9'; ++i) {
    n = n * 10 + (message[i] - '0');
  }
  return n;
}

TEST(ValidateUtf8Test, AcceptsCharactersOfEveryLength) {
  const std::vector<std::string> texts = {
      "",
      "plain ASCII, with punctuation: !?#~",
      std::string("NUL \0 inside", 12),
      absl::StrCat(kLeftDoubleQuote, "Quoted", kRightDoubleQuote, " and ",
                   kLeftSingleQuote, "single", kRightSingleQuote),
      absl::StrCat("caf", kEAcute, " ", kUUmlaut, "ber"),
      absl::StrCat("a", kEmDash, "b", kNoBreakSpace, "c"),
      absl::StrCat(kCopyright, " 2017 ", kTrademark),
      absl::StrCat("smile ", kGrinning, kGrinning),
      absl::StrCat(kZhong, kWen),
      // The smallest and largest code point of every encoded length and
      // both sides of the surrogate gap.
      "\x7F",
      "\xC2\x80",
      "\xDF\xBF",
      "\xE0\xA0\x80",
      "\xED\x9F\xBF",
      "\xEE\x80\x80",
      "\xEF\xBF\xBF",
      "\xF0\x90\x80\x80",
      "\xF4\x8F\xBF\xBF",
  };
  for (const std::string& text : texts) {
    EXPECT_TRUE(ValidateUtf8(text, "document.text").ok()) << Hex(text);
    EXPECT_TRUE(IsValidUtf8(text)) << Hex(text);
  }
}

struct InvalidCase {
  const char* what;
  std::string bytes;
  size_t bad_offset;
};

TEST(ValidateUtf8Test, RejectsEveryClassOfIllFormedInput) {
  const std::string ok = absl::StrCat("ok ", kEAcute, " ");  // 6 bytes.
  const std::vector<InvalidCase> cases = {
      {"lone continuation byte",
       "ab\x80"
       "cd",
       2},
      {"continuation after a complete character",
       absl::StrCat(ok, kEAcute, "\xA9"), 8},
      {"continuation 0xBF at start", "\xBF", 0},
      {"2-byte sequence cut at end", absl::StrCat(ok, "\xC3"), 6},
      {"3-byte sequence cut after lead", absl::StrCat(ok, "\xE2"), 6},
      {"3-byte sequence cut after 2 bytes", absl::StrCat(ok, "\xE2\x80"), 6},
      {"4-byte sequence cut after 3 bytes", absl::StrCat(ok, "\xF0\x9F\x98"),
       6},
      {"3-byte sequence interrupted by ASCII", absl::StrCat(ok, "\xE2\x80x"),
       6},
      {"2-byte lead followed by a lead", absl::StrCat(ok, "\xC3\xC3\xA9"), 6},
      {"overlong 2-byte '/'", absl::StrCat(ok, "\xC0\xAF"), 6},
      {"overlong 2-byte U+007F", absl::StrCat(ok, "\xC1\xBF"), 6},
      {"overlong 3-byte '/'", absl::StrCat(ok, "\xE0\x80\xAF"), 6},
      {"overlong 3-byte U+07FF", absl::StrCat(ok, "\xE0\x9F\xBF"), 6},
      {"overlong 4-byte '/'", absl::StrCat(ok, "\xF0\x80\x80\xAF"), 6},
      {"overlong 4-byte U+FFFF", absl::StrCat(ok, "\xF0\x8F\xBF\xBF"), 6},
      {"high surrogate U+D800", absl::StrCat(ok, "\xED\xA0\x80"), 6},
      {"low surrogate U+DFFF", absl::StrCat(ok, "\xED\xBF\xBF"), 6},
      {"surrogate pair as CESU-8", absl::StrCat(ok, "\xED\xA0\xBD\xED\xB8\x80"),
       6},
      {"U+110000", absl::StrCat(ok, "\xF4\x90\x80\x80"), 6},
      {"U+1FFFFF", absl::StrCat(ok, "\xF7\xBF\xBF\xBF"), 6},
      {"5-byte form", absl::StrCat(ok, "\xF8\x88\x80\x80\x80"), 6},
      {"bad byte after valid text and before more",
       absl::StrCat(kGrinning, kZhong, "\xFF", kWen), 7},
  };
  for (const InvalidCase& c : cases) {
    SCOPED_TRACE(absl::StrCat(c.what, ": ", Hex(c.bytes)));
    // The reference agrees on the offset, so the table itself is right.
    ASSERT_EQ(RefFirstInvalid(c.bytes), c.bad_offset);
    EXPECT_FALSE(IsValidUtf8(c.bytes));
    const absl::Status s = ValidateUtf8(c.bytes, "document.text");
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
    // The caller must learn which field and which byte to fix.
    EXPECT_PRED_FORMAT2(testing::IsSubstring, "document.text",
                        std::string(s.message()));
    EXPECT_EQ(ReportedOffset(s.message()), static_cast<int64_t>(c.bad_offset))
        << s.message();
  }
}

TEST(ValidateUtf8Test, RejectsBytesF5ThroughFF) {
  // These bytes never occur in UTF-8, alone or followed by continuation
  // bytes that would complete a sequence if they were leads.
  for (int b = 0xF5; b <= 0xFF; ++b) {
    for (const std::string& tail :
         {std::string(), std::string("\x80\x80\x80"), std::string("abc")}) {
      const std::string bytes =
          absl::StrCat("abc", std::string(1, static_cast<char>(b)), tail);
      SCOPED_TRACE(Hex(bytes));
      EXPECT_FALSE(IsValidUtf8(bytes));
      const absl::Status s = ValidateUtf8(bytes, "annotation.note");
      EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
      EXPECT_PRED_FORMAT2(testing::IsSubstring, "annotation.note",
                          std::string(s.message()));
      EXPECT_EQ(ReportedOffset(s.message()), 3) << s.message();
    }
  }
}

// Runs the validator against the reference on every string of `length`
// bytes drawn from `alphabet`, comparing validity and the reported offset.
void CompareWithReference(const std::vector<uint8_t>& alphabet, int length) {
  std::vector<size_t> digits(length, 0);
  int compared = 0;
  while (true) {
    std::string s;
    for (size_t d : digits) s.push_back(static_cast<char>(alphabet[d]));
    const size_t want = RefFirstInvalid(s);
    ASSERT_EQ(IsValidUtf8(s), want == absl::string_view::npos) << Hex(s);
    const absl::Status status = ValidateUtf8(s, "f");
    if (want == absl::string_view::npos) {
      ASSERT_TRUE(status.ok()) << Hex(s) << ": " << status;
    } else {
      ASSERT_EQ(ReportedOffset(status.message()), static_cast<int64_t>(want))
          << Hex(s) << ": " << status;
    }
    ++compared;
    // Next string, odometer style.
    int i = length - 1;
    while (i >= 0 && ++digits[i] == alphabet.size()) digits[i--] = 0;
    if (i < 0) break;
  }
  EXPECT_GT(compared, 0);
}

TEST(ValidateUtf8Test, AgreesWithReferenceOnAllShortStrings) {
  // Every 1- and 2-byte string.
  std::vector<uint8_t> all_bytes;
  for (int b = 0; b < 256; ++b) all_bytes.push_back(static_cast<uint8_t>(b));
  CompareWithReference(all_bytes, 1);
  CompareWithReference(all_bytes, 2);
  // Every 3- and 4-byte string over the bytes at the edges of table 3-7,
  // where each range check can be off by one.
  const std::vector<uint8_t> edges = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F,
                                      0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0,
                                      0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1,
                                      0xF3, 0xF4, 0xF5, 0xFF};
  CompareWithReference(edges, 3);
  CompareWithReference(edges, 4);
}

TEST(CodePointCountTest, CountsCodePointsNotBytes) {
  EXPECT_EQ(CodePointCount(""), 0);
  EXPECT_EQ(CodePointCount("abc"), 3);
  EXPECT_EQ(CodePointCount(absl::StrCat("caf", kEAcute)), 4);
  EXPECT_EQ(
      CodePointCount(absl::StrCat(kLeftDoubleQuote, "x", kRightDoubleQuote)),
      3);
  EXPECT_EQ(CodePointCount(kGrinning), 1);
  EXPECT_EQ(CodePointCount(absl::StrCat(kZhong, kWen, kGrinning, "!")), 4);
}

TEST(AppendUtf8Test, RoundTripsEveryScalarValue) {
  // Exhaustive: every code point except the surrogates encodes to the
  // reference bytes, is valid, counts as one and decodes back.
  int checked = 0;
  for (char32_t cp = 0; cp <= 0x10FFFF; ++cp) {
    if (cp >= 0xD800 && cp <= 0xDFFF) continue;
    std::string s;
    AppendUtf8(cp, &s);
    ASSERT_EQ(s, RefEncode(cp)) << U(cp);
    ASSERT_TRUE(IsValidUtf8(s)) << U(cp);
    ASSERT_EQ(CodePointCount(s), 1) << U(cp);
    ASSERT_EQ(DecodeAt(s, 0), cp);
    ++checked;
  }
  EXPECT_EQ(checked, 0x110000 - 0x800);
}

TEST(AppendUtf8Test, BoundaryCodePoints) {
  struct Case {
    char32_t cp;
    std::string bytes;
  };
  const std::vector<Case> cases = {
      {0x00, std::string("\0", 1)},
      {0x7F, "\x7F"},
      {0x80, "\xC2\x80"},
      {0x7FF, "\xDF\xBF"},
      {0x800, "\xE0\xA0\x80"},
      {0xFFFF, "\xEF\xBF\xBF"},
      {0x10000, "\xF0\x90\x80\x80"},
      {0x10FFFF, "\xF4\x8F\xBF\xBF"},
      {0x1F600, kGrinning},
      {0x201C, kLeftDoubleQuote},
  };
  for (const Case& c : cases) {
    std::string s = "x";  // Appends, not overwrites.
    AppendUtf8(c.cp, &s);
    EXPECT_EQ(s, "x" + c.bytes) << U(c.cp);
    EXPECT_EQ(DecodeAt(s, 1), c.cp) << U(c.cp);
  }
}

// Checks every accessor of Utf8Index on `text` against the reference
// decoding.
void CheckIndex(const std::string& text) {
  SCOPED_TRACE(Hex(text));
  std::vector<size_t> starts;
  const std::u32string cps = RefCodePoints(text, &starts);
  const Utf8Index index(text);
  ASSERT_EQ(index.size(), static_cast<int64_t>(cps.size()));
  EXPECT_EQ(index.text(), text);
  EXPECT_EQ(CodePointCount(text), static_cast<int64_t>(cps.size()));
  for (size_t i = 0; i < cps.size(); ++i) {
    ASSERT_EQ(index.ByteOffset(i), starts[i]) << "code point " << i;
    ASSERT_EQ(index.CodePoint(i), cps[i]) << "code point " << i;
    ASSERT_EQ(DecodeAt(text, starts[i]), cps[i]) << "code point " << i;
  }
  // One past the last code point is the end of the text.
  EXPECT_EQ(index.ByteOffset(index.size()), text.size());
  // Every byte, including those inside multi-byte sequences and the end
  // position, maps to the code point containing it.
  for (size_t b = 0; b <= text.size(); ++b) {
    int64_t want = static_cast<int64_t>(cps.size());
    for (size_t i = 0; i < starts.size(); ++i) {
      const size_t end = i + 1 < starts.size() ? starts[i + 1] : text.size();
      if (b >= starts[i] && b < end) want = static_cast<int64_t>(i);
    }
    ASSERT_EQ(index.CodePointAt(b), want) << "byte " << b;
  }
  // Every slice, empty ones and those touching either end included, is the
  // encoding of the same code point range.
  for (size_t i = 0; i <= cps.size(); ++i) {
    for (size_t j = i; j <= cps.size(); ++j) {
      ASSERT_EQ(index.Slice(i, j), RefEncode(cps.substr(i, j - i)))
          << "[" << i << ", " << j << ")";
    }
  }
}

TEST(Utf8IndexTest, EmptyText) {
  const Utf8Index index("");
  EXPECT_EQ(index.size(), 0);
  EXPECT_EQ(index.ByteOffset(0), 0u);
  EXPECT_EQ(index.CodePointAt(0), 0);
  EXPECT_EQ(index.Slice(0, 0), "");
}

TEST(Utf8IndexTest, MixedTextWithWideCharactersAtBothEnds) {
  // Four-byte characters first and last, so off-by-one errors at the very
  // start and end of the text cannot hide.
  CheckIndex(absl::StrCat(kGrinning, kLeftDoubleQuote, "We will", kNoBreakSpace,
                          "win,", kRightDoubleQuote, " said Jos", kEAcute, " ",
                          kEmDash, " ", kLeftSingleQuote, "really",
                          kRightSingleQuote, " ", kZhong, kWen, " ", kCopyright,
                          kTrademark, " ", kUUmlaut, kGrinning));
  CheckIndex(absl::StrCat(kZhong, "a", kEAcute));
  CheckIndex("only ascii");
  CheckIndex(kGrinning);
}

TEST(Utf8IndexTest, RandomTexts) {
  // Random mixtures of 1- to 4-byte characters, fixed seed.
  std::mt19937_64 rng(20170707);
  const std::vector<std::pair<char32_t, char32_t>> ranges = {
      {0x20, 0x7E},
      {0x80, 0x7FF},
      {0x800, 0xD7FF},
      {0xE000, 0xFFFF},
      {0x10000, 0x10FFFF}};
  for (int t = 0; t < 200; ++t) {
    std::u32string cps;
    const int n = std::uniform_int_distribution<int>(0, 40)(rng);
    for (int i = 0; i < n; ++i) {
      const auto& r = ranges[std::uniform_int_distribution<size_t>(
          0, ranges.size() - 1)(rng)];
      cps.push_back(
          std::uniform_int_distribution<uint32_t>(r.first, r.second)(rng));
    }
    std::string text;
    for (char32_t cp : cps) AppendUtf8(cp, &text);
    ASSERT_TRUE(IsValidUtf8(text));
    ASSERT_EQ(RefCodePoints(text), cps);
    CheckIndex(text);
  }
}

TEST(IsUnicodeWhitespaceTest, SpacesAreWhitespace) {
  for (char32_t cp :
       {U'\t', U'\n', U'\r', char32_t{0x20}, char32_t{0x85}, char32_t{0xA0},
        char32_t{0x1680}, char32_t{0x2000}, char32_t{0x2003}, char32_t{0x200A},
        char32_t{0x2028}, char32_t{0x2029}, char32_t{0x202F}, char32_t{0x205F},
        char32_t{0x3000}}) {
    EXPECT_TRUE(IsUnicodeWhitespace(cp)) << U(cp);
  }
}

TEST(IsUnicodeWhitespaceTest, InvisibleNonSpacesAreNot) {
  // Zero-width space, zero-width non-joiner, byte order mark and the
  // Mongolian vowel separator (no longer White_Space since Unicode 6.3) look
  // like spaces but are not; trimming them would change offsets.
  for (char32_t cp :
       {U'a', U'0', char32_t{0x00}, char32_t{0x200B}, char32_t{0x200C},
        char32_t{0xFEFF}, char32_t{0x180E}, char32_t{0x1F600}}) {
    EXPECT_FALSE(IsUnicodeWhitespace(cp)) << U(cp);
  }
}

TEST(IsUnicodeWhitespaceTest, ExactlyTheTwentyFiveWhiteSpaceCodePoints) {
  // PropList.txt of Unicode 15 lists 25 White_Space code points; counting
  // them over the whole code space catches any stray range.
  int n = 0;
  for (char32_t cp = 0; cp <= 0x10FFFF; ++cp) n += IsUnicodeWhitespace(cp);
  EXPECT_EQ(n, 25);
}

}  // namespace
}  // namespace spanlab
