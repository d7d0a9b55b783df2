// Round trips through every importable format, without a server: write a
// document with an emoji, curly quotes, accented letters and spans across a
// line break from three layers, read the bytes back through ImportStream in
// small chunks, and compare offsets, text and provenance character for
// character. For JSON lines, writing what was read gives the same bytes.
#include <algorithm>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "gtest/gtest.h"
#include "service/export/dataset.h"
#include "service/export/import_stream.h"
#include "service/export/test_fixtures.h"

namespace spanlab::dataset {
namespace {

using testing::Doc;
using testing::SampleText;
using testing::Schema;
using testing::Span;

std::vector<v1::Annotation> Spans(const v1::Document& doc) {
  v1::Annotation claim = Span(
      doc, "\xE2\x80\x9Cthe bridge is safe\xE2\x80\x9D", "attributed_claim",
      v1::HUMAN, "alice", {{"source", "M\xC3\xA5rten"}, {"cue", "said"}}, 1);
  v1::Annotation dispute =
      Span(doc, "\xE2\x80\x9CIt is not\nsafe\xE2\x80\x9D", "disputed", v1::GOLD,
           "judy", {{"disputed_by", "Zo\xC3\xAB"}}, 2);
  v1::Annotation emoji =
      Span(doc, std::string(testing::kGrin) + " M\xC3\xA5rten", "opinion",
           v1::AUTOMATIC, "tagger", {}, 3);
  v1::Annotation tail = Span(doc, "she said.\tEnd", "opinion", v1::HUMAN, "bob",
                             {{"holder", "she"}}, 4);
  return {claim, dispute, emoji, tail};
}

// Writes the documents and returns every output file with its bytes, in
// the order written.
std::vector<std::pair<std::string, std::string>> Export(
    Format format, OffsetUnit unit,
    const std::vector<std::pair<v1::Document, std::vector<v1::Annotation>>>&
        docs) {
  ExportOptions options;
  options.schema = Schema();
  options.labelstudio_offsets = unit;
  auto writer = NewFormatWriter(format, options);
  std::vector<std::pair<std::string, std::string>> files;
  const auto add = [&files](const std::vector<OutputPiece>& pieces) {
    for (const auto& p : pieces) {
      if (files.empty() || files.back().first != p.file_name) {
        files.emplace_back(p.file_name, "");
      }
      files.back().second += p.data;
    }
  };
  add(writer->Begin());
  for (const auto& [doc, spans] : docs) add(writer->Document(doc, spans));
  add(writer->End());
  return files;
}

std::vector<ParsedDocument> Import(
    Format format, OffsetUnit unit,
    const std::vector<std::pair<std::string, std::string>>& files) {
  std::vector<ParsedDocument> out;
  ImportStream stream(
      format, unit, 1 << 20,
      [&out](ParsedDocument d) { out.push_back(std::move(d)); },
      [](ImportIssue issue) { ADD_FAILURE() << issue.message; });
  for (const auto& [name, data] : files) {
    for (size_t i = 0; i < data.size(); i += 7) {
      stream.Feed(name, absl::string_view(data).substr(i, 7));
    }
  }
  stream.Finish();
  return out;
}

// What an import stores for a parsed span: the server fills the text.
v1::Annotation Stored(const ParsedDocument& doc, const ImportedSpan& span) {
  v1::Annotation a = span.annotation;
  const Utf8Index text(doc.text);
  a.set_text(std::string(text.Slice(a.start(), a.end())));
  if (a.kind() == v1::ANNOTATION_KIND_UNSPECIFIED) a.set_kind(v1::HUMAN);
  return a;
}

using Key =
    std::tuple<int64_t, int64_t, std::string, std::string, int, std::string,
               std::string, double, std::map<std::string, std::string>>;

Key KeyOf(const v1::Annotation& a) {
  return {a.start(),
          a.end(),
          a.text(),
          a.label(),
          a.kind(),
          a.author(),
          a.model_version(),
          a.score(),
          std::map<std::string, std::string>(a.attributes().begin(),
                                             a.attributes().end())};
}

class RoundTripTest
    : public ::testing::TestWithParam<std::tuple<Format, OffsetUnit>> {};

TEST_P(RoundTripTest, OffsetsTextAndProvenanceSurvive) {
  const auto [format, unit] = GetParam();
  const v1::Document doc = Doc("harbour-bridge", SampleText(), "Bridge");
  const v1::Document plain = Doc("plain", "No spans here.");
  std::vector<v1::Annotation> spans = Spans(doc);
  std::vector<ParsedDocument> parsed =
      Import(format, unit, Export(format, unit, {{doc, spans}, {plain, {}}}));
  ASSERT_EQ(parsed.size(), 2u);
  ASSERT_TRUE(parsed[0].ok()) << parsed[0].issues[0].message;
  EXPECT_EQ(parsed[0].document_id, "harbour-bridge");
  EXPECT_EQ(parsed[0].text, SampleText());
  EXPECT_EQ(parsed[1].document_id, "plain");
  EXPECT_EQ(parsed[1].text, "No spans here.");
  std::vector<Key> expected, got;
  for (const auto& a : spans) expected.push_back(KeyOf(a));
  for (const auto& s : parsed[0].spans)
    got.push_back(KeyOf(Stored(parsed[0], s)));
  std::sort(expected.begin(), expected.end());
  std::sort(got.begin(), got.end());
  EXPECT_EQ(got, expected);
}

std::string ParamName(
    const ::testing::TestParamInfo<RoundTripTest::ParamType>& info) {
  static const char* const kNames[] = {"jsonl", "csv", "brat", "conll",
                                       "labelstudio"};
  const auto [format, unit] = info.param;
  return std::string(kNames[static_cast<int>(format)]) +
         (unit == OffsetUnit::kUtf16 ? "_utf16" : "");
}

INSTANTIATE_TEST_SUITE_P(
    Importable, RoundTripTest,
    ::testing::Values(std::tuple{Format::kJsonl, OffsetUnit::kCodePoints},
                      std::tuple{Format::kBrat, OffsetUnit::kCodePoints},
                      std::tuple{Format::kLabelStudio, OffsetUnit::kCodePoints},
                      std::tuple{Format::kLabelStudio, OffsetUnit::kUtf16}),
    ParamName);

TEST(JsonlRoundTripTest, WritingWhatWasReadGivesTheSameBytes) {
  const v1::Document doc = Doc("harbour-bridge", SampleText(), "Bridge");
  const auto first =
      Export(Format::kJsonl, OffsetUnit::kCodePoints, {{doc, Spans(doc)}});
  std::vector<ParsedDocument> parsed =
      Import(Format::kJsonl, OffsetUnit::kCodePoints, first);
  ASSERT_EQ(parsed.size(), 1u);
  std::vector<v1::Annotation> again;
  for (const auto& s : parsed[0].spans) again.push_back(Stored(parsed[0], s));
  v1::Document copy =
      Doc(parsed[0].document_id, parsed[0].text, parsed[0].title);
  EXPECT_EQ(Export(Format::kJsonl, OffsetUnit::kCodePoints, {{copy, again}}),
            first);
}

}  // namespace
}  // namespace spanlab::dataset
