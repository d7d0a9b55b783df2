// Tests of JSON lines: the exact bytes written (code-point offsets on text
// with an emoji and curly quotes, consistent keys, sorted spans, no volatile
// fields) and the parser's reports on malformed records.
#include "service/export/jsonl.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "service/export/test_fixtures.h"

namespace spanlab::dataset {
namespace {

using testing::Doc;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using testing::SampleText;
using testing::Schema;
using testing::Span;

std::string WriteOne(const v1::Document& doc, std::vector<v1::Annotation> spans,
                     bool include_deleted = false) {
  ExportOptions options;
  options.schema = Schema();
  options.include_deleted = include_deleted;
  auto writer = NewJsonlWriter(options);
  EXPECT_TRUE(writer->Begin().empty());
  auto pieces = writer->Document(doc, std::move(spans));
  EXPECT_TRUE(writer->End().empty());
  EXPECT_EQ(pieces.size(), 1u);
  EXPECT_EQ(pieces[0].file_name, kJsonlFileName);
  return pieces[0].data;
}

std::vector<std::string> Messages(const ParsedDocument& doc) {
  std::vector<std::string> out;
  for (const auto& issue : doc.issues) out.push_back(issue.message);
  return out;
}

TEST(JsonlWriterTest, ExactLine) {
  v1::Document doc = Doc("d1",
                         "Zo\xC3\xAB said \xE2\x80\x9CYes\xE2\x80\x9D "
                         "\xF0\x9F\x98\x80 ok",
                         "T\"itle");
  doc.set_source("https://example.org/a");
  (*doc.mutable_metadata())["z"] = "last";
  (*doc.mutable_metadata())["a"] = "first";
  const std::string line = WriteOne(
      doc, {Span(doc, "ok", "opinion", v1::AUTOMATIC, "tagger", {}, 2),
            Span(doc, "\xE2\x80\x9CYes\xE2\x80\x9D", "attributed_claim",
                 v1::HUMAN, "alice", {{"source", "Zo\xC3\xAB"}}, 1)});
  EXPECT_EQ(
      line,
      "{\"id\":\"d1\",\"title\":\"T\\\"itle\",\"source\":\"https://example.org/"
      "a\",\"meta\":{\"a\":\"first\",\"z\":\"last\"},\"text\":\"Zo\xC3\xAB "
      "said \xE2\x80\x9CYes\xE2\x80\x9D \xF0\x9F\x98\x80 ok\",\"spans\":["
      "{\"start\":9,\"end\":14,\"label\":\"attributed_claim\",\"text\":"
      "\"\xE2\x80\x9CYes\xE2\x80\x9D\",\"attributes\":{\"cue\":null,"
      "\"disputed_by\":null,\"holder\":null,\"source\":\"Zo\xC3\xAB\"},"
      "\"author\":\"alice\",\"kind\":\"human\",\"score\":null,"
      "\"model_version\":null},"
      "{\"start\":17,\"end\":19,\"label\":\"opinion\",\"text\":\"ok\","
      "\"attributes\":{\"cue\":null,\"disputed_by\":null,\"holder\":null,"
      "\"source\":null},\"author\":\"tagger\",\"kind\":\"automatic\","
      "\"score\":0.75,\"model_version\":\"2.1\"}]}\n");
}

TEST(JsonlWriterTest, EscapesControlCharactersSoTheLineStaysOneLine) {
  const v1::Document doc = Doc("d", "a\nb\tc\r");
  const std::string line = WriteOne(doc, {});
  EXPECT_EQ(line.find('\n'), line.size() - 1);
  EXPECT_THAT(line, HasSubstr("\"text\":\"a\\nb\\tc\\r\""));
}

TEST(JsonlWriterTest, DeletedKeyOnlyWhenDeletedAreIncluded) {
  const v1::Document doc = Doc("d", SampleText());
  v1::Annotation a = Span(doc, "Monday", "opinion");
  EXPECT_THAT(WriteOne(doc, {a}), Not(HasSubstr("deleted")));
  a.set_deleted(true);
  EXPECT_THAT(WriteOne(doc, {a}, true), HasSubstr("\"deleted\":true"));
}

TEST(JsonlWriterTest, OutputDoesNotDependOnInputOrderOrVolatileFields) {
  const v1::Document doc = Doc("d", SampleText());
  v1::Annotation a = Span(doc, "Monday", "opinion", v1::HUMAN, "bob");
  v1::Annotation b = Span(doc, "Monday", "opinion", v1::HUMAN, "alice");
  v1::Annotation c = Span(doc, "said", "attributed_claim");
  const std::string first = WriteOne(doc, {a, b, c});
  a.set_name("projects/p/documents/d/annotations/99");
  a.set_revision(42);
  a.mutable_update_time()->set_seconds(12345);
  EXPECT_EQ(WriteOne(doc, {c, a, b}), first);
  EXPECT_LT(first.find("\"said\""), first.find("\"alice\""));
  EXPECT_LT(first.find("\"alice\""), first.find("\"bob\""));
}

TEST(JsonlParseTest, ReadsWhatTheWriterWrote) {
  const v1::Document doc = Doc("d1", SampleText(), "Title");
  const std::string line =
      WriteOne(doc, {Span(doc, "It is not\nsafe", "disputed", v1::GOLD, "judy",
                          {{"disputed_by", "Mårten"}}),
                     Span(doc, "Monday", "opinion", v1::AUTOMATIC, "tagger")});
  ParsedDocument parsed =
      ParseJsonlLine(line.substr(0, line.size() - 1), {"f.jsonl", 3, 0});
  ASSERT_TRUE(parsed.ok()) << parsed.issues[0].message;
  EXPECT_EQ(parsed.document_id, "d1");
  EXPECT_EQ(parsed.title, "Title");
  EXPECT_EQ(parsed.text, SampleText());
  ASSERT_EQ(parsed.spans.size(), 2u);
  const v1::Annotation& a = parsed.spans[0].annotation;
  EXPECT_EQ(a.start(), 38);
  EXPECT_EQ(a.kind(), v1::AUTOMATIC);
  EXPECT_EQ(a.author(), "tagger");
  EXPECT_EQ(a.model_version(), "2.1");
  EXPECT_EQ(a.score(), 0.75);
  const v1::Annotation& b = parsed.spans[1].annotation;
  EXPECT_EQ(b.start(), 52);
  EXPECT_EQ(b.end(), 66);
  EXPECT_EQ(b.kind(), v1::GOLD);
  EXPECT_EQ(b.attributes().at("disputed_by"), "Mårten");
  EXPECT_EQ(b.attributes().size(), 1u);  // Nulls are absent attributes.
  EXPECT_EQ(parsed.spans[1].field, "spans[1]");
  EXPECT_EQ(parsed.spans[1].where.line, 3);
}

TEST(JsonlParseTest, ProdigyStyleLineWithoutIdOrProvenance) {
  ParsedDocument parsed = ParseJsonlLine(
      R"({"text": "Ann said hi", "spans": [{"start": 0, "end": 3,)"
      R"( "label": "opinion", "token_start": 0, "token_end": 0}],)"
      R"( "_input_hash": 12, "meta": {"n": 1, "s": "x"}})",
      {"f", 1, 0});
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed.document_id, "");
  EXPECT_EQ(parsed.metadata.at("n"), "1");
  EXPECT_EQ(parsed.metadata.at("s"), "x");
  ASSERT_EQ(parsed.spans.size(), 1u);
  EXPECT_EQ(parsed.spans[0].annotation.kind(), v1::ANNOTATION_KIND_UNSPECIFIED);
  EXPECT_EQ(parsed.spans[0].annotation.author(), "");
}

TEST(JsonlParseTest, ReportsEveryProblemOfALine) {
  ParsedDocument parsed = ParseJsonlLine(
      R"({"id": "x", "text": "a 😀 b", "spans": [)"
      R"({"start": 0, "end": 1.5, "label": "opinion"},)"
      R"({"start": 0, "end": 1, "label": 7},)"
      R"({"start": 2, "end": 3, "label": "opinion", "kind": "robot"},)"
      R"({"start": 4, "end": 5, "label": "opinion", "text": "😀"},)"
      R"({"start": 4, "end": 5, "label": "opinion", "attributes": {"a": 1}}]})",
      {"f.jsonl", 7, 0});
  EXPECT_FALSE(parsed.ok());
  EXPECT_THAT(
      Messages(parsed),
      ElementsAre(
          "spans[0].end: required, an integer (code points)",
          "spans[1].label: required, a string",
          "spans[2].kind=\"robot\": must be human, automatic or gold",
          "spans[4].attributes[\"a\"]: must be a string or null",
          "spans[3].text=\"\xF0\x9F\x98\x80\": the document holds \"b\" "
          "at [4,5) code points; offsets count code points"));
  for (const auto& issue : parsed.issues) EXPECT_EQ(issue.where.line, 7);
}

TEST(JsonlParseTest, BadJsonAndMissingText) {
  EXPECT_THAT(Messages(ParseJsonlLine("{\"id\": ", {"f", 1, 0})),
              ElementsAre(HasSubstr("not valid JSON")));
  EXPECT_THAT(Messages(ParseJsonlLine("[1, 2]", {"f", 1, 0})),
              ElementsAre(HasSubstr("must be a JSON object")));
  EXPECT_THAT(Messages(ParseJsonlLine("{\"id\": \"a\"}", {"f", 1, 0})),
              ElementsAre("text: required"));
  EXPECT_THAT(Messages(ParseJsonlLine("{\"text\": 5}", {"f", 1, 0})),
              ElementsAre("text: must be a string"));
  EXPECT_THAT(
      Messages(ParseJsonlLine("{\"text\": \"t\", \"spans\": {}}", {"f", 1, 0})),
      ElementsAre("spans: must be an array"));
}

}  // namespace
}  // namespace spanlab::dataset
