// Fuzzes the checks every span goes through before it is stored
// (service/validation.h): ValidateNewDocument on the document text,
// ResolveQuote for spans given by quote, ValidateAnnotation for spans given
// by offsets, and LayerSpans, which keeps one annotator's spans from
// overlapping.
//
// Input: the document text, a NUL byte, the quote, a NUL byte, one byte of
// occurrence (signed), then 5 bytes per span: start and end (int16,
// little-endian, so negative and past-the-end values are as easy to reach
// as valid ones) and a byte choosing label, kind, model version, score and
// attribute (see SpanFromBytes).
//
// Beyond "does not crash" it checks each answer against a brute-force
// model computed here: a document is accepted exactly when its text is
// non-empty valid UTF-8; a resolved quote is the requested occurrence of
// exactly those bytes; a span is accepted exactly when its bounds lie in
// the text, it neither starts nor ends with white space and its label,
// attributes, kind, score and model version fit the schema, and then its
// text is the text at its offsets; every refusal is INVALID_ARGUMENT
// naming the field (NOT_FOUND for a quote that does not occur); and
// LayerSpans accepts a span exactly when it overlaps no span accepted
// before, saying ALREADY_EXISTS for a repeat and FAILED_PRECONDITION for
// an overlap.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/string_view.h"
#include "service/limits.h"
#include "service/text/utf8.h"
#include "service/validation.h"
#include "storage/schema_presets.h"
#include "tests/fuzz/fuzz_check.h"
#include "tests/fuzz/fuzz_input.h"

namespace spanlab::fuzz {
namespace {

// The last label is not in the schema.
constexpr const char* kLabels[] = {"attributed_claim", "opinion", "disputed",
                                   "Opinion"};
constexpr v1::AnnotationKind kKinds[] = {v1::ANNOTATION_KIND_UNSPECIFIED,
                                         v1::HUMAN, v1::AUTOMATIC, v1::GOLD};
// Attribute choices: none, then key/value pairs; the empty value is
// always refused.
constexpr std::pair<const char*, const char*> kAttributes[] = {
    {"", ""}, {"source", "Zo\xC3\xAB"}, {"holder", "she"}, {"cue", ""}};

const v1::LabelSchema& Schema() {
  static const v1::LabelSchema* const kSchema = [] {
    auto schema = SchemaPreset(kDefaultSchemaPreset);
    FUZZ_CHECK(schema.ok(), schema.status().ToString());
    return new v1::LabelSchema(*std::move(schema));
  }();
  return *kSchema;
}

// Byte offset of code point `cp` of valid UTF-8 `text`, found by counting
// lead bytes (not through Utf8Index, which is under test).
size_t ByteOffsetOf(absl::string_view text, int64_t cp) {
  int64_t seen = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<uint8_t>(text[i]) & 0xC0) == 0x80) continue;
    if (seen++ == cp) return i;
  }
  return text.size();
}

// Byte offsets of every occurrence of `quote` in `text`, overlapping ones
// included.
std::vector<size_t> Occurrences(absl::string_view text,
                                absl::string_view quote) {
  std::vector<size_t> out;
  for (size_t i = 0; i + quote.size() <= text.size(); ++i) {
    if (text.substr(i, quote.size()) == quote) out.push_back(i);
  }
  return out;
}

void CheckRefusal(const absl::Status& s, absl::string_view field) {
  FUZZ_CHECK(s.code() == absl::StatusCode::kInvalidArgument &&
                 absl::StartsWith(s.message(), field),
             "expected INVALID_ARGUMENT naming ", field, ", got ",
             s.ToString());
}

// Returns whether the text is usable for spans.
bool CheckDocument(absl::string_view text) {
  v1::Document d;
  d.set_document_id("d");
  const absl::Status s = ValidateNewDocument(text, Limits(), &d);
  const bool valid = !text.empty() && IsValidUtf8(text);
  FUZZ_CHECK(s.ok() == valid, "valid text ", valid, ": ", s.ToString());
  if (!valid) {
    CheckRefusal(s, "text");
    return false;
  }
  FUZZ_CHECK(d.text() == text && d.length() == CodePointCount(text) &&
                 d.content_hash() == Sha256Hex(text),
             d.ShortDebugString());
  return true;
}

void CheckQuote(const Utf8Index& index, absl::string_view quote,
                int occurrence) {
  const absl::StatusOr<std::pair<int64_t, int64_t>> span =
      ResolveQuote(index, quote, occurrence);
  const std::vector<size_t> hits = Occurrences(index.text(), quote);
  const bool well_formed = !quote.empty() && IsValidUtf8(quote);
  if (!span.ok()) {
    const absl::Status& s = span.status();
    if (s.code() == absl::StatusCode::kNotFound) {
      FUZZ_CHECK(well_formed && hits.empty(), "NOT_FOUND for a quote with ",
                 hits.size(), " occurrences");
      return;
    }
    FUZZ_CHECK(s.code() == absl::StatusCode::kInvalidArgument, s.ToString());
    const bool ambiguous = occurrence == 0 && hits.size() > 1;
    const bool out_of_range =
        occurrence < 0 || static_cast<size_t>(occurrence) > hits.size();
    FUZZ_CHECK(!well_formed || ambiguous || (out_of_range && !hits.empty()) ||
                   occurrence < 0,
               "refused quote occurring ", hits.size(), " times, occurrence ",
               occurrence, ": ", s.ToString());
    return;
  }
  FUZZ_CHECK(well_formed && occurrence >= 0 && !hits.empty(),
             "resolved a quote occurring ", hits.size(), " times, occurrence ",
             occurrence);
  FUZZ_CHECK(occurrence != 0 || hits.size() == 1,
             "occurrence 0 resolved an ambiguous quote");
  const size_t want = hits[occurrence == 0 ? 0 : occurrence - 1];
  const auto [start, end] = *span;
  FUZZ_CHECK(0 <= start && start < end && end <= index.size() &&
                 ByteOffsetOf(index.text(), start) == want &&
                 ByteOffsetOf(index.text(), end) == want + quote.size(),
             "quote at byte ", want, " resolved to [", start, ",", end, ")");
}

struct SpanCase {
  v1::Annotation annotation;
  // What ValidateAnnotation must answer, by the rules of validation.h.
  bool valid;
};

// start, end, then a byte: bits 0-1 label, 2-3 kind, 4 model version,
// 5 score, 6-7 attribute.
SpanCase SpanFromBytes(FuzzInput* input, absl::string_view text,
                       int64_t length) {
  SpanCase c;
  v1::Annotation& a = c.annotation;
  a.set_start(input->Int16());
  a.set_end(input->Int16());
  const uint8_t bits = input->Byte();
  const int label = bits & 3;
  a.set_label(kLabels[label]);
  a.set_kind(kKinds[(bits >> 2) & 3]);
  if (bits & 0x10) a.set_model_version("m1");
  if (bits & 0x20) a.set_score(0.5);
  const auto& [key, value] = kAttributes[bits >> 6];
  if (*key != '\0') (*a.mutable_attributes())[key] = value;

  const bool in_text =
      0 <= a.start() && a.start() < a.end() && a.end() <= length;
  bool valid = in_text && label < 3;
  if (in_text) {
    valid &=
        !IsUnicodeWhitespace(DecodeAt(text, ByteOffsetOf(text, a.start()))) &&
        !IsUnicodeWhitespace(DecodeAt(text, ByteOffsetOf(text, a.end() - 1)));
  }
  if (valid && *key != '\0') {
    bool allowed = false;
    for (const auto& k : Schema().labels(label).allowed_attributes()) {
      allowed |= k == key;
    }
    valid &= allowed && *value != '\0';
  }
  if (a.kind() == v1::AUTOMATIC) {
    valid &= !a.model_version().empty();
  } else {
    valid &= a.model_version().empty() && a.score() == 0;
  }
  c.valid = valid;
  return c;
}

void CheckSpan(const Utf8Index& index, SpanCase c) {
  v1::Annotation a = c.annotation;
  const absl::Status s = ValidateAnnotation(Schema(), index, "annotation", &a);
  FUZZ_CHECK(s.ok() == c.valid, "expected ", c.valid ? "OK" : "a refusal",
             " for ", c.annotation.ShortDebugString(), ", got ", s.ToString());
  if (!s.ok()) {
    CheckRefusal(s, "annotation");
    return;
  }
  const absl::string_view text = index.text();
  const size_t begin = ByteOffsetOf(text, a.start());
  const size_t end = ByteOffsetOf(text, a.end());
  FUZZ_CHECK(a.text() == text.substr(begin, end - begin),
             "accepted span carries \"", a.text(), "\"");
}

// LayerSpans against a brute-force list of the spans it accepted.
class LayerModel {
 public:
  void Add(const v1::Annotation& a) {
    const absl::Status s = layer_.Add(a, "annotation");
    bool repeat = false;
    bool overlap = false;
    for (const v1::Annotation& b : accepted_) {
      if (b.start() < a.end() && a.start() < b.end()) overlap = true;
      if (b.start() == a.start() && b.end() == a.end() &&
          b.label() == a.label()) {
        repeat = true;
      }
    }
    const absl::StatusCode want = repeat ? absl::StatusCode::kAlreadyExists
                                  : overlap
                                      ? absl::StatusCode::kFailedPrecondition
                                      : absl::StatusCode::kOk;
    FUZZ_CHECK(s.code() == want, "adding [", a.start(), ",", a.end(), ") ",
               a.label(), " to ", accepted_.size(), " spans: expected ",
               absl::StatusCodeToString(want), ", got ", s.ToString());
    if (s.ok()) accepted_.push_back(a);
  }

 private:
  LayerSpans layer_{std::vector<v1::Annotation>()};
  std::vector<v1::Annotation> accepted_;
};

void FuzzOne(FuzzInput input) {
  const absl::string_view text = input.Until('\0');
  const absl::string_view quote = input.Until('\0');
  const int occurrence = static_cast<int8_t>(input.Byte());
  if (!CheckDocument(text)) return;
  const Utf8Index index(text);
  CheckQuote(index, quote, occurrence);
  LayerModel layer;
  while (!input.empty()) {
    SpanCase c = SpanFromBytes(&input, text, index.size());
    CheckSpan(index, c);
    if (c.valid) layer.Add(c.annotation);
  }
}

}  // namespace
}  // namespace spanlab::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  spanlab::fuzz::FuzzOne(spanlab::fuzz::FuzzInput(data, size));
  return 0;
}
