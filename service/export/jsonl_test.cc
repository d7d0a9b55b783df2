// Tests of JSON lines: the exact bytes written (code-point offsets on text
// with an emoji and curly quotes, consistent keys, sorted spans, no volatile
// fields), the same bytes as nlohmann's serializer on random records, and
// the parser's reports on malformed records.
#include "service/export/jsonl.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "service/export/json_fields.h"
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

// The line as the writer built it before it wrote JSON by hand: one
// ordered JSON value dumped by nlohmann. The writer must keep every byte.
std::string ReferenceLine(const ExportOptions& options,
                          const v1::Document& document,
                          std::vector<v1::Annotation> spans) {
  std::set<std::string> attribute_keys;
  for (const auto& label : options.schema.labels()) {
    for (const auto& key : label.allowed_attributes()) {
      attribute_keys.insert(key);
    }
  }
  SortSpans(&spans);
  OrderedJson line = OrderedJson::object();
  line["id"] = document.document_id();
  line["title"] = document.title();
  line["source"] = document.source();
  const std::map<std::string, std::string> meta(document.metadata().begin(),
                                                document.metadata().end());
  line["meta"] = OrderedJson::object();
  for (const auto& [key, value] : meta) line["meta"][key] = value;
  line["text"] = document.text();
  line["spans"] = OrderedJson::array();
  for (const v1::Annotation& a : spans) {
    OrderedJson span = OrderedJson::object();
    span["start"] = a.start();
    span["end"] = a.end();
    span["label"] = a.label();
    span["text"] = a.text();
    std::set<std::string> keys = attribute_keys;
    for (const auto& [key, value] : a.attributes()) keys.insert(key);
    span["attributes"] = OrderedJson::object();
    for (const std::string& key : keys) {
      auto it = a.attributes().find(key);
      span["attributes"][key] =
          it == a.attributes().end() ? OrderedJson() : OrderedJson(it->second);
    }
    span["author"] = a.author();
    span["kind"] = KindName(a.kind());
    const bool automatic = a.kind() == v1::AUTOMATIC;
    span["score"] = automatic ? OrderedJson(a.score()) : OrderedJson();
    span["model_version"] =
        automatic ? OrderedJson(a.model_version()) : OrderedJson();
    if (options.include_deleted) span["deleted"] = a.deleted();
    line["spans"].push_back(std::move(span));
  }
  return DumpCompact(line) + "\n";
}

// Random strings that mix what JSON escaping and UTF-8 handling care
// about; with `valid` false also ill-formed UTF-8 (truncated, overlong,
// surrogates, stray continuation bytes, bytes never used).
class RandomText {
 public:
  explicit RandomText(uint64_t seed) : rng_(seed) {}

  std::string String(bool valid, size_t max_pieces = 12) {
    static const char* const kPieces[] = {
        "a",
        "Z",
        " ",
        "said",
        "0123456789abcdef",
        "/",
        "\x7F",
        "\"",
        "\\",
        "\\u0041",
        "\n",
        "\r",
        "\t",
        "\b",
        "\f",
        "\xC3\xA9",  // é
        "\xC2\x80",
        "\xDF\xBF",  // U+0080, U+07FF
        "\xE0\xA0\x80",
        "\xE2\x80\x9C",  // U+0800, “
        "\xE2\x80\xA8",
        "\xED\x9F\xBF",  // U+2028, U+D7FF
        "\xEE\x80\x80",
        "\xEF\xBF\xBD",
        "\xEF\xBF\xBF",
        "\xF0\x90\x80\x80",
        "\xF0\x9F\x98\x80",              // U+10000, 😀
        "\xF4\x8F\xBF\xBF",              // U+10FFFF
        "\xF0\x9F\x8E\x9F\xEF\xB8\x8F",  // 🎟️
    };
    static const char* const kBroken[] = {"\x80",
                                          "\xBF",
                                          "\xC0\x80",
                                          "\xC1\xBF",
                                          "\xC3",
                                          "\xE2\x80",
                                          "\xE0\x80\x80",
                                          "\xED\xA0\x80",
                                          "\xF0\x80\x80\x80",
                                          "\xF4\x90\x80\x80",
                                          "\xF5\x80\x80\x80",
                                          "\xF8",
                                          "\xFE",
                                          "\xFF",
                                          "\xF0\x9F\x98",
                                          "\xC3\x28"};
    std::string out;
    const size_t pieces = Below(max_pieces + 1);
    for (size_t i = 0; i < pieces; ++i) {
      const size_t pick = Below(10);
      if (pick == 0) {
        out.push_back(static_cast<char>(Below(0x20)));
      } else if (pick == 1 && !valid) {
        out += kBroken[Below(std::size(kBroken))];
      } else if (pick == 2 && !valid) {
        out.push_back(static_cast<char>(Below(256)));
      } else if (pick == 3) {
        // Long plain runs take the eight-bytes-at-a-time path.
        out.append(Below(40), static_cast<char>('a' + Below(26)));
      } else {
        const char* piece = kPieces[Below(std::size(kPieces))];
        out.append(piece, std::strlen(piece));
      }
    }
    return out;
  }

  double Double() {
    switch (Below(6)) {
      case 0: {
        static const double kSpecial[] = {
            0.0,
            -0.0,
            0.5,
            0.75,
            1.0,
            0.1,
            1.0 / 3,
            1e-5,
            123456789.0,
            1e21,
            1e22,
            -2.5e-7,
            5e-324,
            std::numeric_limits<double>::min(),
            std::numeric_limits<double>::max(),
            std::numeric_limits<double>::infinity(),
            -std::numeric_limits<double>::infinity(),
            std::numeric_limits<double>::quiet_NaN()};
        return kSpecial[Below(std::size(kSpecial))];
      }
      case 1: {
        const uint64_t bits = rng_();
        double d;
        std::memcpy(&d, &bits, sizeof(d));
        return d;
      }
      default:
        return std::uniform_real_distribution<double>(0, 1)(rng_);
    }
  }

  size_t Below(size_t n) { return static_cast<size_t>(rng_() % n); }
  std::mt19937_64& rng() { return rng_; }

 private:
  std::mt19937_64 rng_;
};

TEST(JsonStringTest, SameBytesAsNlohmannOnEveryTwoByteString) {
  // At several offsets, so that each pair lands on every kind of word
  // boundary of the eight-bytes-at-a-time scan.
  for (const char* before :
       {"", "abc", "abcdefg", "abcdefghijklmno", "abcdefghijklmnopqrstuvw"}) {
    for (int b0 = 0; b0 < 256; ++b0) {
      for (int b1 = 0; b1 < 256; ++b1) {
        std::string text = before;
        text.push_back(static_cast<char>(b0));
        text.push_back(static_cast<char>(b1));
        text += "xyz0123456789abcdefghij";
        std::string out = "[";
        AppendJsonString(text, &out);
        ASSERT_EQ(out, "[" + DumpCompact(OrderedJson(text)))
            << b0 << " " << b1 << " after " << before;
      }
    }
  }
}

TEST(JsonStringTest, SameBytesAsNlohmannOnEveryLeadAndSecondByte) {
  // Each lead byte with each second byte, then continuation bytes at both
  // ends of their range or none: every rule of table 3-7 (overlongs,
  // surrogates, past U+10FFFF, truncation).
  for (int b0 = 0x80; b0 < 0x100; ++b0) {
    for (int b1 = 0; b1 < 0x100; ++b1) {
      for (const char* rest :
           {"", "\x80", "\xBF", "\x80\x80", "\xBF\xBF", "\x80x", "x"}) {
        // Once near the start of a long string, once at the end of one.
        std::string text = "ab";
        text.push_back(static_cast<char>(b0));
        text.push_back(static_cast<char>(b1));
        text += rest;
        text += "0123456789abcdefghij";
        std::string tail = "0123456789abcdefghij";
        tail.push_back(static_cast<char>(b0));
        tail.push_back(static_cast<char>(b1));
        tail += rest;
        std::string tail_out;
        AppendJsonString(tail, &tail_out);
        ASSERT_EQ(tail_out, DumpCompact(OrderedJson(tail)))
            << b0 << " " << b1 << " " << rest;
        std::string out;
        AppendJsonString(text, &out);
        ASSERT_EQ(out, DumpCompact(OrderedJson(text)))
            << b0 << " " << b1 << " " << rest;
      }
    }
  }
}

TEST(JsonStringTest, SameBytesAsNlohmannOnRandomStrings) {
  RandomText random(20261122);
  for (int i = 0; i < 200000; ++i) {
    const std::string text = random.String(/*valid=*/i % 2 == 0, 40);
    std::string out = "x";
    AppendJsonString(text, &out);
    ASSERT_EQ(out, "x" + DumpCompact(OrderedJson(text))) << i;
  }
}

TEST(JsonStringTest, NumbersAsNlohmannWritesThem) {
  RandomText random(7);
  for (int i = 0; i < 20000; ++i) {
    const double d = random.Double();
    std::string out;
    AppendJsonNumber(d, &out);
    ASSERT_EQ(out, DumpCompact(OrderedJson(d))) << d;
  }
  std::string out;
  AppendJsonNumber(std::numeric_limits<double>::quiet_NaN(), &out);
  EXPECT_EQ(out, "null");
}

TEST(JsonlWriterTest, SameBytesAsTheNlohmannWriterOnRandomDocuments) {
  RandomText random(42);
  const auto random_schema = [&] {
    v1::LabelSchema schema;
    for (size_t i = random.Below(4); i > 0; --i) {
      v1::LabelDefinition* label = schema.add_labels();
      label->set_name(random.String(true, 3));
      for (size_t j = random.Below(4); j > 0; --j) {
        label->add_allowed_attributes(random.String(i % 2 == 0, 3));
      }
    }
    return schema;
  };
  const v1::AnnotationKind kinds[] = {v1::HUMAN, v1::AUTOMATIC, v1::GOLD,
                                      v1::ANNOTATION_KIND_UNSPECIFIED};
  for (int round = 0; round < 300; ++round) {
    ExportOptions options;
    options.schema = round % 3 == 0 ? Schema() : random_schema();
    options.include_deleted = random.Below(2) == 0;
    std::vector<std::string> schema_keys;
    for (const auto& label : options.schema.labels()) {
      schema_keys.insert(schema_keys.end(), label.allowed_attributes().begin(),
                         label.allowed_attributes().end());
    }
    auto writer = NewJsonlWriter(options);
    for (int d = 0; d < 10; ++d) {
      const bool valid = random.Below(4) != 0;
      v1::Document doc;
      doc.set_document_id(random.String(valid, 3));
      doc.set_title(random.String(valid));
      doc.set_source(random.String(valid, 3));
      doc.set_text(random.String(valid, 200));
      for (size_t m = random.Below(4); m > 0; --m) {
        (*doc.mutable_metadata())[random.String(valid, 2)] =
            random.String(valid, 4);
      }
      std::vector<v1::Annotation> spans(random.Below(12));
      for (size_t i = 0; i < spans.size(); ++i) {
        v1::Annotation& a = spans[i];
        if (i > 0 && random.Below(4) == 0) {
          // Equal in everything the order looks at: stability decides.
          a = spans[random.Below(i)];
          a.set_text(random.String(valid, 6));
          continue;
        }
        switch (random.Below(3)) {
          case 0:
            a.set_start(static_cast<int64_t>(random.rng()()));
            break;
          case 1:
            a.set_start(static_cast<int64_t>(random.rng()()) >> 50);
            break;
          default:
            a.set_start(static_cast<int64_t>(random.Below(3)));
        }
        a.set_end(a.start() + static_cast<int64_t>(random.Below(3)));
        a.set_label(random.String(valid, 2));
        a.set_text(random.String(valid, 6));
        a.set_kind(kinds[random.Below(std::size(kinds))]);
        a.set_author(random.String(valid, 2));
        a.set_model_version(random.String(valid, 2));
        a.set_score(random.Double());
        a.set_deleted(random.Below(3) == 0);
        a.set_note(random.String(valid, 2));
        for (size_t k = random.Below(4); k > 0; --k) {
          const std::string key =
              !schema_keys.empty() && random.Below(2) == 0
                  ? schema_keys[random.Below(schema_keys.size())]
                  : random.String(valid, 2);
          (*a.mutable_attributes())[key] = random.String(valid, 3);
        }
      }
      const std::string want = ReferenceLine(options, doc, spans);
      auto pieces = writer->Document(doc, spans);
      ASSERT_EQ(pieces.size(), 1u);
      ASSERT_EQ(pieces[0].data, want) << "round " << round << " doc " << d;
    }
  }
}

TEST(JsonlWriterTest, SameBytesAsTheNlohmannWriterOnTheSamples) {
  const v1::Document doc = Doc("d1", SampleText(), "T\"itle\n");
  std::vector<v1::Annotation> spans = {
      Span(doc, "It is not\nsafe", "disputed", v1::GOLD, "judy",
           {{"disputed_by", "M\xC3\xA5rten"}, {"zz extra", "\"q\""}}),
      Span(doc, "Monday", "opinion", v1::AUTOMATIC, "tagger"),
      Span(doc, "said", "attributed_claim", v1::HUMAN, "bob",
           {{"source", "M\xC3\xA5rten"}, {"cue", "said"}, {"", "empty"}})};
  for (bool include_deleted : {false, true}) {
    ExportOptions options;
    options.schema = Schema();
    options.include_deleted = include_deleted;
    EXPECT_EQ(NewJsonlWriter(options)->Document(doc, spans)[0].data,
              ReferenceLine(options, doc, spans));
  }
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

// Found by tests/fuzz (regressions/jsonl_import): nlohmann throws
// out_of_range, not parse_error, for a number too large for a double, and
// the exception used to end the server.
TEST(JsonlParseTest, NumberTooLargeForADoubleIsBadJson) {
  EXPECT_THAT(
      Messages(ParseJsonlLine(
          "{\"text\": \"Zo\xC3\xAB\", \"spans\": [{\"start\": 0, \"end\": "
          "1e400, \"label\": \"opinion\"}]}",
          {"f", 1, 0})),
      ElementsAre("not valid JSON: number overflow parsing '1e400'"));
}

}  // namespace
}  // namespace spanlab::dataset
