// Tests of Label Studio JSON: the task shape, offsets in code points (what
// current Label Studio counts) and in UTF-16 code units (older releases),
// the array pieces, and the parser's reports.
#include "service/export/labelstudio.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "service/export/test_fixtures.h"

namespace spanlab::dataset {
namespace {

using testing::Doc;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::SampleText;
using testing::Span;

std::string WriteAll(const std::vector<v1::Document>& docs,
                     const std::vector<std::vector<v1::Annotation>>& spans,
                     OffsetUnit unit = OffsetUnit::kCodePoints) {
  ExportOptions options;
  options.labelstudio_offsets = unit;
  auto writer = NewLabelStudioWriter(options);
  std::string out;
  for (const auto& p : writer->Begin()) out += p.data;
  for (size_t i = 0; i < docs.size(); ++i) {
    for (const auto& p : writer->Document(docs[i], spans[i])) {
      EXPECT_EQ(p.file_name, kLabelStudioFileName);
      out += p.data;
    }
  }
  for (const auto& p : writer->End()) out += p.data;
  return out;
}

std::vector<std::string> Messages(const ParsedDocument& doc) {
  std::vector<std::string> out;
  for (const auto& issue : doc.issues) out.push_back(issue.message);
  return out;
}

TEST(LabelStudioWriterTest, TaskShapeWithCodePointOffsets) {
  v1::Document doc = Doc("d1", SampleText(), "Title");
  (*doc.mutable_metadata())["lang"] = "en";
  const std::string out = WriteAll(
      {doc},
      {{Span(doc, "Monday", "opinion", v1::AUTOMATIC, "tagger", {}, 1),
        Span(doc, "\xE2\x80\x9Cthe bridge is safe\xE2\x80\x9D",
             "attributed_claim", v1::HUMAN, "alice", {{"source", "Zoë"}}, 2),
        Span(doc, "It is not\nsafe", "disputed", v1::GOLD, "judy", {}, 3)}});
  const nlohmann::json tasks = nlohmann::json::parse(out);
  ASSERT_TRUE(tasks.is_array());
  ASSERT_EQ(tasks.size(), 1u);
  const nlohmann::json& task = tasks[0];
  EXPECT_EQ(task["id"], 1);
  EXPECT_EQ(task["data"]["text"], SampleText());
  EXPECT_EQ(task["data"]["doc_id"], "d1");
  EXPECT_EQ(task["data"]["title"], "Title");
  EXPECT_EQ(task["data"]["meta"]["lang"], "en");
  ASSERT_EQ(task["annotations"].size(), 2u);
  const nlohmann::json& human = task["annotations"][0];
  EXPECT_EQ(human["ground_truth"], false);
  EXPECT_EQ(human["created_username"], "alice");
  EXPECT_FALSE(human.contains("completed_by"));
  EXPECT_EQ(
      human["result"],
      nlohmann::json::parse(
          R"([{"id":"s1","from_name":"label","to_name":"text",)"
          R"("type":"labels","value":{"start":14,"end":34,)"
          R"("text":"“the bridge is safe”","labels":["attributed_claim"]}},)"
          R"({"id":"s1","from_name":"source","to_name":"text",)"
          R"("type":"textarea","value":{"start":14,"end":34,)"
          R"("text":["Zoë"]}}])"));
  const nlohmann::json& gold = task["annotations"][1];
  EXPECT_EQ(gold["ground_truth"], true);
  EXPECT_EQ(gold["created_username"], "judy");
  EXPECT_EQ(gold["result"][0]["value"]["text"], "It is not\nsafe");
  EXPECT_EQ(gold["result"][0]["value"]["start"], 52);
  ASSERT_EQ(task["predictions"].size(), 1u);
  const nlohmann::json& prediction = task["predictions"][0];
  EXPECT_EQ(prediction["model_version"], "tagger/2.1");
  EXPECT_EQ(prediction["score"], 0.75);
  EXPECT_EQ(prediction["result"][0]["score"], 0.75);
  EXPECT_EQ(prediction["result"][0]["id"], "s3");
  EXPECT_EQ(prediction["result"][0]["value"]["start"], 38);
}

TEST(LabelStudioWriterTest, Utf16OffsetsCountTheEmojiTwice) {
  const v1::Document doc = Doc("d1", SampleText());
  const nlohmann::json tasks = nlohmann::json::parse(
      WriteAll({doc}, {{Span(doc, "Monday", "opinion")}}, OffsetUnit::kUtf16));
  const nlohmann::json& value =
      tasks[0]["annotations"][0]["result"][0]["value"];
  EXPECT_EQ(value["start"], 39);
  EXPECT_EQ(value["end"], 45);
}

TEST(LabelStudioWriterTest, ArrayPiecesMakeOneJsonArray) {
  const std::vector<v1::Document> docs = {Doc("a", "x"), Doc("b", "y"),
                                          Doc("c", "z")};
  const std::string out = WriteAll(docs, {{}, {}, {}});
  EXPECT_EQ(out.substr(0, 2), "[\n");
  EXPECT_EQ(out.substr(out.size() - 3), "\n]\n");
  const nlohmann::json tasks = nlohmann::json::parse(out);
  ASSERT_EQ(tasks.size(), 3u);
  EXPECT_EQ(tasks[2]["id"], 3);
  EXPECT_EQ(nlohmann::json::parse(WriteAll({}, {})), nlohmann::json::array());
}

TEST(LabelStudioParseTest, ReadsBothUnits) {
  const v1::Document doc = Doc("d1", SampleText());
  for (OffsetUnit unit : {OffsetUnit::kCodePoints, OffsetUnit::kUtf16}) {
    const nlohmann::json tasks = nlohmann::json::parse(
        WriteAll({doc},
                 {{Span(doc, "Monday", "opinion", v1::AUTOMATIC, "tagger"),
                   Span(doc, "said", "attributed_claim", v1::HUMAN, "bob",
                        {{"cue", "x"}, {"source", "y"}})}},
                 unit));
    ParsedDocument parsed =
        ParseLabelStudioTask(tasks[0].dump(), unit, {"f.json", 2, 1});
    ASSERT_TRUE(parsed.ok()) << Messages(parsed)[0];
    EXPECT_EQ(parsed.document_id, "d1");
    ASSERT_EQ(parsed.spans.size(), 2u);
    const v1::Annotation& human = parsed.spans[0].annotation;
    EXPECT_EQ(human.start(), 9);
    EXPECT_EQ(human.end(), 13);
    EXPECT_EQ(human.author(), "bob");
    EXPECT_EQ(human.kind(), v1::HUMAN);
    EXPECT_EQ(human.attributes().at("cue"), "x");
    EXPECT_EQ(human.attributes().at("source"), "y");
    const v1::Annotation& automatic = parsed.spans[1].annotation;
    EXPECT_EQ(automatic.start(), 38);
    EXPECT_EQ(automatic.author(), "tagger");
    EXPECT_EQ(automatic.model_version(), "2.1");
    EXPECT_EQ(automatic.score(), 0.75);
    EXPECT_EQ(parsed.spans[1].where.task, 1);
  }
}

TEST(LabelStudioParseTest, LabelStudioExportsOfOtherInstances) {
  ParsedDocument parsed = ParseLabelStudioTask(
      R"({"id": 7, "data": {"text": "Ann said hi", "url": "u"},
          "annotations": [
            {"completed_by": 3, "created_username": "a@b.c, 3",
             "result": [{"id": "x", "from_name": "ner", "to_name": "text",
                         "type": "labels", "value": {"start": 0, "end": 3,
                         "labels": ["opinion"]}}]},
            {"completed_by": 4, "was_cancelled": true, "result": []}],
          "predictions": [{"model_version": "v7", "score": 0.5,
            "result": [{"type": "labels", "value": {"start": 4, "end": 8,
                        "text": "said", "labels": ["opinion"]}}]}]})",
      OffsetUnit::kCodePoints, {"f", 1, 1});
  ASSERT_TRUE(parsed.ok()) << Messages(parsed)[0];
  EXPECT_EQ(parsed.metadata.at("url"), "u");
  ASSERT_EQ(parsed.spans.size(), 2u);
  EXPECT_EQ(parsed.spans[0].annotation.author(), "labelstudio-3");
  EXPECT_EQ(parsed.spans[1].annotation.author(), "");
  EXPECT_EQ(parsed.spans[1].annotation.model_version(), "v7");
  EXPECT_EQ(parsed.spans[1].annotation.score(), 0.5);
}

TEST(LabelStudioParseTest, ARegionWithTwoLabelsIsTwoSpans) {
  ParsedDocument parsed = ParseLabelStudioTask(
      R"({"data": {"text": "Ann said hi"}, "annotations": [{"result": [
          {"id": "r", "type": "labels", "value": {"start": 0, "end": 3,
           "labels": ["opinion", "disputed"]}},
          {"id": "r", "type": "textarea", "from_name": "source",
           "value": {"start": 0, "end": 3, "text": ["a", "b"]}}]}]})",
      OffsetUnit::kCodePoints, {"f", 1, 1});
  ASSERT_TRUE(parsed.ok()) << Messages(parsed)[0];
  ASSERT_EQ(parsed.spans.size(), 2u);
  EXPECT_EQ(parsed.spans[0].field, "annotations[0].result[0].value.labels[0]");
  EXPECT_EQ(parsed.spans[1].annotation.label(), "disputed");
  EXPECT_EQ(parsed.spans[1].annotation.attributes().at("source"), "a\nb");
}

TEST(LabelStudioParseTest, Utf16FileReadAsCodePointsSaysSo) {
  const v1::Document doc = Doc("d1", SampleText());
  const nlohmann::json tasks = nlohmann::json::parse(
      WriteAll({doc}, {{Span(doc, "Monday", "opinion")}}, OffsetUnit::kUtf16));
  ParsedDocument parsed = ParseLabelStudioTask(
      tasks[0].dump(), OffsetUnit::kCodePoints, {"f", 1, 1});
  EXPECT_THAT(Messages(parsed),
              ElementsAre(HasSubstr("counted in UTF-16 code units they "
                                    "would match")));
}

TEST(LabelStudioParseTest, ReportsProblems) {
  EXPECT_THAT(Messages(ParseLabelStudioTask("{\"data\": {}}",
                                            OffsetUnit::kCodePoints, {})),
              ElementsAre("data.text: required, a string"));
  EXPECT_THAT(Messages(ParseLabelStudioTask("[]", OffsetUnit::kCodePoints, {})),
              ElementsAre(HasSubstr("must be a JSON object")));
  const std::string task = std::string(R"({"data": {"text": ")") +
                           testing::kGrin + R"( ab"}, "annotations": [{
      "result": [
        {"id": "r", "type": "labels", "value": {"start": 1, "end": 3,
         "labels": ["opinion"]}},
        {"id": "r2", "type": "choices", "value": {"choices": ["x"]}},
        {"id": "zz", "type": "textarea", "value": {"text": ["t"]}},
        {"id": "r3", "type": "labels", "value": {"start": 3}}]}]})";
  EXPECT_THAT(
      Messages(ParseLabelStudioTask(task, OffsetUnit::kUtf16, {})),
      ElementsAre(
          "annotations[0].result[0].value.start=1: not a character "
          "boundary of the text (5 UTF-16 code units)",
          "annotations[0].result[1].type=\"choices\": not supported (labels "
          "and textarea only)",
          "annotations[0].result[3].value: needs start, end and labels",
          "annotations[0].result[2]: a textarea needs the id of a labels "
          "region and value.text"));
}

// Found by tests/fuzz: a number too large for a double made nlohmann throw
// out_of_range, which escaped the parser.
TEST(LabelStudioParseTest, NumberTooLargeForADoubleIsBadJson) {
  EXPECT_THAT(
      Messages(ParseLabelStudioTask(
          R"({"data": {"text": "ab"}, "predictions": [{"score": -1e400}]})",
          OffsetUnit::kCodePoints, {})),
      ElementsAre("not valid JSON: number overflow parsing '-1e400'"));
}

}  // namespace
}  // namespace spanlab::dataset
