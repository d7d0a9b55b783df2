#include "client/import_source.h"

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/support/temp_dir.h"

namespace spanlab::client {
namespace {

namespace fs = std::filesystem;

using ::spanlab::testing_support::TempDir;

TEST(DeriveTitleTest, FirstNonEmptyLineTrimmed) {
  EXPECT_EQ(DeriveTitle("\n  \n  Harbour bridge reopens \nBody"),
            "Harbour bridge reopens");
  EXPECT_EQ(DeriveTitle("\xef\xbb\xbfTitle\r\nBody"), "Title");
  EXPECT_EQ(DeriveTitle(" \n\t"), "");
  EXPECT_EQ(DeriveTitle(""), "");
}

TEST(DeriveTitleTest, CutsLongLinesOnCharacterBoundary) {
  std::string line(199, 'a');
  line += "ë";  // bytes 199 and 200: the cut at 200 would split it
  line += "tail";
  const std::string title = DeriveTitle(line);
  EXPECT_EQ(title, std::string(199, 'a'));
  EXPECT_LE(DeriveTitle(std::string(500, 'x')).size(), kMaxDerivedTitleBytes);
}

TEST(DeriveTitleTest, InvalidUtf8GivesNoTitle) {
  EXPECT_EQ(DeriveTitle("bad \xff title\nbody"), "");
}

TEST(RecordFromTextFileTest, IdFromFileNameAndTextExact) {
  const std::string text = "Title line\nBody \xff bytes\r\n";
  ImportRecord record = RecordFromTextFile("/x/harbour-bridge.txt", text);
  EXPECT_TRUE(record.ok());
  EXPECT_EQ(record.document_id, "harbour-bridge");
  EXPECT_EQ(record.title, "Title line");
  EXPECT_EQ(record.text, text);
  EXPECT_EQ(record.Location(), "/x/harbour-bridge.txt");
}

TEST(RecordFromJsonLineTest, ReadsFields) {
  ImportRecord record = RecordFromJsonLine(
      "a.jsonl", 3,
      R"({"id": "d1", "title": "T", "text": "Zoë", "source": "s",)"
      R"( "meta": {"k": "v", "n": 5, "o": {"x": true}}})"
      "\r");
  ASSERT_TRUE(record.ok()) << record.error;
  EXPECT_EQ(record.document_id, "d1");
  EXPECT_EQ(record.title, "T");
  EXPECT_EQ(record.text, "Zoë");
  EXPECT_EQ(record.source, "s");
  EXPECT_EQ(record.metadata.at("k"), "v");
  EXPECT_EQ(record.metadata.at("n"), "5");
  EXPECT_EQ(record.metadata.at("o"), R"({"x":true})");
  EXPECT_EQ(record.Location(), "a.jsonl:3");
}

TEST(RecordFromJsonLineTest, MissingTitleIsDerived) {
  ImportRecord record =
      RecordFromJsonLine("a.jsonl", 1, R"({"id": "d", "text": "\n Head\nx"})");
  ASSERT_TRUE(record.ok()) << record.error;
  EXPECT_EQ(record.title, "Head");
}

TEST(RecordFromJsonLineTest, BadLinesCarryAnError) {
  struct Case {
    const char* line;
    const char* error_part;
  };
  for (const Case& c : {
           Case{"{not json", "not valid JSON"},
           // Regression: out_of_range escaped and aborted the client.
           Case{R"({"id": "d", "text": "x", "n": 1e400})", "not valid JSON"},
           Case{"[1]", "not a JSON object"},
           Case{R"({"text": "x"})", "missing \"id\""},
           Case{R"({"id": "d"})", "missing \"text\""},
           Case{R"({"id": 5, "text": "x"})", "\"id\" must be a string"},
           Case{R"({"id": "d", "text": "x", "meta": [1]})",
                "\"meta\" must be an object"},
       }) {
    ImportRecord record = RecordFromJsonLine("a.jsonl", 7, c.line);
    EXPECT_FALSE(record.ok()) << c.line;
    EXPECT_NE(record.error.find(c.error_part), std::string::npos)
        << c.line << ": " << record.error;
  }
  // The id is kept for the report when it could be read.
  EXPECT_EQ(RecordFromJsonLine("a.jsonl", 1, R"({"id": "d"})").document_id,
            "d");
}

TEST(ImportFormatTest, ByExtension) {
  EXPECT_EQ(*ImportFormatOf("a/b.txt"), ImportFormat::kText);
  EXPECT_EQ(*ImportFormatOf("B.TXT"), ImportFormat::kText);
  EXPECT_EQ(*ImportFormatOf("x.jsonl"), ImportFormat::kJsonLines);
  absl::StatusOr<ImportFormat> bad = ImportFormatOf("notes.md");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("notes.md"), std::string::npos);
}

class ImportReaderTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = temp_dir_.path(); }

  std::string Write(const std::string& name, const std::string& content) {
    const std::string path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }

  TempDir temp_dir_;
  fs::path dir_;
};

TEST_F(ImportReaderTest, ReadsFilesInOrder) {
  const std::string txt = Write("one.txt", "One\nbody");
  const std::string jsonl =
      Write("many.jsonl",
            "{\"id\": \"a\", \"text\": \"A\"}\n\n   \nbroken\n"
            "{\"id\": \"b\", \"text\": \"B\"}");
  absl::StatusOr<std::unique_ptr<ImportReader>> reader =
      ImportReader::Open({txt, jsonl});
  ASSERT_TRUE(reader.ok()) << reader.status();
  EXPECT_EQ((*reader)->total_records(), 4);

  std::vector<std::string> seen;
  ImportRecord record;
  while (true) {
    absl::StatusOr<bool> more = (*reader)->Next(&record);
    ASSERT_TRUE(more.ok()) << more.status();
    if (!*more) break;
    seen.push_back(record.ok() ? record.document_id
                               : "error@" + record.Location());
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"one", "a", "error@" + jsonl + ":4",
                                            "b"}));
}

TEST_F(ImportReaderTest, RejectsUnusableFilesBeforeReading) {
  const std::string txt = Write("one.txt", "x");
  const std::string other = Write("notes.md", "x");
  absl::StatusOr<std::unique_ptr<ImportReader>> reader =
      ImportReader::Open({txt, other});
  ASSERT_FALSE(reader.ok());
  EXPECT_NE(reader.status().message().find(other), std::string::npos);

  const std::string missing = (dir_ / "missing.txt").string();
  reader = ImportReader::Open({txt, missing});
  ASSERT_FALSE(reader.ok());
  EXPECT_NE(reader.status().message().find(missing), std::string::npos);
}

}  // namespace
}  // namespace spanlab::client
