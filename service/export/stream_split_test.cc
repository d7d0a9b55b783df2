// Tests of the record splitters on input cut into chunks at every possible
// place, since a gRPC stream may split a file anywhere.
#include "service/export/stream_split.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace spanlab::dataset {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

struct Seen {
  int64_t line;
  int64_t index;
  std::string text;
  bool too_long;
  bool operator==(const Seen& o) const {
    return line == o.line && index == o.index && text == o.text &&
           too_long == o.too_long;
  }
};

void PrintTo(const Seen& s, std::ostream* os) {
  *os << "{" << s.line << ", " << s.index << ", \"" << s.text << "\", "
      << s.too_long << "}";
}

std::vector<Seen> Lines(const std::string& input, size_t chunk,
                        size_t max = 100) {
  std::vector<Seen> out;
  LineSplitter splitter(max);
  const RecordSink sink = [&](const StreamRecord& r) {
    out.push_back({r.line, r.index, std::string(r.text), r.too_long});
  };
  for (size_t i = 0; i < input.size(); i += chunk) {
    splitter.Feed(absl::string_view(input).substr(i, chunk), sink);
  }
  splitter.Finish(sink);
  return out;
}

TEST(LineSplitterTest, SameLinesWhateverTheChunks) {
  const std::string input =
      "\xEF\xBB\xBF{\"a\":1}\r\n\n{\"b\":\"\xF0\x9F\x98\x80\"}\nlast";
  for (size_t chunk = 1; chunk <= input.size(); ++chunk) {
    EXPECT_THAT(
        Lines(input, chunk),
        ElementsAre(Seen{1, 1, "{\"a\":1}", false}, Seen{2, 2, "", false},
                    Seen{3, 3, "{\"b\":\"\xF0\x9F\x98\x80\"}", false},
                    Seen{4, 4, "last", false}))
        << "chunk " << chunk;
  }
}

TEST(LineSplitterTest, TooLongLinesAreReportedAndSkipped) {
  EXPECT_THAT(Lines("short\n0123456789\nok\n", 3, 5),
              ElementsAre(Seen{1, 1, "short", false}, Seen{2, 2, "", true},
                          Seen{3, 3, "ok", false}));
}

struct ArrayRun {
  std::vector<Seen> elements;
  std::string error;
};

ArrayRun Elements(const std::string& input, size_t chunk, size_t max = 200) {
  ArrayRun run;
  JsonArraySplitter splitter(max);
  const RecordSink sink = [&](const StreamRecord& r) {
    run.elements.push_back({r.line, r.index, std::string(r.text), r.too_long});
  };
  for (size_t i = 0; i < input.size(); i += chunk) {
    absl::Status s =
        splitter.Feed(absl::string_view(input).substr(i, chunk), sink);
    if (!s.ok() && run.error.empty()) run.error = std::string(s.message());
  }
  absl::Status s = splitter.Finish(sink);
  if (!s.ok() && run.error.empty()) run.error = std::string(s.message());
  return run;
}

TEST(JsonArraySplitterTest, ElementsWithTrickyStringsWhateverTheChunks) {
  const std::string input =
      "\xEF\xBB\xBF [\n{\"t\": \"a ] , { \\\" [\"},\n  {\"n\": [1, {\"x\": "
      "2}]}\n,3 ]\n";
  for (size_t chunk = 1; chunk <= input.size(); ++chunk) {
    ArrayRun run = Elements(input, chunk);
    EXPECT_EQ(run.error, "") << "chunk " << chunk;
    EXPECT_THAT(run.elements,
                ElementsAre(Seen{2, 1, "{\"t\": \"a ] , { \\\" [\"}", false},
                            Seen{3, 2, "{\"n\": [1, {\"x\": 2}]}\n", false},
                            Seen{4, 3, "3 ", false}))
        << "chunk " << chunk;
  }
}

TEST(JsonArraySplitterTest, EmptyArrayAndTooLongElements) {
  EXPECT_THAT(Elements(" [ ] ", 2).elements, ElementsAre());
  EXPECT_EQ(Elements(" [ ] ", 2).error, "");
  ArrayRun run = Elements("[{\"long\": \"0123456789\"}, {}]", 4, 10);
  EXPECT_EQ(run.error, "");
  EXPECT_THAT(run.elements,
              ElementsAre(Seen{1, 1, "", true}, Seen{1, 2, "{}", false}));
}

TEST(JsonArraySplitterTest, StructuralErrorsNameTheLine) {
  EXPECT_THAT(Elements("{\"a\": 1}", 3).error,
              HasSubstr("line 1: expected '[' before anything else"));
  EXPECT_THAT(Elements("[{}]\n\nx", 3).error,
              HasSubstr("line 3: unexpected text after the closing ']'"));
  EXPECT_THAT(Elements("[{}, {}", 3).error,
              HasSubstr("the array is not closed with ']'"));
  EXPECT_THAT(Elements("[{},,{}]", 3).error,
              HasSubstr("expected a task, found ',' or ']'"));
  EXPECT_THAT(Elements("", 3).error, HasSubstr("the file holds no JSON array"));
}

}  // namespace
}  // namespace spanlab::dataset
