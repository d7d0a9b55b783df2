// Tests of ExportApi::Export against a real RocksDB store: layer selection
// and permissions, filters, tombstones and rejected suggestions, the
// one-layer rule of CoNLL, chunking and progress counters, and a client
// that goes away.
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
  ASSERT_EQ(r.chunks.size(), 3u);
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(r.chunks[i].documents_done(), static_cast<int64_t>(i + 1));
    EXPECT_EQ(r.chunks[i].documents_total(), 3);
  }
  // Live, unrejected spans: alice, bob x2, tagger (Monday), judy; alice's
  // on b-plain.
  EXPECT_EQ(r.chunks[0].annotations_done(), 5);
  EXPECT_EQ(r.chunks[2].annotations_done(), 6);
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
  ExportResult r = Export(admin_, v1::CSV, v1::HUMAN, "alice");
  ASSERT_THAT(r.status, IsOk());
  const v1::ExportChunk& last = r.chunks.back();
  EXPECT_EQ(last.file_name(), "");
  EXPECT_EQ(last.data(), "");
  EXPECT_EQ(last.documents_done(), 3);
  EXPECT_EQ(r.files.size(), 1u);
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
  r.set_format(v1::LABELSTUDIO);
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
