// Tests of the CSV writer: RFC 4180 quoting, CRLF line ends, code-point
// offsets on text with an emoji and curly quotes.
#include "service/export/csv.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "service/export/test_fixtures.h"

namespace spanlab::dataset {
namespace {

using testing::Doc;
using testing::SampleText;
using testing::Schema;
using testing::Span;

std::string Concat(const std::vector<OutputPiece>& pieces) {
  std::string out;
  for (const auto& p : pieces) {
    EXPECT_EQ(p.file_name, kCsvFileName);
    out += p.data;
  }
  return out;
}

TEST(CsvFieldTest, QuotesOnlyWhenNeeded) {
  EXPECT_EQ(CsvField("plain"), "plain");
  EXPECT_EQ(CsvField(""), "");
  EXPECT_EQ(CsvField("a,b"), "\"a,b\"");
  EXPECT_EQ(CsvField("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(CsvField("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(CsvField("cr\rhere"), "\"cr\rhere\"");
  // Curly quotes are ordinary characters in CSV.
  EXPECT_EQ(CsvField("\xE2\x80\x9Cq\xE2\x80\x9D"), "\xE2\x80\x9Cq\xE2\x80\x9D");
}

TEST(CsvWriterTest, HeaderAndRowsWithCodePointOffsets) {
  const v1::Document doc = Doc("d1", SampleText());
  ExportOptions options;
  options.schema = Schema();
  auto writer = NewCsvWriter(options);
  std::string out = Concat(writer->Begin());
  out += Concat(writer->Document(
      doc, {Span(doc, "It is not\nsafe", "disputed", v1::HUMAN, "bob",
                 {{"source", "Zoë"}, {"cue", "said"}}),
            Span(doc, "\xE2\x80\x9Cthe bridge is safe\xE2\x80\x9D",
                 "attributed_claim", v1::AUTOMATIC, "tagger")}));
  out += Concat(writer->End());
  EXPECT_EQ(out,
            "document_id,start,end,label,text,attributes,author,kind,score,"
            "model_version\r\n"
            "d1,14,34,attributed_claim,\xE2\x80\x9Cthe bridge is "
            "safe\xE2\x80\x9D,{},tagger,automatic,0.75,2.1\r\n"
            "d1,52,66,disputed,\"It is not\nsafe\","
            "\"{\"\"cue\"\":\"\"said\"\",\"\"source\"\":\"\"Zo\xC3\xAB\"\"}\","
            "bob,human,,\r\n");
}

TEST(CsvWriterTest, DeletedColumnOnlyWhenDeletedAreIncluded) {
  const v1::Document doc = Doc("d1", SampleText());
  v1::Annotation gone = Span(doc, "Monday", "opinion", v1::GOLD, "judy");
  gone.set_deleted(true);
  ExportOptions options;
  options.include_deleted = true;
  auto writer = NewCsvWriter(options);
  std::string out = Concat(writer->Begin());
  out += Concat(writer->Document(doc, {gone}));
  EXPECT_EQ(out,
            "document_id,start,end,label,text,attributes,author,kind,score,"
            "model_version,deleted\r\n"
            "d1,38,44,opinion,Monday,{},judy,gold,,,true\r\n");
}

TEST(CsvWriterTest, DocumentWithoutSpansWritesNothing) {
  auto writer = NewCsvWriter({});
  EXPECT_TRUE(writer->Document(Doc("d", "text"), {}).empty());
}

}  // namespace
}  // namespace spanlab::dataset
