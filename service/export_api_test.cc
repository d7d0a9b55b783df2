// Tests of ExportApi::Export against a real RocksDB store: layer selection
// and permissions, filters, tombstones and rejected suggestions, the
// one-layer rule of CoNLL, chunking and progress counters, and a client
// that goes away.
#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "service/export_test_fixture.h"

namespace spanlab::export_testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::UnorderedElementsAre;
using testing_support::StatusIs;

class ExportApiTest : public ExportFixture {
 protected:
  // (document, author, label, start) of every span of a JSONL export.
  std::vector<std::string> Spans(const ExportResult& result) {
    std::vector<std::string> out;
    for (absl::string_view line : absl::StrSplit(
             result.files.at("export.jsonl"), '\n', absl::SkipEmpty())) {
      const nlohmann::json doc = nlohmann::json::parse(line);
      for (const auto& s : doc["spans"]) {
        out.push_back(absl::StrCat(
            doc["id"].get<std::string>(), " ", s["author"].get<std::string>(),
            " ", s["label"].get<std::string>(), " ", s["start"].get<int>()));
      }
    }
    return out;
  }
};

TEST_F(ExportApiTest, JsonlCoversEveryDocumentInIdOrderWithProgress) {
  ExportResult r = Export(admin_, v1::JSONL);
  ASSERT_THAT(r.status, IsOk());
  EXPECT_THAT(r.order, ElementsAre("export.jsonl"));
  std::vector<std::string> ids;
  for (absl::string_view line :
       absl::StrSplit(r.files["export.jsonl"], '\n', absl::SkipEmpty())) {
    ids.push_back(nlohmann::json::parse(line)["id"]);
  }
  EXPECT_THAT(ids, ElementsAre("a-emoji", "b-plain", "c-empty"));
  // Small documents share a chunk.
  ASSERT_EQ(r.chunks.size(), 1u);
  EXPECT_EQ(r.chunks[0].documents_done(), 3);
  EXPECT_EQ(r.chunks[0].documents_total(), 3);
  // Live, unrejected spans: alice, bob x2, tagger (Monday), judy; alice's
  // on b-plain.
  EXPECT_EQ(r.chunks[0].annotations_done(), 6);
  EXPECT_THAT(Spans(r), ElementsAre("a-emoji alice attributed_claim 14",
                                    "a-emoji bob attributed_claim 14",
                                    "a-emoji judy attributed_claim 14",
                                    "a-emoji tagger opinion 38",
                                    "a-emoji bob disputed 51",
                                    "b-plain alice attributed_claim 0"));
}

TEST_F(ExportApiTest, LayerSelection) {
  EXPECT_THAT(Spans(Export(admin_, v1::JSONL, v1::HUMAN, "alice")),
              ElementsAre("a-emoji alice attributed_claim 14",
                          "b-plain alice attributed_claim 0"));
  EXPECT_THAT(Spans(Export(admin_, v1::JSONL, v1::GOLD)),
              ElementsAre("a-emoji judy attributed_claim 14"));
  EXPECT_THAT(Spans(Export(judy_, v1::JSONL, v1::AUTOMATIC)),
              ElementsAre("a-emoji tagger opinion 38"));
  EXPECT_THAT(
      Spans(Export(admin_, v1::JSONL, v1::HUMAN)),
      ElementsAre("a-emoji alice attributed_claim 14",
                  "a-emoji bob attributed_claim 14", "a-emoji bob disputed 51",
                  "b-plain alice attributed_claim 0"));
}

TEST_F(ExportApiTest, AnAnnotatorExportsOnlyTheirLayerAndSuggestions) {
  EXPECT_THAT(
      Spans(Export(alice_, v1::JSONL)),
      ElementsAre("a-emoji alice attributed_claim 14",
                  "a-emoji tagger opinion 38", "a-emoji tagger opinion 69",
                  "b-plain alice attributed_claim 0"));
  // Bob rejected "she said": it is gone from his export only.
  EXPECT_THAT(Spans(Export(bob_, v1::JSONL)),
              Not(::testing::Contains(HasSubstr("tagger opinion 69"))));
  EXPECT_THAT(
      Export(alice_, v1::JSONL, v1::HUMAN, "bob").status,
      StatusIs(absl::StatusCode::kPermissionDenied, HasSubstr("author=bob")));
  EXPECT_THAT(Export(alice_, v1::JSONL, v1::GOLD).status,
              StatusIs(absl::StatusCode::kPermissionDenied, HasSubstr("gold")));
  ExportResult model = Export(tagger_, v1::JSONL);
  EXPECT_THAT(model.status, StatusIs(absl::StatusCode::kPermissionDenied,
                                     HasSubstr("MODEL")));
  EXPECT_TRUE(model.chunks.empty());
}

TEST_F(ExportApiTest, OnlyRejectionsHideSuggestionsNotAcceptances) {
  const std::string a = DocumentName("news", "a-emoji");
  const std::string monday =
      Label(tagger_, a, "on Monday", "opinion", {}, "2.2", 0.9).name();
  v1::AcceptSuggestionRequest accept;
  accept.set_name(monday);
  ASSERT_THAT(api_->AcceptSuggestion(alice_, accept), IsOk());
  // Judy (an adjudicator) rejects what alice accepted.
  v1::RejectSuggestionRequest reject;
  reject.set_name(monday);
  ASSERT_THAT(api_->RejectSuggestion(judy_, reject), IsOk());
  const auto has_it = [](const ExportResult& r) {
    return absl::StrContains(r.files.at("export.jsonl"),
                             "\"model_version\":\"2.2\"");
  };
  // Alice accepted it: it stays in her export.
  EXPECT_TRUE(has_it(Export(alice_, v1::JSONL)));
  EXPECT_THAT(Spans(Export(alice_, v1::JSONL)),
              ::testing::Contains("a-emoji alice opinion 35"));
  // Judy's rejection counts for everybody who sees every layer.
  EXPECT_FALSE(has_it(Export(judy_, v1::JSONL)));
  EXPECT_FALSE(has_it(Export(admin_, v1::JSONL, v1::AUTOMATIC)));
  EXPECT_FALSE(has_it(Export(admin_, v1::JSONL, v1::AUTOMATIC, "tagger")));
  v1::ExportRequest r;
  r.set_format(v1::JSONL);
  r.set_include_rejected(true);
  EXPECT_TRUE(has_it(Export(admin_, r)));
}

TEST_F(ExportApiTest, RejectedSuggestionsAndTombstonesOnlyWhenAskedFor) {
  v1::ExportRequest r;
  r.set_format(v1::JSONL);
  r.set_include_rejected(true);
  r.set_include_deleted(true);
  r.add_document_ids("a-emoji");
  ExportResult all = Export(admin_, r);
  ASSERT_THAT(all.status, IsOk());
  EXPECT_THAT(Spans(all), ::testing::Contains("a-emoji tagger opinion 69"));
  EXPECT_THAT(Spans(all), ::testing::Contains("a-emoji alice opinion 35"));
  EXPECT_THAT(all.files["export.jsonl"], HasSubstr("\"deleted\":true"));
  r.set_format(v1::BRAT);
  EXPECT_THAT(Export(admin_, r).status,
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("include_deleted: the BRAT format")));
}

TEST_F(ExportApiTest, DocumentAndLabelFilters) {
  v1::ExportRequest r;
  r.set_format(v1::JSONL);
  r.add_document_ids("c-empty");
  r.add_document_ids("a-emoji");
  r.add_document_ids("c-empty");
  r.add_labels("disputed");
  ExportResult result = Export(admin_, r);
  ASSERT_THAT(result.status, IsOk());
  EXPECT_THAT(Spans(result), ElementsAre("a-emoji bob disputed 51"));
  EXPECT_EQ(result.chunks.back().documents_total(), 2);
  r.add_document_ids("missing");
  EXPECT_THAT(Export(admin_, r).status,
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("missing")));
  r.clear_document_ids();
  r.add_labels("nonsense");
  ExportResult bad = Export(admin_, r);
  EXPECT_THAT(bad.status, StatusIs(absl::StatusCode::kInvalidArgument,
                                   HasSubstr("labels[1]=\"nonsense\"")));
  EXPECT_TRUE(bad.chunks.empty());
}

TEST_F(ExportApiTest, RequestErrors) {
  EXPECT_THAT(Export(admin_, v1::DATASET_FORMAT_UNSPECIFIED).status,
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("format=0: required")));
  v1::ExportRequest r;
  r.set_format(v1::CSV);
  r.set_parent("projects/nope");
  EXPECT_THAT(Export(admin_, r).status,
              StatusIs(absl::StatusCode::kNotFound, ::testing::_));
  r.set_parent("bad name");
  EXPECT_THAT(
      Export(admin_, r).status,
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("parent")));
}

TEST_F(ExportApiTest, ConllNeedsOneLayer) {
  EXPECT_THAT(Export(admin_, v1::CONLL).status,
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("covers one layer")));
  EXPECT_THAT(Export(admin_, v1::CONLL, v1::HUMAN).status,
              StatusIs(absl::StatusCode::kInvalidArgument, ::testing::_));
  ExportResult r = Export(admin_, v1::CONLL, v1::HUMAN, "bob");
  ASSERT_THAT(r.status, IsOk());
  EXPECT_THAT(r.files["export.conll"],
              HasSubstr("\xE2\x80\x9C\tB-disputed\nIt\tI-disputed\n"));
  EXPECT_THAT(Export(admin_, v1::CONLL, v1::GOLD).status, IsOk());
}

TEST_F(ExportApiTest, BratWritesEveryDocumentsFilesAndTheConf) {
  ExportResult r = Export(admin_, v1::BRAT, v1::HUMAN, "alice");
  ASSERT_THAT(r.status, IsOk());
  EXPECT_THAT(r.order, ElementsAre("annotation.conf", "a-emoji.txt",
                                   "a-emoji.ann", "b-plain.txt", "b-plain.ann",
                                   "c-empty.txt", "c-empty.ann"));
  EXPECT_EQ(r.files["a-emoji.txt"], EmojiText());
  EXPECT_EQ(r.files["c-empty.ann"], "");
  EXPECT_THAT(r.files["a-emoji.ann"],
              HasSubstr("T1\tattributed_claim 14 34\t"));
}

TEST_F(ExportApiTest, CsvDocumentWithoutSpansStillReportsProgress) {
  // 150 more documents without spans: they write nothing, yet the counts
  // move every 100 documents, and a chunk with only the counts ends it.
  for (int i = 0; i < 150; ++i) {
    CreateDocument("news", absl::StrCat("d-", 1000 + i),
                   absl::StrCat("Text number ", i, "."));
  }
  ExportResult r = Export(admin_, v1::CSV, v1::HUMAN, "alice");
  ASSERT_THAT(r.status, IsOk());
  ASSERT_EQ(r.chunks.size(), 2u);
  EXPECT_EQ(r.chunks[0].file_name(), "export.csv");
  EXPECT_EQ(r.chunks[0].documents_done(), 100);
  EXPECT_EQ(r.chunks[0].annotations_done(), 2);
  const v1::ExportChunk& last = r.chunks.back();
  EXPECT_EQ(last.file_name(), "");
  EXPECT_EQ(last.data(), "");
  EXPECT_EQ(last.documents_done(), 153);
  EXPECT_EQ(last.documents_total(), 153);
  EXPECT_EQ(last.annotations_done(), 2);
  EXPECT_EQ(r.files.size(), 1u);
}

TEST_F(ExportApiTest, ChunksHoldManyDocumentsAndCountThoseTheyComplete) {
  // News-sized documents and one larger than a chunk.
  std::vector<std::string> ids = {"a-emoji", "b-plain", "c-empty"};
  for (int i = 0; i < 20; ++i) {
    std::string text = absl::StrCat("Article ", i, ":");
    const size_t size = i == 10 ? (5u << 19) : (60u << 10);
    while (text.size() < size) text += " \xE2\x80\x9CQuote\xE2\x80\x9D \"x\"\n";
    ids.push_back(absl::StrCat("e-", 10 + i));
    CreateDocument("news", ids.back(), text);
  }
  ExportResult r = Export(admin_, v1::JSONL);
  ASSERT_THAT(r.status, IsOk());
  EXPECT_GT(r.chunks.size(), 4u);
  EXPECT_LT(r.chunks.size(), ids.size());
  std::string so_far;
  int64_t annotations = 0;
  for (const v1::ExportChunk& c : r.chunks) {
    EXPECT_EQ(c.file_name(), "export.jsonl");
    EXPECT_LE(c.data().size(), 1u << 20);
    so_far += c.data();
    // One line per document: the documents counted are the lines ended.
    EXPECT_EQ(c.documents_done(),
              std::count(so_far.begin(), so_far.end(), '\n'));
    EXPECT_EQ(c.documents_total(), static_cast<int64_t>(ids.size()));
    EXPECT_GE(c.annotations_done(), annotations);
    annotations = c.annotations_done();
  }
  EXPECT_EQ(r.chunks.back().documents_done(), static_cast<int64_t>(ids.size()));
  EXPECT_EQ(r.chunks.back().annotations_done(), 6);
  // The same bytes as the documents exported one at a time.
  std::string one_by_one;
  for (const std::string& id : ids) {
    v1::ExportRequest single;
    single.set_format(v1::JSONL);
    single.add_document_ids(id);
    ExportResult part = Export(admin_, single);
    ASSERT_THAT(part.status, IsOk());
    one_by_one += part.files["export.jsonl"];
  }
  EXPECT_TRUE(r.files["export.jsonl"] == one_by_one);
}

TEST_F(ExportApiTest, LargeDocumentsArriveInChunksOfAtMostOneMiB) {
  std::string big;
  while (big.size() < (5 << 19)) big += "Word \xF0\x9F\x98\x80 and more. ";
  CreateDocument("news", "d-big", big);
  v1::ExportRequest r;
  r.set_format(v1::BRAT);
  r.add_document_ids("d-big");
  ExportResult result = Export(admin_, r);
  ASSERT_THAT(result.status, IsOk());
  int txt_chunks = 0;
  for (const auto& c : result.chunks) {
    EXPECT_LE(c.data().size(), 1u << 20);
    txt_chunks += c.file_name() == "d-big.txt";
  }
  EXPECT_EQ(txt_chunks, 3);
  EXPECT_EQ(result.files["d-big.txt"], big);
}

TEST_F(ExportApiTest, StopsWhenTheClientGoesAway) {
  v1::ExportRequest r;
  // brat: every file is a chunk of its own, so the export has many.
  r.set_format(v1::BRAT);
  ExportResult result = Export(admin_, r, /*stop_after=*/1);
  EXPECT_THAT(result.status,
              StatusIs(absl::StatusCode::kCancelled, ::testing::_));
  EXPECT_EQ(result.chunks.size(), 1u);
}

TEST_F(ExportApiTest, LabelStudioOffsetsInEitherUnit) {
  v1::ExportRequest r;
  r.set_format(v1::LABELSTUDIO);
  r.set_kind(v1::HUMAN);
  r.set_author("bob");
  r.add_document_ids("a-emoji");
  const auto start_of_dispute = [&](const ExportResult& result) {
    const nlohmann::json tasks =
        nlohmann::json::parse(result.files.at("export.json"));
    for (const auto& item : tasks[0]["annotations"][0]["result"]) {
      if (item["value"].contains("labels") &&
          item["value"]["labels"][0] == "disputed") {
        return item["value"]["start"].get<int>();
      }
    }
    return -1;
  };
  EXPECT_EQ(start_of_dispute(Export(admin_, r)), 51);
  r.set_labelstudio_offset_unit(v1::UTF16_CODE_UNITS);
  EXPECT_EQ(start_of_dispute(Export(admin_, r)), 52);
}

}  // namespace
}  // namespace spanlab::export_testing
