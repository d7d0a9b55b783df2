// Tests of ImportStream: chunks of any size become parsed records with
// their file and line, brat pairs are matched, and problems that belong to
// no record are reported apart.
#include "service/export/import_stream.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace spanlab::dataset {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

struct Outcome {
  std::vector<ParsedDocument> documents;
  std::vector<std::string> issues;
};

Outcome Import(Format format,
               const std::vector<std::pair<std::string, std::string>>& files,
               size_t chunk, size_t max = 1 << 20) {
  Outcome run;
  ImportStream stream(
      format, OffsetUnit::kCodePoints, max,
      [&](ParsedDocument d) { run.documents.push_back(std::move(d)); },
      [&](ImportIssue i) {
        run.issues.push_back(absl::StrCat(i.where.file, ": ", i.message));
      });
  for (const auto& [name, data] : files) {
    for (size_t i = 0; i < data.size(); i += chunk) {
      stream.Feed(name, absl::string_view(data).substr(i, chunk));
    }
    if (data.empty()) stream.Feed(name, "");
  }
  stream.Finish();
  return run;
}

TEST(ImportStreamTest, JsonLinesKeepTheirLineNumbers) {
  const std::string file =
      "{\"id\": \"a\", \"text\": \"one\"}\n\n{not json}\n"
      "{\"id\": \"c\", \"text\": \"three\"}";
  for (size_t chunk : {1, 5, 1000}) {
    Outcome run = Import(Format::kJsonl, {{"in.jsonl", file}}, chunk);
    ASSERT_EQ(run.documents.size(), 3u);
    EXPECT_EQ(run.documents[0].document_id, "a");
    EXPECT_EQ(run.documents[0].where.line, 1);
    EXPECT_FALSE(run.documents[1].ok());
    EXPECT_EQ(run.documents[1].issues[0].where.line, 3);
    EXPECT_EQ(run.documents[1].issues[0].where.file, "in.jsonl");
    EXPECT_EQ(run.documents[2].document_id, "c");
    EXPECT_EQ(run.documents[2].where.line, 4);
    EXPECT_TRUE(run.issues.empty());
  }
}

TEST(ImportStreamTest, TooLongRecordIsReportedNotRead) {
  Outcome run = Import(
      Format::kJsonl,
      {{"in.jsonl", "{\"text\": \"0123456789\"}\n{\"text\": \"a\"}"}}, 4, 16);
  ASSERT_EQ(run.documents.size(), 2u);
  EXPECT_THAT(run.documents[0].issues[0].message,
              HasSubstr("line longer than 16 bytes"));
  EXPECT_TRUE(run.documents[1].ok());
}

TEST(ImportStreamTest, LabelStudioTasksKeepNumberAndLine) {
  const std::string file =
      "[\n{\"data\": {\"text\": \"a\", \"doc_id\": \"x\"}},\n"
      "{\"data\": {}}\n]\n";
  Outcome run = Import(Format::kLabelStudio, {{"ls.json", file}}, 3);
  ASSERT_EQ(run.documents.size(), 2u);
  EXPECT_EQ(run.documents[0].document_id, "x");
  EXPECT_EQ(run.documents[0].where.task, 1);
  EXPECT_EQ(run.documents[0].where.line, 2);
  EXPECT_EQ(run.documents[1].where.task, 2);
  EXPECT_EQ(run.documents[1].issues[0].where.line, 3);
  EXPECT_TRUE(run.issues.empty());
}

TEST(ImportStreamTest, NotAnArrayIsOneStreamIssue) {
  Outcome run = Import(Format::kLabelStudio, {{"ls.json", "{\"data\": 1}"}}, 3);
  EXPECT_TRUE(run.documents.empty());
  EXPECT_THAT(run.issues, ElementsAre(HasSubstr("ls.json: line 1: expected "
                                                "'['")));
}

TEST(ImportStreamTest, BratPairsAndStrayFiles) {
  Outcome run = Import(Format::kBrat,
                       {{"annotation.conf", "[entities]\nopinion\n"},
                        {"a.txt", "Ann said hi"},
                        {"a.ann", "T1\topinion 9 11\thi\n"},
                        {"b.txt", "no spans"},
                        {"c.ann", "T1\topinion 0 1\tx\n"},
                        {"notes.md", "hello"},
                        {"d.txt", ""}},
                       2);
  ASSERT_EQ(run.documents.size(), 3u);
  EXPECT_EQ(run.documents[0].document_id, "a");
  ASSERT_EQ(run.documents[0].spans.size(), 1u);
  EXPECT_EQ(run.documents[0].spans[0].where.file, "a.ann");
  EXPECT_EQ(run.documents[1].document_id, "b");
  EXPECT_TRUE(run.documents[1].spans.empty());
  EXPECT_EQ(run.documents[2].document_id, "d");
  EXPECT_THAT(run.issues,
              ElementsAre("c.ann: no c.txt right before it; send each .ann "
                          "right after its .txt",
                          "notes.md: not a brat .txt or .ann file; it was "
                          "skipped"));
}

TEST(ImportStreamTest, BratDocumentIdIsTheBaseName) {
  EXPECT_EQ(BratDocumentId("dir/sub/harbour-bridge.txt"), "harbour-bridge");
  EXPECT_EQ(BratDocumentId("v1.2.ann"), "v1.2");
}

}  // namespace
}  // namespace spanlab::dataset
