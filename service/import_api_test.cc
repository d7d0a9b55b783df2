// Tests of ExportApi::ImportDataset against a real RocksDB store: round
// trips through every importable format, byte-identical JSON lines after
// export -> import -> export, per-record error reports with line numbers,
// all-or-nothing per document, idempotent re-imports, provenance and audit.
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "service/export_test_fixture.h"

namespace spanlab::export_testing {
namespace {

using ::google::protobuf::util::MessageDifferencer;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing_support::StatusIs;

std::vector<std::pair<std::string, std::string>> Files(const ExportResult& r) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const std::string& name : r.order) {
    out.emplace_back(name, r.files.at(name));
  }
  return out;
}

// (line, code, message) of every error, for compact expectations.
std::vector<std::string> Errors(const v1::ImportDatasetResponse& r) {
  std::vector<std::string> out;
  for (const auto& e : r.errors()) {
    out.push_back(absl::StrCat(
        e.file(), ":", e.line(), ": ", e.document_id(), ": ",
        absl::StatusCodeToString(static_cast<absl::StatusCode>(e.code())), ": ",
        e.message()));
  }
  return out;
}

class ImportApiTest : public ExportFixture {
 protected:
  // Text and spans of every document of a JSONL export, without titles and
  // metadata (which brat does not carry).
  std::vector<std::string> Content(const ExportResult& r) {
    std::vector<std::string> out;
    for (absl::string_view line :
         absl::StrSplit(r.files.at("export.jsonl"), '\n', absl::SkipEmpty())) {
      const nlohmann::json doc = nlohmann::json::parse(line);
      out.push_back(doc["id"].dump() + doc["text"].dump() +
                    doc["spans"].dump());
    }
    return out;
  }
};

TEST_F(ImportApiTest, JsonlExportImportExportGivesIdenticalBytes) {
  const ExportResult first = Export(admin_, v1::JSONL);
  ASSERT_THAT(first.status, IsOk());
  CreateProject("copy");
  auto response = Import(admin_, "copy", v1::JSONL, Files(first));
  ASSERT_THAT(response, IsOk());
  EXPECT_THAT(Errors(*response), ElementsAre());
  EXPECT_EQ(response->documents_created(), 3);
  EXPECT_EQ(response->annotations_created(), 6);
  v1::ExportRequest again;
  again.set_parent("projects/copy");
  again.set_format(v1::JSONL);
  const ExportResult second = Export(admin_, again);
  ASSERT_THAT(second.status, IsOk());
  EXPECT_EQ(second.files.at("export.jsonl"), first.files.at("export.jsonl"));
}

TEST_F(ImportApiTest, EveryImportableFormatRoundTrips) {
  const std::vector<std::string> expected = Content(Export(admin_, v1::JSONL));
  const std::vector<std::pair<v1::DatasetFormat, v1::OffsetUnit>> formats = {
      {v1::JSONL, v1::OFFSET_UNIT_UNSPECIFIED},
      {v1::BRAT, v1::OFFSET_UNIT_UNSPECIFIED},
      {v1::LABELSTUDIO, v1::CODE_POINTS},
      {v1::LABELSTUDIO, v1::UTF16_CODE_UNITS}};
  int n = 0;
  for (const auto& [format, unit] : formats) {
    SCOPED_TRACE(v1::DatasetFormat_Name(format));
    const std::string project = absl::StrCat("copy", ++n);
    CreateProject(project);
    v1::ExportRequest r;
    r.set_format(format);
    r.set_labelstudio_offset_unit(unit);
    const ExportResult out = Export(admin_, r);
    ASSERT_THAT(out.status, IsOk());
    auto response = Import(admin_, project, format, Files(out), unit, 37);
    ASSERT_THAT(response, IsOk());
    EXPECT_THAT(Errors(*response), ElementsAre());
    EXPECT_EQ(response->documents_created(), 3);
    v1::ExportRequest back;
    back.set_parent(ProjectName(project));
    back.set_format(v1::JSONL);
    EXPECT_EQ(Content(Export(admin_, back)), expected);
  }
}

TEST_F(ImportApiTest, MalformedJsonlReportsEachBadRecordAndKeepsTheGood) {
  const std::vector<v1::Annotation> before = Stored("news", "a-emoji");
  const std::string file =
      R"({"id": "d-new", "text": "Kim said yes.", "spans": [{"start": 9, "end": 12, "label": "attributed_claim", "author": "bob"}]})"
      "\n"
      R"({"id": "bad-json", "text": )"
      "\n"
      R"({"id": "d-badspan", "text": "Lee said no.", "spans": [{"start": 9, "end": 11, "label": "opinion"}, {"start": 0, "end": 3, "label": "nonsense"}, {"start": 4, "end": 999, "label": "opinion"}]})"
      "\n\n"
      R"({"id": "a-emoji", "text": "Another text entirely."})"
      "\n"
      R"({"id": "d-overlap", "text": "One two three.", "spans": [{"start": 0, "end": 7, "label": "opinion", "author": "alice"}, {"start": 4, "end": 13, "label": "opinion", "author": "alice"}]})"
      "\n";
  auto response = Import(admin_, "news", v1::JSONL, {{"in.jsonl", file}});
  ASSERT_THAT(response, IsOk());
  EXPECT_EQ(response->documents_created(), 1);
  EXPECT_EQ(response->documents_failed(), 4);
  EXPECT_EQ(response->annotations_created(), 1);
  EXPECT_THAT(
      Errors(*response),
      ElementsAre(
          HasSubstr("in.jsonl:2: : INVALID_ARGUMENT: not valid JSON"),
          "in.jsonl:3: d-badspan: INVALID_ARGUMENT: spans[1].label="
          "\"nonsense\": not in the project's schema (attributed_claim, "
          "opinion, disputed)",
          "in.jsonl:3: d-badspan: INVALID_ARGUMENT: spans[2].end=999: past "
          "the end of the document (length 12 code points)",
          HasSubstr("in.jsonl:5: a-emoji: ALREADY_EXISTS: document_id="
                    "\"a-emoji\": the project holds this id with a different "
                    "text"),
          HasSubstr("in.jsonl:6: d-overlap: FAILED_PRECONDITION: spans[1]: "
                    "[4,13) overlaps [0,7) opinion (spans[0])")));
  EXPECT_EQ(Stored("news", "d-new").size(), 1u);
  EXPECT_EQ(Stored("news", "d-new")[0].author(), "bob");
  for (const char* absent : {"d-badspan", "d-overlap"}) {
    v1::GetDocumentRequest get;
    get.set_name(DocumentName("news", absent));
    EXPECT_THAT(api_->GetDocument(admin_, get),
                StatusIs(absl::StatusCode::kNotFound, ::testing::_));
  }
  const std::vector<v1::Annotation> after = Stored("news", "a-emoji");
  ASSERT_EQ(after.size(), before.size());
  for (size_t i = 0; i < after.size(); ++i) {
    EXPECT_TRUE(MessageDifferencer::Equals(after[i], before[i]))
        << after[i].DebugString();
  }
}

TEST_F(ImportApiTest, ReimportIsIdempotentAndKeepsProvenance) {
  const ExportResult out = Export(admin_, v1::JSONL);
  CreateProject("copy");
  ASSERT_THAT(Import(admin_, "copy", v1::JSONL, Files(out)), IsOk());
  auto again = Import(admin_, "copy", v1::JSONL, Files(out));
  ASSERT_THAT(again, IsOk());
  EXPECT_EQ(again->documents_created(), 0);
  EXPECT_EQ(again->documents_reused(), 3);
  EXPECT_EQ(again->annotations_created(), 0);
  EXPECT_EQ(again->annotations_unchanged(), 6);
  const std::vector<v1::Annotation> stored = Stored("copy", "a-emoji");
  ASSERT_EQ(stored.size(), 5u);
  bool saw_model = false;
  for (const auto& a : stored) {
    EXPECT_EQ(a.revision(), 1);
    if (a.kind() == v1::AUTOMATIC) {
      saw_model = true;
      EXPECT_EQ(a.author(), "tagger");
      EXPECT_EQ(a.model_version(), "2.1");
      EXPECT_EQ(a.score(), 0.8);
    }
  }
  EXPECT_TRUE(saw_model);
  v1::ListAuditLogRequest audit;
  audit.set_parent(DocumentName("copy", "a-emoji"));
  auto log = api_->ListAuditLog(admin_, audit);
  ASSERT_THAT(log, IsOk());
  int creates = 0;
  for (const auto& e : log->entries()) {
    if (e.action() != "create" || !e.has_after()) continue;
    ++creates;
    EXPECT_EQ(e.actor(), "admin");
  }
  EXPECT_EQ(creates, 5);
}

TEST_F(ImportApiTest, ExistingDocumentWithTheSameTextGetsTheSpans) {
  auto response = Import(
      admin_, "news", v1::JSONL,
      {{"more.jsonl",
        R"({"id": "c-empty", "text": "Nothing labeled here.", "spans": [{"start": 0, "end": 7, "label": "opinion", "kind": "gold", "author": "judy"}]})"}});
  ASSERT_THAT(response, IsOk());
  EXPECT_EQ(response->documents_reused(), 1);
  EXPECT_EQ(response->annotations_created(), 1);
  const auto stored = Stored("news", "c-empty");
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(stored[0].kind(), v1::GOLD);
  EXPECT_EQ(stored[0].text(), "Nothing");
}

TEST_F(ImportApiTest, RecordsWithoutIdGetOneDerivedFromTheText) {
  const std::string line =
      R"({"text": "Prodigy style.", "spans": [{"start": 0, "end": 7, "label": "opinion", "token_start": 0}]})";
  auto first = Import(admin_, "news", v1::JSONL, {{"p.jsonl", line}});
  ASSERT_THAT(first, IsOk());
  EXPECT_EQ(first->documents_created(), 1);
  auto second = Import(admin_, "news", v1::JSONL, {{"p.jsonl", line}});
  ASSERT_THAT(second, IsOk());
  EXPECT_EQ(second->documents_reused(), 1);
  EXPECT_EQ(second->annotations_unchanged(), 1);
  v1::ListDocumentsRequest list;
  list.set_parent("projects/news");
  auto docs = api_->ListDocuments(admin_, list);
  ASSERT_THAT(docs, IsOk());
  int derived = 0;
  for (const auto& d : docs->documents()) {
    if (absl::StartsWith(d.document_id(), "doc-")) {
      ++derived;
      EXPECT_EQ(d.document_id().size(), 20u);
      EXPECT_EQ(Stored("news", d.document_id())[0].author(), "admin");
    }
  }
  EXPECT_EQ(derived, 1);
}

TEST_F(ImportApiTest, BratRelationsBecomeLinks) {
  CreateProject("copy");
  auto response =
      Import(admin_, "copy", v1::BRAT,
             {{"annotation.conf", "[entities]\n"},
              {"d.txt", "Ann said it. Bob denied it."},
              {"d.ann",
               "T1\tattributed_claim 9 11\tit\nT2\tdisputed 24 26\tit\n"
               "R1\tdisputes Arg1:T2 Arg2:T1\n"}});
  ASSERT_THAT(response, IsOk());
  EXPECT_THAT(Errors(*response), ElementsAre());
  const auto stored = Stored("copy", "d");
  ASSERT_EQ(stored.size(), 2u);
  EXPECT_EQ(stored[0].author(), "admin");
  ASSERT_EQ(stored[1].links_size(), 1);
  EXPECT_EQ(stored[1].links(0).type(), "disputes");
  EXPECT_EQ(stored[1].links(0).target(), stored[0].name());
}

TEST_F(ImportApiTest, Utf16FileReadAsCodePointsStoresNothing) {
  v1::ExportRequest r;
  r.set_format(v1::LABELSTUDIO);
  r.set_labelstudio_offset_unit(v1::UTF16_CODE_UNITS);
  r.add_document_ids("a-emoji");
  const ExportResult out = Export(admin_, r);
  CreateProject("copy");
  auto response =
      Import(admin_, "copy", v1::LABELSTUDIO, Files(out), v1::CODE_POINTS);
  ASSERT_THAT(response, IsOk());
  EXPECT_EQ(response->documents_failed(), 1);
  ASSERT_GT(response->errors_size(), 0);
  EXPECT_EQ(response->errors(0).task(), 1);
  EXPECT_THAT(response->errors(0).message(),
              HasSubstr("counted in UTF-16 code units they would match"));
  v1::GetDocumentRequest get;
  get.set_name(DocumentName("copy", "a-emoji"));
  EXPECT_THAT(api_->GetDocument(admin_, get),
              StatusIs(absl::StatusCode::kNotFound, ::testing::_));
}

TEST_F(ImportApiTest, CallErrors) {
  const std::vector<std::pair<std::string, std::string>> file = {
      {"f.jsonl", "{\"text\": \"x\"}"}};
  EXPECT_THAT(
      Import(judy_, "news", v1::JSONL, file),
      StatusIs(absl::StatusCode::kPermissionDenied, HasSubstr("ADMIN")));
  EXPECT_THAT(
      Import(admin_, "news", v1::CSV, file),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("format=CSV")));
  EXPECT_THAT(Import(admin_, "nope", v1::JSONL, file),
              StatusIs(absl::StatusCode::kNotFound, ::testing::_));
  EXPECT_THAT(Import(admin_, "news", v1::JSONL, {}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("the stream is empty")));
  std::vector<v1::ImportChunk> chunks(2);
  chunks[0].set_parent("projects/news");
  chunks[0].set_format(v1::JSONL);
  chunks[0].set_data("{\"id\": \"z1\", \"text\": \"z one\"}\n");
  chunks[1].set_parent("projects/other");
  size_t next = 0;
  auto changed = export_->ImportDataset(admin_, [&](v1::ImportChunk* c) {
    if (next == chunks.size()) return false;
    *c = chunks[next++];
    return true;
  });
  EXPECT_THAT(changed, StatusIs(absl::StatusCode::kInvalidArgument,
                                HasSubstr("chunks[1]")));
}

TEST_F(ImportApiTest, CutShortStreamKeepsStoredRecordsDropsThePendingOne) {
  // The call ends (its deadline passes) after the second brat document's
  // .txt and the first line of its .ann have arrived: the first document
  // is stored whole, the second not at all, not with one of its two spans.
  CreateProject("copy");
  std::vector<v1::ImportChunk> chunks(5);
  chunks[0].set_parent("projects/copy");
  chunks[0].set_format(v1::BRAT);
  chunks[0].set_file_name("d1.txt");
  chunks[0].set_data("Ann said it. Bob denied it.");
  chunks[1].set_file_name("d1.ann");
  chunks[1].set_data("T1\tattributed_claim 9 11\tit\n");
  chunks[2].set_file_name("d2.txt");
  chunks[2].set_data("Cy said so. Di denied so.");
  chunks[3].set_file_name("d2.ann");
  chunks[3].set_data("T1\tattributed_claim 8 10\tso\n");
  chunks[4].set_file_name("d2.ann");
  chunks[4].set_data("T2\tdisputed 22 24\tso\n");
  size_t next = 0;
  bool ended = false;
  auto response = export_->ImportDataset(
      admin_,
      [&](v1::ImportChunk* c) {
        if (next == 4) ended = true;
        if (ended || next == chunks.size()) return false;
        *c = chunks[next++];
        return true;
      },
      [&] {
        return ended ? absl::DeadlineExceededError("deadline passed")
                     : absl::OkStatus();
      });
  EXPECT_THAT(response, StatusIs(absl::StatusCode::kDeadlineExceeded,
                                 HasSubstr("deadline passed")));
  EXPECT_EQ(Stored("copy", "d1").size(), 1u);
  v1::GetDocumentRequest get;
  get.set_name(DocumentName("copy", "d2"));
  EXPECT_THAT(api_->GetDocument(admin_, get),
              StatusIs(absl::StatusCode::kNotFound, ::testing::_));
}

}  // namespace
}  // namespace spanlab::export_testing
