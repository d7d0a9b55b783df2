#include "service/api.h"

#include <atomic>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <future>
#include <initializer_list>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/time_util.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "service/names.h"
#include "service/server.h"
#include "service/validation.h"
#include "spanlab/v1/admin_service.grpc.pb.h"
#include "spanlab/v1/project_service.grpc.pb.h"
#include "storage/rocksdb_store.h"
#include "tests/support/callers.h"
#include "tests/support/proto_matchers.h"
#include "tests/support/status_matchers.h"
#include "tests/support/temp_dir.h"
#include "tests/support/utf8_literals.h"

namespace spanlab {
namespace {

using ::spanlab::testing_support::Caller;
using ::spanlab::testing_support::EqualsProto;
using ::spanlab::testing_support::IsOk;
using ::spanlab::testing_support::StatusIs;
using ::spanlab::testing_support::TempDir;
using ::spanlab::testing_support::Utf8;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::SizeIs;
using ::testing::StartsWith;
using ::testing::UnorderedElementsAreArray;

// Matches a grpc::Status.
MATCHER_P2(GrpcStatusIs, code, message, "") {
  *result_listener << "status is " << arg.error_code() << ": "
                   << arg.error_message();
  return arg.error_code() == code &&
         testing::ExplainMatchResult(message, arg.error_message(),
                                     result_listener);
}

constexpr absl::StatusCode kInvalid = absl::StatusCode::kInvalidArgument;
constexpr absl::StatusCode kDenied = absl::StatusCode::kPermissionDenied;

// The text of the main test document: curly quotes, an apostrophe, an em
// dash, an accented letter and an emoji outside the BMP.
const std::u32string& DocText32() {
  static const std::u32string* const kText = new std::u32string(
      U"Lavrov said \u201CTrump accepted Putin\u2019s assurances\u201D \u2014 "
      U"caf\u00E9 talk \U0001F600. Tillerson said Trump pressed Putin. Putin "
      U"denied it, Putin said.");
  return *kText;
}

// [start, end) in code points of the `occurrence`-th (1-based) `needle` of
// the main document.
std::pair<int64_t, int64_t> Where(std::u32string_view needle,
                                  int occurrence = 1) {
  size_t pos = DocText32().find(needle);
  for (int i = 1; i < occurrence && pos != std::u32string::npos; ++i) {
    pos = DocText32().find(needle, pos + 1);
  }
  EXPECT_NE(pos, std::u32string::npos) << Utf8(needle);
  return {static_cast<int64_t>(pos), static_cast<int64_t>(pos + needle.size())};
}

v1::Annotation Span(int64_t start, int64_t end,
                    const std::string& label = "attributed_claim") {
  v1::Annotation a;
  a.set_start(start);
  a.set_end(end);
  a.set_label(label);
  return a;
}

v1::Annotation Span(std::u32string_view needle,
                    const std::string& label = "attributed_claim",
                    int occurrence = 1) {
  const auto [start, end] = Where(needle, occurrence);
  return Span(start, end, label);
}

std::vector<std::string> Names(const std::vector<v1::Annotation>& as) {
  std::vector<std::string> out;
  for (const auto& a : as) out.push_back(a.name());
  return out;
}

class ApiTest : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = temp_dir_.path();
    RocksDbStoreOptions options;
    options.durability = Durability::kBuffered;
    auto store = RocksDbStore::Open(dir_ + "/db", options);
    ASSERT_THAT(store, IsOk());
    store_ = *std::move(store);
    api_ = std::make_unique<Api>(store_.get(), Limits());

    v1::CreateProjectRequest project;
    project.mutable_project()->set_project_id("g20");
    ASSERT_THAT(api_->CreateProject(admin_, project), IsOk());
    doc_text_ = Utf8(DocText32());
    ASSERT_THAT(CreateDocument("doc", doc_text_), IsOk());
  }

  void TearDown() override {
    api_.reset();
    store_.reset();
  }

  absl::StatusOr<v1::Document> CreateDocument(const std::string& id,
                                              const std::string& text) {
    v1::CreateDocumentRequest r;
    r.set_parent("projects/g20");
    r.mutable_document()->set_document_id(id);
    r.set_text(text);
    return api_->CreateDocument(admin_, r);
  }

  // A document of `n` three-letter words "w00 w01 ...": word i is the span
  // [4i, 4i+3).
  std::string CreateWordsDocument(const std::string& id, int n) {
    std::string text;
    for (int i = 0; i < n; ++i) {
      absl::StrAppend(&text, i == 0 ? "" : " ", "w", i / 10, i % 10);
    }
    EXPECT_THAT(CreateDocument(id, text), IsOk());
    return DocumentName("g20", id);
  }

  absl::StatusOr<v1::Annotation> Create(const Principal& who, v1::Annotation a,
                                        const std::string& parent = "") {
    v1::CreateAnnotationRequest r;
    r.set_parent(parent.empty() ? parent_ : parent);
    *r.mutable_annotation() = std::move(a);
    return api_->CreateAnnotation(who, r);
  }

  absl::StatusOr<v1::Annotation> CreateByQuote(
      const Principal& who, const std::string& quote, int occurrence = 0,
      const std::string& label = "attributed_claim") {
    v1::CreateAnnotationRequest r;
    r.set_parent(parent_);
    r.mutable_annotation()->set_label(label);
    r.set_quote(quote);
    r.set_occurrence(occurrence);
    return api_->CreateAnnotation(who, r);
  }

  absl::StatusOr<v1::Annotation> Get(const Principal& who,
                                     const std::string& name) {
    v1::GetAnnotationRequest r;
    r.set_name(name);
    return api_->GetAnnotation(who, r);
  }

  absl::StatusOr<v1::Annotation> Update(const Principal& who,
                                        const v1::Annotation& a,
                                        std::vector<std::string> paths) {
    v1::UpdateAnnotationRequest r;
    *r.mutable_annotation() = a;
    for (auto& p : paths) r.mutable_update_mask()->add_paths(std::move(p));
    return api_->UpdateAnnotation(who, r);
  }

  absl::StatusOr<v1::Annotation> Delete(const Principal& who,
                                        const std::string& name,
                                        int64_t revision = 0) {
    v1::DeleteAnnotationRequest r;
    r.set_name(name);
    r.set_revision(revision);
    return api_->DeleteAnnotation(who, r);
  }

  // Every page of a listing, or the first error.
  absl::StatusOr<std::vector<v1::Annotation>> List(
      const Principal& who, v1::ListAnnotationsRequest r) {
    if (r.parent().empty()) r.set_parent(parent_);
    std::vector<v1::Annotation> out;
    do {
      auto page = api_->ListAnnotations(who, r);
      if (!page.ok()) return page.status();
      for (const auto& a : page->annotations()) out.push_back(a);
      r.set_page_token(page->next_page_token());
    } while (!r.page_token().empty());
    return out;
  }

  std::vector<v1::Annotation> ListAll(
      const Principal& who, const std::string& author = "",
      v1::AnnotationKind kind = v1::ANNOTATION_KIND_UNSPECIFIED) {
    v1::ListAnnotationsRequest r;
    r.set_author(author);
    r.set_kind(kind);
    auto all = List(who, r);
    EXPECT_THAT(all, IsOk());
    return all.ok() ? *all : std::vector<v1::Annotation>();
  }

  // Everything stored about document `doc`: every annotation (tombstones
  // included) and the audit log.
  std::string Snapshot(const std::string& doc = "doc") {
    v1::ListAnnotationsRequest r;
    r.set_parent(DocumentName("g20", doc));
    r.set_show_deleted(true);
    auto all = List(admin_, r);
    EXPECT_THAT(all, IsOk());
    std::string out;
    if (all.ok()) {
      for (const auto& a : *all) absl::StrAppend(&out, a.DebugString(), "\n");
    }
    absl::StrAppend(&out, "--- audit ---\n");
    auto audit = store_->ReadAudit("g20", doc);
    EXPECT_THAT(audit, IsOk());
    if (audit.ok()) {
      for (const auto& e : *audit) absl::StrAppend(&out, e.DebugString(), "\n");
    }
    return out;
  }

  TempDir temp_dir_;
  std::string dir_;
  std::unique_ptr<RocksDbStore> store_;
  std::unique_ptr<Api> api_;
  std::string doc_text_;
  const std::string parent_ = "projects/g20/documents/doc";
  const Principal admin_ = Caller(v1::ADMIN, "admin");
  const Principal alice_ = Caller(v1::ANNOTATOR, "alice");
  const Principal bob_ = Caller(v1::ANNOTATOR, "bob");
  const Principal judge_ = Caller(v1::ADJUDICATOR, "judge");
  const Principal tagger_ = Caller(v1::MODEL, "tagger");
};

// =============================================================================
// Projects
// =============================================================================

TEST_F(ApiTest, CreateProjectFillsDefaultsAndOutputFields) {
  v1::CreateProjectRequest r;
  r.mutable_project()->set_project_id("news");
  r.mutable_project()->set_name("projects/forged");
  r.mutable_project()->set_document_count(99);
  auto p = api_->CreateProject(admin_, r);
  ASSERT_THAT(p, IsOk());
  EXPECT_EQ(p->name(), "projects/news");
  EXPECT_EQ(p->overlap(), 2);
  EXPECT_EQ(p->document_count(), 0);
  EXPECT_EQ(p->schema().preset(), "news-attribution");
  EXPECT_EQ(p->schema().labels_size(), 3);
  EXPECT_GT(p->create_time().seconds(), 0);

  v1::GetProjectRequest get;
  get.set_name("projects/news");
  auto stored = api_->GetProject(alice_, get);
  ASSERT_THAT(stored, IsOk());
  EXPECT_THAT(*stored, EqualsProto(*p));
}

TEST_F(ApiTest, CreateProjectIsAdminOnly) {
  for (const Principal& who : {alice_, judge_, tagger_}) {
    SCOPED_TRACE(who.annotator_id());
    v1::CreateProjectRequest r;
    r.mutable_project()->set_project_id("mine");
    EXPECT_THAT(api_->CreateProject(who, r),
                StatusIs(kDenied,
                         AllOf(StartsWith("CreateProject needs the ADMIN role"),
                               HasSubstr(who.annotator_id()))));
  }
  v1::GetProjectRequest get;
  get.set_name("projects/mine");
  EXPECT_THAT(api_->GetProject(admin_, get),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("\"mine\"")));
}

TEST_F(ApiTest, CreateProjectErrors) {
  v1::CreateProjectRequest r;
  r.mutable_project()->set_project_id("g20");
  EXPECT_THAT(api_->CreateProject(admin_, r),
              StatusIs(absl::StatusCode::kAlreadyExists,
                       StartsWith("project.project_id: ")));
  r.mutable_project()->set_project_id("G20");
  EXPECT_THAT(api_->CreateProject(admin_, r),
              StatusIs(kInvalid, StartsWith("project.project_id=\"G20\"")));
  r.mutable_project()->set_project_id("other");
  r.mutable_project()->set_overlap(100);
  EXPECT_THAT(api_->CreateProject(admin_, r),
              StatusIs(kInvalid, StartsWith("project.overlap=100")));
}

TEST_F(ApiTest, GetAndListProjects) {
  v1::GetProjectRequest get;
  get.set_name("g20");
  EXPECT_THAT(api_->GetProject(alice_, get),
              StatusIs(kInvalid, StartsWith("name=\"g20\"")));
  v1::ListProjectsRequest list;
  auto page = api_->ListProjects(alice_, list);
  ASSERT_THAT(page, IsOk());
  ASSERT_EQ(page->projects_size(), 1);
  EXPECT_EQ(page->projects(0).name(), "projects/g20");
  EXPECT_EQ(page->projects(0).document_count(), 1);
  list.set_page_size(-1);
  EXPECT_THAT(api_->ListProjects(alice_, list),
              StatusIs(kInvalid, StartsWith("page_size=-1")));
}

// =============================================================================
// Documents
// =============================================================================

TEST_F(ApiTest, CreateAndGetDocumentKeepTheTextByteForByte) {
  v1::GetDocumentRequest get;
  get.set_name(parent_);
  auto doc = api_->GetDocument(alice_, get);
  ASSERT_THAT(doc, IsOk());
  EXPECT_EQ(doc->text(), doc_text_);
  EXPECT_EQ(doc->text().size(), doc_text_.size());
  EXPECT_EQ(doc->length(), static_cast<int64_t>(DocText32().size()));
  EXPECT_LT(doc->length(), static_cast<int64_t>(doc_text_.size()));
  EXPECT_EQ(doc->content_hash(), Sha256Hex(doc_text_));
  EXPECT_EQ(doc->name(), parent_);
  EXPECT_EQ(doc->document_id(), "doc");
}

TEST_F(ApiTest, CreateDocumentReturnsWhatIsStored) {
  v1::CreateDocumentRequest r;
  r.set_parent("projects/g20");
  r.mutable_document()->set_document_id("d2");
  r.mutable_document()->set_title("\u201CTitle\u201D \U0001F600");
  r.mutable_document()->set_name("projects/evil/documents/x");
  (*r.mutable_document()->mutable_metadata())["lang"] = "en";
  r.set_text("\u201Cabc\u201D \U0001F600");
  auto created = api_->CreateDocument(admin_, r);
  ASSERT_THAT(created, IsOk());
  EXPECT_EQ(created->name(), "projects/g20/documents/d2");
  EXPECT_EQ(created->length(), 7);
  v1::GetDocumentRequest get;
  get.set_name(created->name());
  auto stored = api_->GetDocument(bob_, get);
  ASSERT_THAT(stored, IsOk());
  EXPECT_THAT(*stored, EqualsProto(*created));
  v1::GetProjectRequest project;
  project.set_name("projects/g20");
  EXPECT_EQ(api_->GetProject(admin_, project)->document_count(), 2);
}

TEST_F(ApiTest, CreateDocumentIsAdminOnly) {
  for (const Principal& who : {alice_, judge_, tagger_}) {
    v1::CreateDocumentRequest r;
    r.set_parent("projects/g20");
    r.mutable_document()->set_document_id("sneaky");
    r.set_text("text");
    EXPECT_THAT(
        api_->CreateDocument(who, r),
        StatusIs(kDenied, StartsWith("CreateDocument needs the ADMIN")));
  }
}

TEST_F(ApiTest, DuplicateTextIsAlreadyExistsNamingTheExistingDocument) {
  EXPECT_THAT(CreateDocument("copy", doc_text_),
              StatusIs(absl::StatusCode::kAlreadyExists,
                       AllOf(StartsWith("text: "), HasSubstr("\"doc\""))));
  EXPECT_THAT(CreateDocument("doc", "other text"),
              StatusIs(absl::StatusCode::kAlreadyExists,
                       AllOf(StartsWith("document.document_id: "),
                             HasSubstr("\"doc\""))));
  v1::GetDocumentRequest get;
  get.set_name("projects/g20/documents/copy");
  EXPECT_THAT(api_->GetDocument(admin_, get),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("\"copy\"")));
}

TEST_F(ApiTest, CreateDocumentErrors) {
  v1::CreateDocumentRequest r;
  r.set_parent("projects/nope");
  r.mutable_document()->set_document_id("d");
  r.set_text("text");
  EXPECT_THAT(api_->CreateDocument(admin_, r),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("\"nope\"")));
  r.set_parent("projects/g20/documents/d");
  EXPECT_THAT(api_->CreateDocument(admin_, r),
              StatusIs(kInvalid, StartsWith("parent=")));
  r.set_parent("projects/g20");
  r.set_text("bad \xff");
  EXPECT_THAT(api_->CreateDocument(admin_, r),
              StatusIs(kInvalid, AllOf(StartsWith("text: "),
                                       HasSubstr("byte offset 4"))));
  r.set_text("ok");
  r.mutable_document()->set_text("ok");
  EXPECT_THAT(api_->CreateDocument(admin_, r),
              StatusIs(kInvalid, StartsWith("document.text: ")));

  Limits small;
  small.max_document_bytes = 4;
  Api limited(store_.get(), small);
  r.mutable_document()->clear_text();
  r.set_text("12345");
  EXPECT_THAT(
      limited.CreateDocument(admin_, r),
      StatusIs(kInvalid, AllOf(StartsWith("text: "), HasSubstr("limit is 4"))));
}

TEST_F(ApiTest, GetDocumentErrors) {
  v1::GetDocumentRequest get;
  get.set_name("projects/g20/documents/missing");
  EXPECT_THAT(api_->GetDocument(admin_, get),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("\"missing\"")));
  get.set_name("projects/g20/doc");
  EXPECT_THAT(api_->GetDocument(admin_, get),
              StatusIs(kInvalid, StartsWith("name=\"projects/g20/doc\"")));
}

TEST_F(ApiTest, ListDocumentsPagesAndOmitsTextUnlessAsked) {
  for (int i = 0; i < 4; ++i) {
    ASSERT_THAT(CreateDocument(absl::StrCat("d", i), absl::StrCat("text ", i)),
                IsOk());
  }
  v1::ListDocumentsRequest r;
  r.set_parent("projects/g20");
  r.set_page_size(2);
  std::vector<std::string> names;
  do {
    auto page = api_->ListDocuments(alice_, r);
    ASSERT_THAT(page, IsOk());
    EXPECT_LE(page->documents_size(), 2);
    for (const auto& d : page->documents()) {
      names.push_back(d.document_id());
      EXPECT_EQ(d.text(), "");
      EXPECT_GT(d.length(), 0);
    }
    r.set_page_token(page->next_page_token());
  } while (!r.page_token().empty());
  EXPECT_THAT(names, ElementsAre("d0", "d1", "d2", "d3", "doc"));

  r.set_page_size(0);
  r.set_include_text(true);
  auto all = api_->ListDocuments(alice_, r);
  ASSERT_THAT(all, IsOk());
  EXPECT_EQ(all->documents(4).text(), doc_text_);

  r.set_parent("projects/nope");
  EXPECT_THAT(api_->ListDocuments(alice_, r),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("\"nope\"")));
}

// An ImportDocuments stream over `requests`; counts the messages read.
std::function<bool(v1::CreateDocumentRequest*)> Stream(
    const std::vector<v1::CreateDocumentRequest>& requests, int* read) {
  *read = 0;
  return [&requests, read](v1::CreateDocumentRequest* r) {
    if (*read == static_cast<int>(requests.size())) return false;
    *r = requests[(*read)++];
    return true;
  };
}

v1::CreateDocumentRequest ImportRequest(const std::string& parent,
                                        const std::string& id,
                                        const std::string& text) {
  v1::CreateDocumentRequest r;
  r.set_parent(parent);
  r.mutable_document()->set_document_id(id);
  r.set_text(text);
  return r;
}

TEST_F(ApiTest, ImportReportsABadDocumentAndStoresTheOthers) {
  const std::vector<v1::CreateDocumentRequest> requests = {
      ImportRequest("projects/g20", "i0", "first \u201Ctext\u201D"),
      ImportRequest("projects/g20", "i1", "second text"),
      ImportRequest("projects/g20", "i2", "broken \xc3"),
      ImportRequest("projects/g20", "i3", doc_text_),  // Duplicate of "doc".
      ImportRequest("projects/g20", "i4", "fifth text \U0001F600"),
  };
  int read = 0;
  auto out = api_->ImportDocuments(admin_, Stream(requests, &read));
  ASSERT_THAT(out, IsOk());
  EXPECT_EQ(read, 5);
  EXPECT_EQ(out->created(), 3);
  EXPECT_EQ(out->failed(), 2);
  ASSERT_EQ(out->results_size(), 5);
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(out->results(i).index(), i);
    EXPECT_EQ(out->results(i).document_id(), absl::StrCat("i", i));
  }
  EXPECT_EQ(out->results(0).code(), 0);
  EXPECT_EQ(out->results(2).code(), static_cast<int>(kInvalid));
  EXPECT_THAT(out->results(2).message(),
              AllOf(StartsWith("text: "), HasSubstr("invalid UTF-8")));
  EXPECT_EQ(out->results(3).code(),
            static_cast<int>(absl::StatusCode::kAlreadyExists));
  EXPECT_THAT(out->results(3).message(),
              AllOf(StartsWith("text: "), HasSubstr("\"doc\"")));

  for (const auto& [id, stored] :
       std::vector<std::pair<std::string, bool>>{{"i0", true},
                                                 {"i1", true},
                                                 {"i2", false},
                                                 {"i3", false},
                                                 {"i4", true}}) {
    v1::GetDocumentRequest get;
    get.set_name(DocumentName("g20", id));
    auto doc = api_->GetDocument(admin_, get);
    EXPECT_EQ(doc.ok(), stored) << id << ": " << doc.status();
  }
}

TEST_F(ApiTest, ImportWithAMismatchedParentFails) {
  v1::CreateProjectRequest project;
  project.mutable_project()->set_project_id("other");
  ASSERT_THAT(api_->CreateProject(admin_, project), IsOk());
  const std::vector<v1::CreateDocumentRequest> requests = {
      ImportRequest("projects/g20", "m0", "m zero"),
      ImportRequest("projects/g20", "m1", "m one"),
      ImportRequest("projects/other", "m2", "m two"),
      ImportRequest("projects/g20", "m3", "m three"),
  };
  int read = 0;
  EXPECT_THAT(
      api_->ImportDocuments(admin_, Stream(requests, &read)),
      StatusIs(kInvalid,
               AllOf(StartsWith("requests[2].parent=\"projects/other\""),
                     HasSubstr("same parent"),
                     HasSubstr("2 documents were stored"))));
  EXPECT_EQ(read, 3);
  v1::ListDocumentsRequest list;
  list.set_parent("projects/g20");
  auto docs = api_->ListDocuments(admin_, list);
  ASSERT_THAT(docs, IsOk());
  std::vector<std::string> ids;
  for (const auto& d : docs->documents()) ids.push_back(d.document_id());
  EXPECT_THAT(ids, ElementsAre("doc", "m0", "m1"));
  list.set_parent("projects/other");
  EXPECT_EQ(api_->ListDocuments(admin_, list)->documents_size(), 0);
}

TEST_F(ApiTest, ImportErrorsBeforeAnythingIsStored) {
  std::vector<v1::CreateDocumentRequest> requests = {
      ImportRequest("projects/g20", "x0", "x zero")};
  int read = 0;
  EXPECT_THAT(api_->ImportDocuments(alice_, Stream(requests, &read)),
              StatusIs(kDenied, StartsWith("ImportDocuments needs the ADMIN")));
  EXPECT_EQ(read, 0);

  requests[0].set_parent("projects/missing");
  EXPECT_THAT(api_->ImportDocuments(admin_, Stream(requests, &read)),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("\"missing\"")));
  requests[0].set_parent("g20");
  EXPECT_THAT(api_->ImportDocuments(admin_, Stream(requests, &read)),
              StatusIs(kInvalid, HasSubstr("parent=\"g20\"")));

  const std::vector<v1::CreateDocumentRequest> none;
  auto empty = api_->ImportDocuments(admin_, Stream(none, &read));
  ASSERT_THAT(empty, IsOk());
  EXPECT_EQ(empty->created(), 0);
  EXPECT_EQ(empty->results_size(), 0);
}

// =============================================================================
// CreateAnnotation
// =============================================================================

TEST_F(ApiTest, CreateBySpan) {
  v1::Annotation in = Span(U"Lavrov");
  (*in.mutable_attributes())["source"] = "Lavrov";
  in.set_note("first \u201Cnote\u201D");
  auto a = Create(alice_, in);
  ASSERT_THAT(a, IsOk());
  EXPECT_THAT(a->name(), StartsWith(parent_ + "/annotations/"));
  EXPECT_THAT(ParseAnnotationName(a->name(), "name"), IsOk());
  EXPECT_EQ(a->start(), 0);
  EXPECT_EQ(a->end(), 6);
  EXPECT_EQ(a->text(), "Lavrov");
  EXPECT_EQ(a->author(), "alice");
  EXPECT_EQ(a->kind(), v1::HUMAN);
  EXPECT_EQ(a->revision(), 1);
  EXPECT_FALSE(a->deleted());
  EXPECT_EQ(a->attributes().at("source"), "Lavrov");
  EXPECT_EQ(a->note(), "first \u201Cnote\u201D");
  EXPECT_GT(a->create_time().seconds(), 0);
  EXPECT_THAT(a->update_time(), EqualsProto(a->create_time()));

  auto stored = Get(alice_, a->name());
  ASSERT_THAT(stored, IsOk());
  EXPECT_THAT(*stored, EqualsProto(*a));

  auto audit = store_->ReadAudit("g20", "doc");
  ASSERT_THAT(audit, IsOk());
  ASSERT_FALSE(audit->empty());
  EXPECT_EQ(audit->back().action(), "create");
  EXPECT_EQ(audit->back().actor(), "alice");
  EXPECT_EQ(audit->back().resource(), a->name());
  EXPECT_FALSE(audit->back().has_before());
  EXPECT_THAT(audit->back().after(), EqualsProto(*a));
}

TEST_F(ApiTest, CreateSpanTextCountsCodePoints) {
  const std::u32string_view spans[] = {
      U"\u201CTrump accepted Putin\u2019s assurances\u201D",
      U"caf\u00E9 talk \U0001F600", U"Tillerson"};
  for (std::u32string_view s : spans) {
    auto a = Create(judge_, Span(s));
    ASSERT_THAT(a, IsOk()) << Utf8(s);
    EXPECT_EQ(a->text(), Utf8(s));
    EXPECT_EQ(a->kind(), v1::GOLD);
  }
}

TEST_F(ApiTest, CreateByQuote) {
  const std::u32string quote = U"Trump accepted Putin\u2019s assurances";
  auto a = CreateByQuote(alice_, Utf8(quote));
  ASSERT_THAT(a, IsOk());
  const auto [start, end] = Where(quote);
  EXPECT_EQ(a->start(), start);
  EXPECT_EQ(a->end(), end);
  EXPECT_EQ(a->text(), Utf8(quote));

  // "Putin" occurs four times; the second is the one after "pressed".
  auto second = CreateByQuote(alice_, "Putin", 2, "disputed");
  ASSERT_THAT(second, IsOk());
  EXPECT_EQ(second->start(), Where(U"Putin", 2).first);
  EXPECT_EQ(second->text(), "Putin");

  // After the emoji, offsets are still code points.
  auto after_emoji = CreateByQuote(alice_, "Tillerson");
  ASSERT_THAT(after_emoji, IsOk());
  EXPECT_EQ(after_emoji->start(), Where(U"Tillerson").first);
}

TEST_F(ApiTest, CreateByQuoteErrors) {
  const std::string before = Snapshot();
  EXPECT_THAT(CreateByQuote(alice_, "Putin"),
              StatusIs(kInvalid, AllOf(StartsWith("quote=\"Putin\": "),
                                       HasSubstr("more than once"))));
  EXPECT_THAT(CreateByQuote(alice_, "Putin", 5),
              StatusIs(kInvalid, AllOf(StartsWith("occurrence=5: "),
                                       HasSubstr("only 4 time(s)"))));
  EXPECT_THAT(
      CreateByQuote(alice_, "Merkel"),
      StatusIs(absl::StatusCode::kNotFound, StartsWith("quote=\"Merkel\"")));
  // A quote that begins with white space resolves, then fails validation.
  EXPECT_THAT(CreateByQuote(alice_, " Tillerson"),
              StatusIs(kInvalid, AllOf(StartsWith("annotation.start="),
                                       HasSubstr("white space"))));
  v1::CreateAnnotationRequest both;
  both.set_parent(parent_);
  *both.mutable_annotation() = Span(U"Lavrov");
  both.set_quote("Lavrov");
  EXPECT_THAT(
      api_->CreateAnnotation(alice_, both),
      StatusIs(kInvalid, AllOf(StartsWith("quote: "), HasSubstr("not both"))));
  EXPECT_EQ(Snapshot(), before);
}

TEST_F(ApiTest, AuthorIsTheCallerAndOutputOnlyFieldsAreIgnored) {
  v1::Annotation in = Span(U"Lavrov");
  in.set_name(parent_ + "/annotations/00000000000000ff");
  in.set_author("bob");
  in.set_revision(42);
  in.set_text("forged text");
  in.set_deleted(true);
  *in.mutable_create_time() =
      google::protobuf::util::TimeUtil::SecondsToTimestamp(1);
  *in.mutable_update_time() =
      google::protobuf::util::TimeUtil::SecondsToTimestamp(2);
  auto a = Create(alice_, in);
  ASSERT_THAT(a, IsOk());
  EXPECT_NE(a->name(), in.name());
  EXPECT_EQ(a->author(), "alice");
  EXPECT_EQ(a->revision(), 1);
  EXPECT_EQ(a->text(), "Lavrov");
  EXPECT_FALSE(a->deleted());
  EXPECT_GT(a->create_time().seconds(), 1000);
  EXPECT_GT(a->update_time().seconds(), 1000);
  EXPECT_THAT(Get(admin_, in.name()), StatusIs(absl::StatusCode::kNotFound,
                                               HasSubstr("00000000000000ff")));
  // Bob's layer is untouched: the annotation is in alice's.
  EXPECT_THAT(ListAll(admin_, "bob", v1::HUMAN), SizeIs(0));
  EXPECT_THAT(Names(ListAll(admin_, "alice", v1::HUMAN)),
              ElementsAre(a->name()));
  // Alice's listing shows the annotation as live.
  EXPECT_THAT(Names(ListAll(alice_)), ElementsAre(a->name()));
}

TEST_F(ApiTest, KindDefaultsByRole) {
  struct Case {
    Principal who;
    std::u32string_view span;
    v1::AnnotationKind kind;
  };
  for (const Case& c : std::vector<Case>{
           {alice_, U"Lavrov", v1::HUMAN},
           {judge_, U"Lavrov", v1::GOLD},
           {admin_, U"Lavrov", v1::HUMAN},
           {tagger_, U"Lavrov", v1::AUTOMATIC},
       }) {
    SCOPED_TRACE(c.who.annotator_id());
    v1::Annotation in = Span(c.span);
    if (c.kind == v1::AUTOMATIC) in.set_model_version("tagger-1");
    auto a = Create(c.who, in);
    ASSERT_THAT(a, IsOk());
    EXPECT_EQ(a->kind(), c.kind);
    EXPECT_EQ(a->author(), c.who.annotator_id());
  }
  // Explicit kinds the role may write.
  v1::Annotation human = Span(U"Tillerson");
  human.set_kind(v1::HUMAN);
  auto a = Create(judge_, human);
  ASSERT_THAT(a, IsOk());
  EXPECT_EQ(a->kind(), v1::HUMAN);
}

TEST_F(ApiTest, RejectedWritesLeaveTheDocumentUnchanged) {
  v1::Annotation lavrov = Span(U"Lavrov");
  (*lavrov.mutable_attributes())["source"] = "Lavrov";
  auto existing = Create(alice_, lavrov);
  ASSERT_THAT(existing, IsOk());
  ASSERT_THAT(Create(bob_, Span(U"Tillerson")), IsOk());
  const std::string before = Snapshot();

  const int64_t length = static_cast<int64_t>(DocText32().size());
  struct Case {
    std::string what;
    Principal who;
    v1::Annotation annotation;
    absl::StatusCode code;
    std::string message_start;
    std::string message_part;
  };
  v1::Annotation bad_attribute = Span(U"Tillerson");
  (*bad_attribute.mutable_attributes())["holder"] = "author";
  v1::Annotation empty_attribute = Span(U"Tillerson");
  (*empty_attribute.mutable_attributes())["source"] = "";
  v1::Annotation unknown_link_type = Span(U"Tillerson");
  unknown_link_type.add_links()->set_type("refutes");
  unknown_link_type.mutable_links(0)->set_target(existing->name());
  v1::Annotation missing_link_target = Span(U"Tillerson");
  missing_link_target.add_links()->set_type("disputes");
  missing_link_target.mutable_links(0)->set_target(
      parent_ + "/annotations/00000000000000ff");
  v1::Annotation foreign_link_target = Span(U"Tillerson");
  foreign_link_target.add_links()->set_type("disputes");
  foreign_link_target.mutable_links(0)->set_target(
      "projects/other/documents/doc/annotations/00000000000000ff");
  v1::Annotation gold = Span(U"Tillerson");
  gold.set_kind(v1::GOLD);
  v1::Annotation scored = Span(U"Tillerson");
  scored.set_score(0.5);
  v1::Annotation odd_kind = Span(U"Tillerson");
  odd_kind.set_kind(static_cast<v1::AnnotationKind>(9));

  const std::vector<Case> cases = {
      {"end past the end", alice_, Span(length - 2, length + 1), kInvalid,
       absl::StrCat("annotation.end=", length + 1, ": "), "past the end"},
      {"negative start", alice_, Span(-3, 2), kInvalid, "annotation.start=-3",
       ">= 0"},
      {"empty span", alice_, Span(8, 8), kInvalid, "annotation.start=8",
       "less than end"},
      {"unknown label", alice_, Span(U"Tillerson", "claim"), kInvalid,
       "annotation.label=\"claim\"", "attributed_claim, opinion, disputed"},
      {"attribute not allowed", alice_, bad_attribute, kInvalid,
       "annotation.attributes[\"holder\"]", "not allowed for label"},
      {"empty attribute", alice_, empty_attribute, kInvalid,
       "annotation.attributes[\"source\"]", "empty value"},
      {"unknown link type", alice_, unknown_link_type, kInvalid,
       "annotation.links[0].type=\"refutes\"", "not a link type"},
      {"missing link target", alice_, missing_link_target,
       absl::StatusCode::kNotFound,
       "annotation.links[0].target=", "no such live annotation"},
      {"link into another project", alice_, foreign_link_target, kInvalid,
       "annotation.links[0].target=", "must be in project g20"},
      {"score on HUMAN", alice_, scored, kInvalid, "annotation.score=0.5",
       "only AUTOMATIC"},
      {"overlap in own layer", alice_, Span(U"Lavrov said"),
       absl::StatusCode::kFailedPrecondition, "annotation: [0,11) overlaps",
       absl::StrCat("[0,6) attributed_claim (", existing->name(), ")")},
      {"duplicate span", alice_, Span(U"Lavrov"),
       absl::StatusCode::kAlreadyExists, "annotation: ",
       absl::StrCat("already has [0,6) attributed_claim as ",
                    existing->name())},
      {"kind not allowed", alice_, gold, kDenied, "annotation.kind=GOLD",
       "may not write GOLD"},
      {"kind outside the enum", admin_, odd_kind, kInvalid, "annotation.kind=9",
       "not an AnnotationKind"},
      {"GOLD from a model", tagger_, gold, kDenied, "annotation.kind=GOLD",
       "tagger (MODEL)"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    EXPECT_THAT(Create(c.who, c.annotation),
                StatusIs(c.code, AllOf(StartsWith(c.message_start),
                                       HasSubstr(c.message_part))));
    EXPECT_EQ(Snapshot(), before);
  }

  EXPECT_THAT(Create(alice_, Span(U"Lavrov"), "projects/g20/documents/none"),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("\"none\"")));
  EXPECT_THAT(Create(alice_, Span(U"Lavrov"), "projects/g20"),
              StatusIs(kInvalid, StartsWith("parent=\"projects/g20\"")));
  EXPECT_THAT(Create(alice_, Span(U"Lavrov"), "projects/none/documents/doc"),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("\"none\"")));
  EXPECT_EQ(Snapshot(), before);

  // The same span in another annotator's layer is fine.
  EXPECT_THAT(Create(bob_, Span(U"Lavrov said")), IsOk());
}

TEST_F(ApiTest, AdjacentSpansAndDeletedSpansDoNotConflict) {
  auto lavrov = Create(alice_, Span(U"Lavrov"));
  ASSERT_THAT(lavrov, IsOk());
  // "Putin" and "’s" touch: one ends where the other starts.
  const int64_t putin = Where(U"Putin\u2019s").first;
  ASSERT_THAT(Create(alice_, Span(putin, putin + 5)), IsOk());
  ASSERT_THAT(Create(alice_, Span(putin + 5, putin + 7, "opinion")), IsOk());
  ASSERT_THAT(Create(alice_, Span(putin - 8, putin, "opinion")),
              StatusIs(kInvalid, HasSubstr("ends with white space")));
  ASSERT_THAT(Create(alice_, Span(putin - 9, putin - 1, "opinion")), IsOk());
  // A deleted span no longer occupies its place.
  ASSERT_THAT(Delete(alice_, lavrov->name()), IsOk());
  EXPECT_THAT(Create(alice_, Span(U"Lavrov")), IsOk());
  EXPECT_THAT(Create(alice_, Span(U"Lavrov said")),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       StartsWith("annotation: [0,11) overlaps [0,6)")));
}

TEST_F(ApiTest, LinksToLiveAnnotations) {
  auto target = Create(alice_, Span(U"Lavrov"));
  ASSERT_THAT(target, IsOk());
  v1::Annotation in = Span(U"Tillerson");
  v1::AnnotationLink* link = in.add_links();
  link->set_type("disputes");
  link->set_target(target->name());
  auto a = Create(alice_, in);
  ASSERT_THAT(a, IsOk());
  EXPECT_EQ(a->links(0).target(), target->name());

  ASSERT_THAT(Delete(alice_, target->name()), IsOk());
  const std::string before = Snapshot();
  in = Span(U"pressed", "opinion");
  *in.add_links() = a->links(0);
  EXPECT_THAT(Create(alice_, in),
              StatusIs(absl::StatusCode::kNotFound,
                       AllOf(StartsWith("annotation.links[0].target="),
                             HasSubstr("no such live annotation"))));
  EXPECT_EQ(Snapshot(), before);
}

// =============================================================================
// UpdateAnnotation
// =============================================================================

TEST_F(ApiTest, UpdateWithCurrentRevision) {
  v1::Annotation in = Span(U"Lavrov");
  in.set_note("old");
  auto created = Create(alice_, in);
  ASSERT_THAT(created, IsOk());

  v1::Annotation change = *created;
  change.set_note("new \U0001F600");
  change.set_label("opinion");  // Not in the mask: ignored.
  change.set_author("bob");     // Not updatable.
  auto updated = Update(alice_, change, {"note"});
  ASSERT_THAT(updated, IsOk());
  EXPECT_EQ(updated->revision(), 2);
  EXPECT_EQ(updated->note(), "new \U0001F600");
  EXPECT_EQ(updated->label(), "attributed_claim");
  EXPECT_EQ(updated->author(), "alice");
  EXPECT_EQ(updated->name(), created->name());
  EXPECT_THAT(updated->create_time(), EqualsProto(created->create_time()));
  EXPECT_GE(google::protobuf::util::TimeUtil::TimestampToNanoseconds(
                updated->update_time()),
            google::protobuf::util::TimeUtil::TimestampToNanoseconds(
                created->update_time()));
  EXPECT_THAT(*Get(alice_, created->name()), EqualsProto(*updated));

  auto audit = store_->ReadAudit("g20", "doc");
  ASSERT_THAT(audit, IsOk());
  const v1::AuditEntry& e = audit->back();
  EXPECT_EQ(e.action(), "update");
  EXPECT_EQ(e.actor(), "alice");
  EXPECT_EQ(e.resource(), created->name());
  EXPECT_THAT(e.before(), EqualsProto(*created));
  EXPECT_THAT(e.after(), EqualsProto(*updated));
  EXPECT_GT(e.sequence(), (*audit)[audit->size() - 2].sequence());
}

TEST_F(ApiTest, UpdateMovesTheSpanAndRecomputesText) {
  auto created = Create(alice_, Span(U"Lavrov"));
  ASSERT_THAT(created, IsOk());
  v1::Annotation change = *created;
  const auto [start, end] = Where(U"caf\u00E9 talk \U0001F600");
  change.set_start(start);
  change.set_end(end);
  auto updated = Update(alice_, change, {"start", "end"});
  ASSERT_THAT(updated, IsOk());
  EXPECT_EQ(updated->text(), Utf8(U"caf\u00E9 talk \U0001F600"));
  EXPECT_EQ(updated->revision(), 2);
  // Revision 0 means "no precondition".
  change = *updated;
  change.set_revision(0);
  change.set_label("opinion");
  auto relabelled = Update(alice_, change, {"label"});
  ASSERT_THAT(relabelled, IsOk());
  EXPECT_EQ(relabelled->revision(), 3);
  EXPECT_EQ(relabelled->label(), "opinion");
}

TEST_F(ApiTest, UpdateByAdminKeepsTheAuthorAndAuditsTheActor) {
  auto created = Create(alice_, Span(U"Lavrov"));
  ASSERT_THAT(created, IsOk());
  v1::Annotation change = *created;
  change.set_note("fixed by admin");
  auto updated = Update(admin_, change, {"note"});
  ASSERT_THAT(updated, IsOk());
  EXPECT_EQ(updated->author(), "alice");
  auto audit = store_->ReadAudit("g20", "doc");
  ASSERT_THAT(audit, IsOk());
  EXPECT_EQ(audit->back().actor(), "admin");
}

TEST_F(ApiTest, UpdateWithStaleRevisionIsAbortedAndChangesNothing) {
  auto created = Create(alice_, Span(U"Lavrov"));
  ASSERT_THAT(created, IsOk());
  v1::Annotation change = *created;
  change.set_note("first");
  ASSERT_THAT(Update(alice_, change, {"note"}), IsOk());
  const std::string before = Snapshot();

  change.set_note("second");  // Still carries revision 1.
  EXPECT_THAT(
      Update(alice_, change, {"note"}),
      StatusIs(absl::StatusCode::kAborted,
               AllOf(StartsWith("revision=1: "), HasSubstr("at revision 2"))));
  change.set_revision(7);
  EXPECT_THAT(Update(alice_, change, {"note"}),
              StatusIs(absl::StatusCode::kAborted, StartsWith("revision=7: ")));
  EXPECT_EQ(Snapshot(), before);
  EXPECT_EQ(Get(alice_, created->name())->note(), "first");
}

TEST_F(ApiTest, UpdateMaskErrors) {
  auto created = Create(alice_, Span(U"Lavrov"));
  ASSERT_THAT(created, IsOk());
  const std::string before = Snapshot();
  v1::Annotation change = *created;
  change.set_note("x");
  EXPECT_THAT(Update(alice_, change, {}),
              StatusIs(kInvalid, AllOf(StartsWith("update_mask: "),
                                       HasSubstr("required"))));
  for (const std::string path :
       {"author", "kind", "text", "revision", "name", "deleted",
        "model_version", "create_time", "Note", ""}) {
    SCOPED_TRACE(path);
    EXPECT_THAT(
        Update(alice_, change, {"note", path}),
        StatusIs(kInvalid, AllOf(StartsWith(absl::StrCat(
                                     "update_mask.paths[1]=\"", path, "\"")),
                                 HasSubstr("not an updatable field"))));
  }
  EXPECT_EQ(Snapshot(), before);
}

TEST_F(ApiTest, UpdateValidatesTheResult) {
  auto lavrov = Create(alice_, Span(U"Lavrov"));
  auto tillerson = Create(alice_, Span(U"Tillerson"));
  ASSERT_THAT(lavrov, IsOk());
  ASSERT_THAT(tillerson, IsOk());
  const std::string before = Snapshot();

  v1::Annotation change = *lavrov;
  change.set_end(static_cast<int64_t>(DocText32().size()) + 1);
  EXPECT_THAT(Update(alice_, change, {"end"}),
              StatusIs(kInvalid, StartsWith("annotation.end=")));
  change = *lavrov;
  change.set_end(tillerson->start() + 1);
  EXPECT_THAT(Update(alice_, change, {"end"}),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       AllOf(StartsWith("annotation: "),
                             HasSubstr(tillerson->name()))));
  change = *lavrov;
  change.set_label("opinion");
  (*change.mutable_attributes())["cue"] = "said";
  EXPECT_THAT(Update(alice_, change, {"label", "attributes"}),
              StatusIs(kInvalid, StartsWith("annotation.attributes[\"cue\"]")));
  change = *lavrov;
  change.set_score(0.3);
  EXPECT_THAT(Update(alice_, change, {"score"}),
              StatusIs(kInvalid, StartsWith("annotation.score=0.3")));
  EXPECT_EQ(Snapshot(), before);
}

TEST_F(ApiTest, UpdateOfSomeoneElsesAnnotationIsDenied) {
  auto created = Create(alice_, Span(U"Lavrov"));
  ASSERT_THAT(created, IsOk());
  const std::string before = Snapshot();
  v1::Annotation change = *created;
  change.set_note("bob was here");
  for (const Principal& who : {bob_, tagger_}) {
    EXPECT_THAT(Update(who, change, {"note"}),
                StatusIs(kDenied, AllOf(StartsWith(created->name()),
                                        HasSubstr("belongs to alice"),
                                        HasSubstr(who.annotator_id()))));
  }
  EXPECT_EQ(Snapshot(), before);
}

TEST_F(ApiTest, UpdateNameErrors) {
  v1::Annotation change = Span(U"Lavrov");
  change.set_name("projects/g20/documents/doc/annotations/1");
  EXPECT_THAT(Update(alice_, change, {"note"}),
              StatusIs(kInvalid, StartsWith("annotation.name=")));
  change.set_name(parent_ + "/annotations/00000000000000ff");
  EXPECT_THAT(
      Update(alice_, change, {"note"}),
      StatusIs(absl::StatusCode::kNotFound, HasSubstr("00000000000000ff")));
}

// =============================================================================
// DeleteAnnotation
// =============================================================================

TEST_F(ApiTest, DeleteIsSoftAndIdempotent) {
  auto keep = Create(alice_, Span(U"Tillerson"));
  auto gone = Create(alice_, Span(U"Lavrov"));
  ASSERT_THAT(keep, IsOk());
  ASSERT_THAT(gone, IsOk());

  auto deleted = Delete(alice_, gone->name(), gone->revision());
  ASSERT_THAT(deleted, IsOk());
  EXPECT_TRUE(deleted->deleted());
  EXPECT_EQ(deleted->revision(), 2);

  auto stored = Get(alice_, gone->name());
  ASSERT_THAT(stored, IsOk());
  EXPECT_TRUE(stored->deleted());
  EXPECT_EQ(stored->text(), "Lavrov");

  EXPECT_THAT(Names(ListAll(alice_)), ElementsAre(keep->name()));
  EXPECT_THAT(Names(ListAll(admin_)), ElementsAre(keep->name()));
  v1::ListAnnotationsRequest with_deleted;
  with_deleted.set_show_deleted(true);
  auto all = List(alice_, with_deleted);
  ASSERT_THAT(all, IsOk());
  EXPECT_THAT(Names(*all), ElementsAre(keep->name(), gone->name()));

  const std::string before = Snapshot();
  auto again = Delete(alice_, gone->name());
  ASSERT_THAT(again, IsOk());
  EXPECT_TRUE(again->deleted());
  EXPECT_EQ(again->revision(), 2);
  EXPECT_EQ(Snapshot(), before);

  auto audit = store_->ReadAudit("g20", "doc");
  ASSERT_THAT(audit, IsOk());
  int deletes = 0;
  for (const auto& e : *audit) deletes += e.action() == "delete";
  EXPECT_EQ(deletes, 1);

  // A deleted annotation cannot be updated.
  v1::Annotation change = *stored;
  change.set_note("zombie");
  EXPECT_THAT(
      Update(alice_, change, {"note"}),
      StatusIs(absl::StatusCode::kFailedPrecondition,
               AllOf(StartsWith("annotation.name="), HasSubstr("is deleted"))));
}

TEST_F(ApiTest, DeleteErrors) {
  auto created = Create(alice_, Span(U"Lavrov"));
  ASSERT_THAT(created, IsOk());
  const std::string before = Snapshot();
  EXPECT_THAT(
      Delete(alice_, created->name(), 5),
      StatusIs(absl::StatusCode::kAborted,
               AllOf(StartsWith("revision=5: "), HasSubstr("at revision 1"))));
  EXPECT_THAT(Delete(bob_, created->name()),
              StatusIs(kDenied, AllOf(StartsWith(created->name()),
                                      HasSubstr("belongs to alice"))));
  EXPECT_THAT(Delete(alice_, "projects/g20/documents/doc"),
              StatusIs(kInvalid, StartsWith("name=")));
  EXPECT_THAT(
      Delete(alice_, parent_ + "/annotations/00000000000000ff"),
      StatusIs(absl::StatusCode::kNotFound, HasSubstr("00000000000000ff")));
  EXPECT_EQ(Snapshot(), before);
}

// =============================================================================
// Blind annotation
// =============================================================================

class BlindLayersTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    if (HasFatalFailure()) return;
    alice_names_ = {Made(alice_, Span(U"Lavrov")),
                    Made(alice_, Span(U"Tillerson"))};
    bob_names_ = {Made(bob_, Span(U"Lavrov")),
                  Made(bob_, Span(U"pressed", "opinion"))};
    v1::Annotation suggestion = Span(U"Lavrov said");
    suggestion.set_model_version("tagger-1");
    suggestion.set_score(0.9);
    tagger_names_ = {Made(tagger_, suggestion)};
    suggestion = Span(U"denied it", "disputed");
    suggestion.set_model_version("tagger-1");
    tagger_names_.push_back(Made(tagger_, suggestion));
    gold_names_ = {Made(judge_, Span(U"Lavrov"))};
  }

  std::string Made(const Principal& who, const v1::Annotation& a) {
    auto created = Create(who, a);
    EXPECT_THAT(created, IsOk());
    return created.ok() ? created->name() : "";
  }

  static std::vector<std::string> Concat(
      std::initializer_list<std::vector<std::string>> parts) {
    std::vector<std::string> out;
    for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
    return out;
  }

  std::vector<std::string> alice_names_, bob_names_, tagger_names_, gold_names_;
};

TEST_F(BlindLayersTest, AnnotatorSeesOnlyOwnHumanLayerAndSuggestions) {
  EXPECT_THAT(Names(ListAll(alice_)),
              UnorderedElementsAreArray(Concat({alice_names_, tagger_names_})));
  EXPECT_THAT(Names(ListAll(alice_, "alice")),
              UnorderedElementsAreArray(alice_names_));
  EXPECT_THAT(Names(ListAll(alice_, "", v1::HUMAN)),
              UnorderedElementsAreArray(alice_names_));
  EXPECT_THAT(Names(ListAll(alice_, "alice", v1::HUMAN)),
              UnorderedElementsAreArray(alice_names_));
  EXPECT_THAT(Names(ListAll(alice_, "", v1::AUTOMATIC)),
              UnorderedElementsAreArray(tagger_names_));
  EXPECT_THAT(Names(ListAll(alice_, "tagger", v1::AUTOMATIC)),
              UnorderedElementsAreArray(tagger_names_));
}

TEST_F(BlindLayersTest, AnnotatorMayNotListOtherLayers) {
  v1::ListAnnotationsRequest r;
  r.set_author("bob");
  EXPECT_THAT(List(alice_, r),
              StatusIs(kDenied, AllOf(StartsWith("author=bob: "),
                                      HasSubstr("alice (ANNOTATOR)"))));
  r.set_kind(v1::HUMAN);
  EXPECT_THAT(List(alice_, r), StatusIs(kDenied, StartsWith("author=bob: ")));
  r.clear_author();
  r.set_kind(v1::GOLD);
  EXPECT_THAT(List(alice_, r),
              StatusIs(kDenied, AllOf(StartsWith("kind=GOLD: "),
                                      HasSubstr("gold layer"))));
  r.set_kind(static_cast<v1::AnnotationKind>(12));
  EXPECT_THAT(List(alice_, r), StatusIs(kInvalid, StartsWith("kind=12: ")));
}

TEST_F(BlindLayersTest, AnnotatorMayNotGetOtherLayers) {
  for (const std::string& name : Concat({bob_names_, gold_names_})) {
    SCOPED_TRACE(name);
    EXPECT_THAT(
        Get(alice_, name),
        StatusIs(kDenied,
                 AllOf(StartsWith(absl::StrCat("name=\"", name, "\": ")),
                       HasSubstr("alice may read only"))));
  }
  for (const std::string& name : Concat({alice_names_, tagger_names_})) {
    EXPECT_THAT(Get(alice_, name), IsOk()) << name;
  }
}

TEST_F(BlindLayersTest, AdjudicatorAndAdminSeeEverything) {
  const std::vector<std::string> all =
      Concat({alice_names_, bob_names_, tagger_names_, gold_names_});
  for (const Principal& who : {judge_, admin_}) {
    SCOPED_TRACE(who.annotator_id());
    EXPECT_THAT(Names(ListAll(who)), UnorderedElementsAreArray(all));
    EXPECT_THAT(Names(ListAll(who, "bob")),
                UnorderedElementsAreArray(bob_names_));
    EXPECT_THAT(Names(ListAll(who, "bob", v1::HUMAN)),
                UnorderedElementsAreArray(bob_names_));
    EXPECT_THAT(Names(ListAll(who, "", v1::GOLD)),
                UnorderedElementsAreArray(gold_names_));
    for (const std::string& name : all) {
      EXPECT_THAT(Get(who, name), IsOk()) << name;
    }
  }
}

TEST_F(BlindLayersTest, ModelSeesSuggestionsOnly) {
  EXPECT_THAT(Names(ListAll(tagger_)),
              UnorderedElementsAreArray(tagger_names_));
  EXPECT_THAT(Get(tagger_, alice_names_[0]),
              StatusIs(kDenied, HasSubstr("name=")));
}

// =============================================================================
// MODEL callers
// =============================================================================

TEST_F(ApiTest, ModelWritesAutomaticAnnotations) {
  v1::Annotation in = Span(U"Lavrov said");
  in.set_model_version("tagger-2024.1");
  in.set_score(0.87);
  auto a = Create(tagger_, in);
  ASSERT_THAT(a, IsOk());
  EXPECT_EQ(a->kind(), v1::AUTOMATIC);
  EXPECT_EQ(a->author(), "tagger");
  EXPECT_EQ(a->model_version(), "tagger-2024.1");
  EXPECT_DOUBLE_EQ(a->score(), 0.87);
  // Suggestions may overlap one another.
  v1::Annotation overlapping = Span(U"Lavrov", "opinion");
  overlapping.set_model_version("tagger-2024.1");
  overlapping.set_kind(v1::AUTOMATIC);
  EXPECT_THAT(Create(tagger_, overlapping), IsOk());
  EXPECT_THAT(Create(tagger_, in), IsOk());
}

TEST_F(ApiTest, ModelMayNotWriteHumanAndMustNameItsVersion) {
  const std::string before = Snapshot();
  v1::Annotation in = Span(U"Lavrov");
  in.set_kind(v1::HUMAN);
  EXPECT_THAT(Create(tagger_, in),
              StatusIs(kDenied, AllOf(StartsWith("annotation.kind=HUMAN: "),
                                      HasSubstr("tagger (MODEL)"))));
  in.clear_kind();
  EXPECT_THAT(Create(tagger_, in),
              StatusIs(kInvalid, AllOf(StartsWith("annotation.model_version: "),
                                       HasSubstr("required"))));
  in.set_model_version("m");
  in.set_score(1.5);
  EXPECT_THAT(Create(tagger_, in),
              StatusIs(kInvalid, StartsWith("annotation.score=1.5: ")));
  in.set_score(std::nan(""));
  EXPECT_THAT(Create(tagger_, in),
              StatusIs(kInvalid, StartsWith("annotation.score=nan: ")));
  // An annotator may not carry a model version or a score.
  v1::Annotation human = Span(U"Lavrov");
  human.set_model_version("m");
  EXPECT_THAT(Create(alice_, human),
              StatusIs(kInvalid, StartsWith("annotation.model_version: ")));
  EXPECT_EQ(Snapshot(), before);
}

// =============================================================================
// BulkWriteAnnotations
// =============================================================================

// A BulkWriteAnnotations stream over `requests`; counts the messages read.
std::function<bool(v1::BulkWriteAnnotationsRequest*)> BulkStream(
    const std::vector<v1::BulkWriteAnnotationsRequest>& requests, int* read) {
  *read = 0;
  return [&requests, read](v1::BulkWriteAnnotationsRequest* r) {
    if (*read == static_cast<int>(requests.size())) return false;
    *r = requests[(*read)++];
    return true;
  };
}

v1::BulkWriteAnnotationsRequest Bulk(const std::string& parent,
                                     std::vector<v1::Annotation> as) {
  v1::BulkWriteAnnotationsRequest r;
  r.set_parent(parent);
  for (auto& a : as) *r.add_annotations() = std::move(a);
  return r;
}

TEST_F(ApiTest, BulkWriteStoresEveryMessage) {
  v1::Annotation forged = Span(U"pressed", "opinion");
  forged.set_author("bob");
  forged.set_revision(9);
  forged.set_name(parent_ + "/annotations/00000000000000ff");
  const std::vector<v1::BulkWriteAnnotationsRequest> requests = {
      Bulk(parent_, {Span(U"Lavrov"), Span(U"Tillerson")}),
      Bulk(parent_, {forged}),
  };
  int read = 0;
  auto out = api_->BulkWriteAnnotations(alice_, BulkStream(requests, &read));
  ASSERT_THAT(out, IsOk());
  EXPECT_EQ(out->messages(), 2);
  EXPECT_EQ(out->written(), 3);
  const auto stored = ListAll(admin_);
  ASSERT_THAT(stored, SizeIs(3));
  absl::flat_hash_set<std::string> names;
  for (const auto& a : stored) {
    EXPECT_EQ(a.author(), "alice");
    EXPECT_EQ(a.kind(), v1::HUMAN);
    EXPECT_EQ(a.revision(), 1);
    names.insert(a.name());
  }
  EXPECT_EQ(names.size(), 3u);
  EXPECT_FALSE(names.contains(forged.name()));
  EXPECT_EQ(stored[2].text(), "pressed");
}

TEST_F(ApiTest, BulkWriteStopsAtTheFirstBadMessage) {
  v1::Annotation bad_label = Span(U"denied", "bogus");
  const std::vector<v1::BulkWriteAnnotationsRequest> requests = {
      Bulk(parent_, {Span(U"Lavrov"), Span(U"Tillerson")}),
      Bulk(parent_, {Span(U"pressed", "opinion")}),
      Bulk(parent_, {Span(U"denied it", "disputed"), bad_label}),
      Bulk(parent_, {Span(U"caf\u00E9")}),
  };
  int read = 0;
  EXPECT_THAT(
      api_->BulkWriteAnnotations(alice_, BulkStream(requests, &read)),
      StatusIs(kInvalid,
               AllOf(StartsWith("requests[2].annotations[1].label=\"bogus\""),
                     HasSubstr("2 earlier messages with 3 annotations were "
                               "stored"))));
  EXPECT_EQ(read, 3);
  std::vector<std::string> texts;
  for (const auto& a : ListAll(admin_)) texts.push_back(a.text());
  EXPECT_THAT(texts, ElementsAre("Lavrov", "Tillerson", "pressed"));
}

TEST_F(ApiTest, BulkWriteErrorsNameTheMessageAndAnnotation) {
  const std::string before = Snapshot();
  struct Case {
    std::string what;
    Principal who;
    v1::BulkWriteAnnotationsRequest request;
    absl::StatusCode code;
    std::string message_start;
  };
  v1::Annotation human = Span(U"Tillerson");
  human.set_kind(v1::HUMAN);
  human.set_model_version("m");
  v1::Annotation automatic = Span(U"Lavrov");
  automatic.set_model_version("m");
  const std::vector<Case> cases = {
      {"overlap inside one message", alice_,
       Bulk(parent_, {Span(U"Lavrov"), Span(U"Lavrov said")}),
       absl::StatusCode::kFailedPrecondition,
       "requests[0].annotations[1]: [0,11) overlaps [0,6)"},
      {"duplicate inside one message", alice_,
       Bulk(parent_, {Span(U"Tillerson"), Span(U"Lavrov"), Span(U"Lavrov")}),
       absl::StatusCode::kAlreadyExists, "requests[0].annotations[2]: "},
      {"span past the end", alice_,
       Bulk(parent_, {Span(U"Lavrov"), Span(0, 10000)}), kInvalid,
       "requests[0].annotations[1].end=10000: "},
      {"kind the role may not write", tagger_,
       Bulk(parent_, {automatic, human}), kDenied,
       "requests[0].annotations[1].kind=HUMAN: "},
      {"no annotations", alice_, Bulk(parent_, {}), kInvalid,
       "requests[0].annotations: 0 in one message"},
      {"bad parent", alice_, Bulk("projects/g20", {Span(U"Lavrov")}), kInvalid,
       "requests[0].parent=\"projects/g20\""},
      {"missing document", alice_,
       Bulk("projects/g20/documents/none", {Span(U"Lavrov")}),
       absl::StatusCode::kNotFound, "requests[0]."},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    const std::vector<v1::BulkWriteAnnotationsRequest> requests = {c.request};
    int read = 0;
    EXPECT_THAT(api_->BulkWriteAnnotations(c.who, BulkStream(requests, &read)),
                StatusIs(c.code, AllOf(StartsWith(c.message_start),
                                       HasSubstr("0 earlier messages"))));
    EXPECT_EQ(Snapshot(), before);
  }
}

TEST_F(ApiTest, BulkWriteChecksAgainstStoredSpans) {
  auto existing = Create(alice_, Span(U"Lavrov"));
  ASSERT_THAT(existing, IsOk());
  const std::string before = Snapshot();
  const std::vector<v1::BulkWriteAnnotationsRequest> requests = {
      Bulk(parent_, {Span(U"Tillerson"), Span(U"Lavrov said")})};
  int read = 0;
  EXPECT_THAT(api_->BulkWriteAnnotations(alice_, BulkStream(requests, &read)),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       AllOf(StartsWith("requests[0].annotations[1]: "),
                             HasSubstr(existing->name()))));
  EXPECT_EQ(Snapshot(), before);
}

TEST_F(ApiTest, BulkWriteRespectsMessageLimit) {
  Limits limits;
  limits.max_annotations_per_message = 2;
  Api limited(store_.get(), limits);
  const std::vector<v1::BulkWriteAnnotationsRequest> requests = {
      Bulk(parent_, {Span(U"Lavrov"), Span(U"Tillerson"), Span(U"pressed")})};
  int read = 0;
  EXPECT_THAT(
      limited.BulkWriteAnnotations(alice_, BulkStream(requests, &read)),
      StatusIs(kInvalid, AllOf(StartsWith("requests[0].annotations: 3 in one "
                                          "message"),
                               HasSubstr("send 1 to 2"))));
  EXPECT_THAT(ListAll(admin_), SizeIs(0));
}

TEST_F(ApiTest, LayerSizeLimitHoldsForCreateAndBulkWrite) {
  Limits limits;
  limits.max_spans_per_layer = 2;
  Api limited(store_.get(), limits);
  v1::CreateAnnotationRequest r;
  r.set_parent(parent_);
  *r.mutable_annotation() = Span(U"Lavrov");
  ASSERT_THAT(limited.CreateAnnotation(alice_, r), IsOk());
  *r.mutable_annotation() = Span(U"Tillerson");
  ASSERT_THAT(limited.CreateAnnotation(alice_, r), IsOk());
  const std::string before = Snapshot();
  *r.mutable_annotation() = Span(U"pressed");
  EXPECT_THAT(limited.CreateAnnotation(alice_, r),
              StatusIs(absl::StatusCode::kResourceExhausted,
                       AllOf(StartsWith("annotation: "),
                             HasSubstr("already holds 2 spans"))));

  // The same limit applies to a bulk write into the full layer...
  std::vector<v1::BulkWriteAnnotationsRequest> requests = {
      Bulk(parent_, {Span(U"pressed")})};
  int read = 0;
  EXPECT_THAT(limited.BulkWriteAnnotations(alice_, BulkStream(requests, &read)),
              StatusIs(absl::StatusCode::kResourceExhausted,
                       AllOf(StartsWith("requests[0].annotations[0]: "),
                             HasSubstr("already holds 2 spans"))));
  EXPECT_EQ(Snapshot(), before);

  // ... and to one message that would overfill an empty layer.
  requests = {
      Bulk(parent_, {Span(U"Lavrov"), Span(U"Tillerson"), Span(U"pressed")})};
  EXPECT_THAT(limited.BulkWriteAnnotations(bob_, BulkStream(requests, &read)),
              StatusIs(absl::StatusCode::kResourceExhausted,
                       StartsWith("requests[0].annotations[2]: ")));
  EXPECT_EQ(Snapshot(), before);
  // Suggestions are not limited per layer.
  v1::Annotation a = Span(U"pressed");
  a.set_model_version("m");
  requests = {Bulk(parent_, {a, a, a})};
  EXPECT_THAT(
      limited.BulkWriteAnnotations(tagger_, BulkStream(requests, &read)),
      IsOk());
}

// =============================================================================
// Pagination
// =============================================================================

// ListAnnotations reads the document only when the listing comes back
// empty; an existing document with nothing to show is still OK.
TEST_F(ApiTest, EmptyListingOfAnExistingDocumentIsOk) {
  const std::string parent = CreateWordsDocument("words", 5);
  v1::ListAnnotationsRequest r;
  r.set_parent(parent);
  auto empty = api_->ListAnnotations(alice_, r);
  ASSERT_THAT(empty, IsOk());
  EXPECT_EQ(empty->annotations_size(), 0);
  // Only a deleted span: filtered out, still OK.
  auto a = Create(alice_, Span(0, 3, "opinion"), parent);
  ASSERT_THAT(a, IsOk());
  ASSERT_THAT(Delete(alice_, a->name()), IsOk());
  r.set_kind(v1::HUMAN);
  r.set_author(alice_.annotator_id());
  auto filtered = api_->ListAnnotations(alice_, r);
  ASSERT_THAT(filtered, IsOk());
  EXPECT_EQ(filtered->annotations_size(), 0);
  r.set_parent("projects/g20/documents/none");
  EXPECT_THAT(api_->ListAnnotations(alice_, r),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("\"none\"")));
}

TEST_F(ApiTest, ListAnnotationsPagesReturnEveryIdOnce) {
  const std::string parent = CreateWordsDocument("words", 20);
  std::vector<std::string> created;
  for (int i = 0; i < 10; ++i) {
    auto a = Create(alice_, Span(4 * i, 4 * i + 3, "opinion"), parent);
    ASSERT_THAT(a, IsOk());
    created.push_back(a->name());
  }
  v1::ListAnnotationsRequest r;
  r.set_parent(parent);
  r.set_page_size(3);
  std::vector<std::string> listed;
  std::vector<int> sizes;
  do {
    auto page = api_->ListAnnotations(alice_, r);
    ASSERT_THAT(page, IsOk());
    sizes.push_back(page->annotations_size());
    for (const auto& a : page->annotations()) listed.push_back(a.name());
    r.set_page_token(page->next_page_token());
  } while (!r.page_token().empty());
  EXPECT_THAT(listed, ElementsAreArray(created));
  EXPECT_THAT(sizes, ElementsAre(3, 3, 3, 1));
}

TEST_F(ApiTest, BlindListingKeepsPagesFull) {
  const std::string parent = CreateWordsDocument("words", 20);
  std::vector<std::string> alices;
  for (int i = 0; i < 10; ++i) {
    // Bob's annotations are interleaved with alice's.
    ASSERT_THAT(Create(bob_, Span(8 * i, 8 * i + 3), parent), IsOk());
    auto a = Create(alice_, Span(8 * i + 4, 8 * i + 7), parent);
    ASSERT_THAT(a, IsOk());
    alices.push_back(a->name());
  }
  v1::ListAnnotationsRequest r;
  r.set_parent(parent);
  r.set_page_size(3);
  std::vector<std::string> listed;
  std::vector<int> sizes;
  do {
    auto page = api_->ListAnnotations(alice_, r);
    ASSERT_THAT(page, IsOk());
    sizes.push_back(page->annotations_size());
    for (const auto& a : page->annotations()) listed.push_back(a.name());
    r.set_page_token(page->next_page_token());
  } while (!r.page_token().empty());
  EXPECT_THAT(listed, ElementsAreArray(alices));
  EXPECT_THAT(sizes, ElementsAre(3, 3, 3, 1));
}

TEST_F(ApiTest, ListAnnotationsRequestErrors) {
  v1::ListAnnotationsRequest r;
  r.set_parent(parent_);
  r.set_page_size(-1);
  EXPECT_THAT(api_->ListAnnotations(alice_, r),
              StatusIs(kInvalid, StartsWith("page_size=-1: ")));
  r.set_page_size(0);
  r.set_page_token("not a token");
  EXPECT_THAT(api_->ListAnnotations(alice_, r),
              StatusIs(kInvalid, StartsWith("page_token: ")));
  r.clear_page_token();
  r.set_parent("projects/g20/documents/none");
  EXPECT_THAT(api_->ListAnnotations(alice_, r),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("\"none\"")));
  r.set_parent("projects/g20");
  EXPECT_THAT(api_->ListAnnotations(alice_, r),
              StatusIs(kInvalid, StartsWith("parent=")));
}

// =============================================================================
// Concurrency
// =============================================================================

TEST_F(ApiTest, ConcurrentCreatesInSeparateLayersAllSucceed) {
  constexpr int kThreads = 8;
  constexpr int kPerThread = 50;
  const std::string parent = CreateWordsDocument("words", kPerThread);
  std::vector<std::vector<absl::Status>> results(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      const Principal who = Caller(v1::ANNOTATOR, absl::StrCat("ann", t));
      for (int i = 0; i < kPerThread; ++i) {
        // Each thread walks the words in a different order.
        const int w = (i * 7 + t * 13) % kPerThread;
        results[t].push_back(
            Create(who, Span(4 * w, 4 * w + 3, "opinion"), parent).status());
      }
    });
  }
  for (auto& t : threads) t.join();
  for (int t = 0; t < kThreads; ++t) {
    for (const auto& s : results[t]) EXPECT_THAT(s, IsOk()) << "thread " << t;
  }
  v1::ListAnnotationsRequest r;
  r.set_parent(parent);
  r.set_page_size(1000);
  auto all = List(admin_, r);
  ASSERT_THAT(all, IsOk());
  EXPECT_THAT(*all, SizeIs(kThreads * kPerThread));
  absl::flat_hash_set<std::string> names;
  for (const auto& a : *all) names.insert(a.name());
  EXPECT_EQ(names.size(), static_cast<size_t>(kThreads * kPerThread));
  for (int t = 0; t < kThreads; ++t) {
    r.set_author(absl::StrCat("ann", t));
    r.set_kind(v1::HUMAN);
    auto layer = List(admin_, r);
    ASSERT_THAT(layer, IsOk());
    EXPECT_THAT(*layer, SizeIs(kPerThread)) << "ann" << t;
  }
  auto audit = store_->ReadAudit("g20", "words");
  ASSERT_THAT(audit, IsOk());
  EXPECT_EQ(audit->size(), 1u + kThreads * kPerThread);
}

TEST_F(ApiTest, RacingUpdatesWithTheSameRevisionHaveOneWinner) {
  constexpr int kThreads = 8;
  constexpr int kRounds = 10;
  auto created = Create(alice_, Span(U"Lavrov"));
  ASSERT_THAT(created, IsOk());
  for (int round = 0; round < kRounds; ++round) {
    SCOPED_TRACE(round);
    auto current = Get(alice_, created->name());
    ASSERT_THAT(current, IsOk());
    std::atomic<bool> go{false};
    std::vector<absl::StatusOr<v1::Annotation>> results(
        kThreads, absl::UnknownError("not run"));
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        v1::Annotation change = *current;
        change.set_note(absl::StrCat("round ", round, " thread ", t));
        while (!go.load()) std::this_thread::yield();
        results[t] = Update(alice_, change, {"note"});
      });
    }
    go = true;
    for (auto& t : threads) t.join();
    int ok = 0;
    std::string winner;
    for (const auto& r : results) {
      if (r.ok()) {
        ++ok;
        winner = r->note();
        EXPECT_EQ(r->revision(), current->revision() + 1);
      } else {
        EXPECT_THAT(r, StatusIs(absl::StatusCode::kAborted,
                                StartsWith(absl::StrCat(
                                    "revision=", current->revision(), ": "))));
      }
    }
    EXPECT_EQ(ok, 1);
    auto after = Get(alice_, created->name());
    ASSERT_THAT(after, IsOk());
    EXPECT_EQ(after->revision(), current->revision() + 1);
    EXPECT_EQ(after->note(), winner);
  }
  auto audit = store_->ReadAudit("g20", "doc");
  ASSERT_THAT(audit, IsOk());
  int updates = 0;
  for (const auto& e : *audit) updates += e.action() == "update";
  EXPECT_EQ(updates, kRounds);
}

// =============================================================================
// The gRPC server, in process
// =============================================================================

class ServerTest : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = temp_dir_.path();
    ServerOptions options;
    options.data_dir = dir_ + "/data";
    options.listen = "127.0.0.1:0";
    options.durability = Durability::kBuffered;
    auto server = SpanlabServer::Start(options);
    ASSERT_THAT(server, IsOk());
    server_ = *std::move(server);
    ASSERT_TRUE(server_->created_admin());
    ASSERT_GT(server_->port(), 0);
    std::ifstream in(server_->admin_token_path());
    std::stringstream content;
    content << in.rdbuf();
    token_ = std::string(absl::StripTrailingAsciiWhitespace(content.str()));
    ASSERT_THAT(token_, StartsWith("spl_"));
    channel_ = grpc::CreateChannel(absl::StrCat("127.0.0.1:", server_->port()),
                                   grpc::InsecureChannelCredentials());
  }

  void TearDown() override { server_.reset(); }

  // A context with a deadline and, unless null, an authorization header.
  static std::unique_ptr<grpc::ClientContext> Context(
      const std::string* authorization) {
    auto ctx = std::make_unique<grpc::ClientContext>();
    ctx->set_deadline(std::chrono::system_clock::now() +
                      std::chrono::seconds(10));
    if (authorization != nullptr) {
      ctx->AddMetadata("authorization", *authorization);
    }
    return ctx;
  }

  TempDir temp_dir_;
  std::string dir_;
  std::unique_ptr<SpanlabServer> server_;
  std::string token_;
  std::shared_ptr<grpc::Channel> channel_;
};

TEST_F(ServerTest, AdminTokenAuthenticates) {
  auto stub = v1::AdminService::NewStub(channel_);
  const std::string header = "Bearer " + token_;
  v1::PingResponse pong;
  EXPECT_THAT(stub->Ping(Context(&header).get(), v1::PingRequest(), &pong),
              GrpcStatusIs(grpc::StatusCode::OK, ""));
  v1::Annotator me;
  ASSERT_THAT(stub->WhoAmI(Context(&header).get(), v1::WhoAmIRequest(), &me),
              GrpcStatusIs(grpc::StatusCode::OK, ""));
  EXPECT_EQ(me.annotator_id(), "admin");
  EXPECT_EQ(me.name(), "annotators/admin");
  EXPECT_EQ(me.role(), v1::ADMIN);
}

TEST_F(ServerTest, MissingWrongOrMalformedTokensAreUnauthenticated) {
  auto stub = v1::AdminService::NewStub(channel_);
  v1::PingResponse pong;
  EXPECT_THAT(stub->Ping(Context(nullptr).get(), v1::PingRequest(), &pong),
              GrpcStatusIs(grpc::StatusCode::UNAUTHENTICATED,
                           HasSubstr("missing \"authorization")));
  const std::string wrong = "Bearer spl_" + std::string(43, 'A');
  EXPECT_THAT(stub->Ping(Context(&wrong).get(), v1::PingRequest(), &pong),
              GrpcStatusIs(grpc::StatusCode::UNAUTHENTICATED,
                           AllOf(HasSubstr("unknown or revoked token"),
                                 Not(HasSubstr("AAAA")))));
  // The admin token with one character changed.
  std::string altered = "Bearer " + token_;
  altered.back() = altered.back() == 'x' ? 'y' : 'x';
  v1::Annotator me;
  EXPECT_THAT(stub->WhoAmI(Context(&altered).get(), v1::WhoAmIRequest(), &me),
              GrpcStatusIs(grpc::StatusCode::UNAUTHENTICATED,
                           HasSubstr("unknown or revoked")));
  for (const std::string& malformed : std::vector<std::string>{
           token_, "Basic " + token_, "Bearer", "Bearer ", "Token " + token_,
           "Bearer " + std::string(600, 'a')}) {
    SCOPED_TRACE(malformed.substr(0, 20));
    EXPECT_THAT(
        stub->WhoAmI(Context(&malformed).get(), v1::WhoAmIRequest(), &me),
        GrpcStatusIs(
            grpc::StatusCode::UNAUTHENTICATED,
            AllOf(HasSubstr("\"Bearer <token>\""), Not(HasSubstr(token_)))));
  }
}

TEST_F(ServerTest, ErrorsCrossTheWireWithCodeAndMessage) {
  auto projects = v1::ProjectService::NewStub(channel_);
  const std::string header = "Bearer " + token_;
  v1::GetProjectRequest get;
  get.set_name("projects/none");
  v1::Project p;
  EXPECT_THAT(projects->GetProject(Context(&header).get(), get, &p),
              GrpcStatusIs(grpc::StatusCode::NOT_FOUND, HasSubstr("\"none\"")));
  get.set_name("none");
  EXPECT_THAT(projects->GetProject(Context(&header).get(), get, &p),
              GrpcStatusIs(grpc::StatusCode::INVALID_ARGUMENT,
                           StartsWith("name=\"none\"")));

  // A new annotator's token works and carries its role.
  auto admin = v1::AdminService::NewStub(channel_);
  v1::CreateAnnotatorRequest create;
  create.mutable_annotator()->set_annotator_id("alice");
  create.mutable_annotator()->set_role(v1::ANNOTATOR);
  v1::CreateAnnotatorResponse created;
  ASSERT_THAT(admin->CreateAnnotator(Context(&header).get(), create, &created),
              GrpcStatusIs(grpc::StatusCode::OK, ""));
  const std::string alice = "Bearer " + created.token();
  v1::Annotator me;
  ASSERT_THAT(admin->WhoAmI(Context(&alice).get(), v1::WhoAmIRequest(), &me),
              GrpcStatusIs(grpc::StatusCode::OK, ""));
  EXPECT_EQ(me.annotator_id(), "alice");
  EXPECT_EQ(me.role(), v1::ANNOTATOR);
  v1::CreateProjectRequest project;
  project.mutable_project()->set_project_id("mine");
  EXPECT_THAT(projects->CreateProject(Context(&alice).get(), project, &p),
              GrpcStatusIs(grpc::StatusCode::PERMISSION_DENIED,
                           StartsWith("CreateProject needs the ADMIN role")));
}

TEST_F(ServerTest, HealthCheckServes) {
  // grpc.health.v1.Health/Check, encoded by hand: the request
  // HealthCheckRequest{service: ""} is empty on the wire, and the answer
  // HealthCheckResponse{status: SERVING} is field 1, varint 1.
  grpc::GenericStub stub(channel_);
  grpc::Slice empty{std::string()};
  grpc::ByteBuffer request(&empty, 1);
  grpc::ByteBuffer response;
  auto ctx = Context(nullptr);
  std::promise<grpc::Status> done;
  stub.UnaryCall(ctx.get(), "/grpc.health.v1.Health/Check", grpc::StubOptions(),
                 &request, &response,
                 [&done](grpc::Status s) { done.set_value(std::move(s)); });
  const grpc::Status status = done.get_future().get();
  ASSERT_THAT(status, GrpcStatusIs(grpc::StatusCode::OK, ""));
  grpc::Slice bytes;
  ASSERT_TRUE(response.DumpToSingleSlice(&bytes).ok());
  EXPECT_EQ(
      std::string(reinterpret_cast<const char*>(bytes.begin()), bytes.size()),
      std::string("\x08\x01", 2));
}

TEST_F(ServerTest, RestartKeepsTheAdminTokenAndLocksTheDataDirectory) {
  ServerOptions options;
  options.data_dir = dir_ + "/data";
  options.listen = "127.0.0.1:0";
  options.durability = Durability::kBuffered;
  EXPECT_THAT(SpanlabServer::Start(options),
              StatusIs(absl::StatusCode::kUnavailable, HasSubstr("in use")));

  server_.reset();
  auto again = SpanlabServer::Start(options);
  ASSERT_THAT(again, IsOk());
  EXPECT_FALSE((*again)->created_admin());
  auto stub = v1::AdminService::NewStub(
      grpc::CreateChannel(absl::StrCat("127.0.0.1:", (*again)->port()),
                          grpc::InsecureChannelCredentials()));
  const std::string header = "Bearer " + token_;
  v1::Annotator me;
  EXPECT_THAT(stub->WhoAmI(Context(&header).get(), v1::WhoAmIRequest(), &me),
              GrpcStatusIs(grpc::StatusCode::OK, ""));
}

TEST(ServerStartTest, PlaintextOnANonLoopbackAddressIsRefused) {
  const TempDir temp_dir;
  const std::string dir = temp_dir.path();
  ServerOptions options;
  options.data_dir = dir + "/data";
  options.listen = "0.0.0.0:0";
  options.allow_insecure = false;
  EXPECT_THAT(SpanlabServer::Start(options),
              StatusIs(kInvalid, AllOf(StartsWith("listen=0.0.0.0:0: "),
                                       HasSubstr("allow_insecure"))));
  EXPECT_FALSE(std::filesystem::exists(options.data_dir));
}

TEST(ServerStartTest, LoopbackAddresses) {
  EXPECT_TRUE(IsLoopbackAddress("127.0.0.1:0"));
  EXPECT_TRUE(IsLoopbackAddress("localhost:50051"));
  EXPECT_TRUE(IsLoopbackAddress("[::1]:50051"));
  EXPECT_FALSE(IsLoopbackAddress("0.0.0.0:50051"));
  EXPECT_FALSE(IsLoopbackAddress("[::]:50051"));
  EXPECT_FALSE(IsLoopbackAddress("10.0.0.1:50051"));
  // A host name that merely starts like a loopback address is not one.
  EXPECT_FALSE(IsLoopbackAddress("127.example.com:50051"));
  EXPECT_TRUE(IsLoopbackAddress("127.3.4.5:50051"));
}

}  // namespace
}  // namespace spanlab
