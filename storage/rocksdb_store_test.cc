// Tests of the RocksDB store against a real database.
//
// Each test opens a fresh database in its own temporary directory, so tests
// are independent and can run in parallel; the directory is removed
// afterwards. Writes use the default (fsynced) durability unless a test is
// about throughput.
#include "storage/rocksdb_store.h"

#include <stdlib.h>

#include <atomic>
#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "gmock/gmock.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "rocksdb/write_batch.h"
#include "storage/schema_presets.h"
#include "storage/sequence_floor.h"

namespace spanlab {
namespace {

using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

MATCHER_P(EqualsProto, expected, "equals " + expected.ShortDebugString()) {
  std::string diff;
  google::protobuf::util::MessageDifferencer differencer;
  differencer.ReportDifferencesToString(&diff);
  if (differencer.Compare(expected, arg)) return true;
  *result_listener << diff;
  return false;
}

MATCHER_P(StatusIs, code, "") {
  if (arg.code() == code) return true;
  *result_listener << "status is " << arg;
  return false;
}

// Serialises deterministically (map entries sorted), so that equal records
// give equal bytes whatever order their maps were filled in.
std::string Bytes(const google::protobuf::MessageLite& m) {
  std::string out;
  {
    google::protobuf::io::StringOutputStream stream(&out);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    EXPECT_TRUE(m.SerializeToCodedStream(&coded));
  }
  return out;
}

std::string AnnotationName(absl::string_view project,
                           absl::string_view document, uint64_t id) {
  return absl::StrCat("projects/", project, "/documents/", document,
                      "/annotations/", absl::Hex(id, absl::kZeroPad16));
}

v1::Project MakeProject(const std::string& id) {
  v1::Project p;
  p.set_name("projects/" + id);
  p.set_project_id(id);
  p.set_display_name("Project " + id);
  *p.mutable_schema() = *SchemaPreset(kDefaultSchemaPreset);
  p.set_overlap(2);
  p.mutable_create_time()->set_seconds(1500000000);
  return p;
}

v1::Document MakeDocument(const std::string& project, const std::string& id,
                          const std::string& text) {
  v1::Document d;
  d.set_name(absl::StrCat("projects/", project, "/documents/", id));
  d.set_document_id(id);
  d.set_title("Title of " + id);
  d.set_source("https://example.com/" + id);
  (*d.mutable_metadata())["outlet"] = "wire";
  (*d.mutable_metadata())["date"] = "2017-07-07";
  d.set_text(text);
  d.set_length(static_cast<int64_t>(text.size()));  // ASCII texts only.
  // Not a real SHA-256: the store only compares hashes.
  d.set_content_hash("hash-of-" + text);
  return d;
}

v1::Annotation MakeAnnotation(v1::AnnotationKind kind,
                              const std::string& author,
                              const std::string& label, int64_t start,
                              int64_t end) {
  v1::Annotation a;
  a.set_start(start);
  a.set_end(end);
  a.set_label(label);
  a.set_kind(kind);
  a.set_author(author);
  a.set_revision(1);
  (*a.mutable_attributes())["source"] = "the minister";
  (*a.mutable_attributes())["cue"] = "said";
  if (kind == v1::AUTOMATIC) {
    a.set_model_version("tagger-1");
    a.set_score(0.75);
  }
  return a;
}

v1::Annotator MakeAnnotator(const std::string& id, v1::Role role) {
  v1::Annotator a;
  a.set_name("annotators/" + id);
  a.set_annotator_id(id);
  a.set_display_name("Annotator " + id);
  a.set_role(role);
  return a;
}

std::vector<std::string> Names(const std::vector<v1::Annotation>& items) {
  std::vector<std::string> out;
  for (const auto& a : items) out.push_back(a.name());
  return out;
}

class RocksDbStoreTest : public testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl =
        (std::filesystem::path(testing::TempDir()) / "spanlab_store_XXXXXX")
            .string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr) << "mkdtemp " << tmpl;
    dir_ = tmpl;
    store_ = Open();
    ASSERT_NE(store_, nullptr);
  }

  void TearDown() override {
    store_.reset();
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  std::unique_ptr<RocksDbStore> Open(
      Durability durability = Durability::kSync) {
    RocksDbStoreOptions options;
    options.durability = durability;
    options.block_cache_bytes = 1 << 20;
    auto store = RocksDbStore::Open(dir_, options);
    EXPECT_TRUE(store.ok()) << store.status();
    if (!store.ok()) return nullptr;
    return *std::move(store);
  }

  // Closes the store and opens the same directory again.
  void Reopen(Durability durability = Durability::kSync) {
    store_.reset();
    store_ = Open(durability);
    ASSERT_NE(store_, nullptr);
  }

  void CreateProjectAndDocument(const std::string& project = "p",
                                const std::string& document = "d") {
    absl::Status s = store_->CreateProject(MakeProject(project), "admin");
    ASSERT_TRUE(s.ok() || absl::IsAlreadyExists(s)) << s;
    s = store_->CreateDocument(
        project, MakeDocument(project, document, "Text of " + document),
        "admin");
    ASSERT_TRUE(s.ok()) << s;
  }

  // Creates `a` through a transaction, the way the service does, and returns
  // it as stored (with its name).
  v1::Annotation CreateAnnotation(const std::string& project,
                                  const std::string& document,
                                  v1::Annotation a) {
    auto tx = store_->BeginDocument(project, document);
    EXPECT_TRUE(tx.ok()) << tx.status();
    if (!tx.ok()) return a;
    auto id = (*tx)->NewId();
    EXPECT_TRUE(id.ok()) << id.status();
    if (!id.ok()) return a;
    a.set_name(AnnotationName(project, document, *id));
    (*tx)->Stage(*id, nullptr, a, "create", a.author());
    EXPECT_EQ((*tx)->staged(), 1u);
    const absl::Status s = (*tx)->Commit();
    EXPECT_TRUE(s.ok()) << s;
    return a;
  }

  // Applies `change` to annotation `id` through a transaction, bumping the
  // revision, and returns the new record.
  template <typename F>
  v1::Annotation UpdateAnnotation(const std::string& project,
                                  const std::string& document, uint64_t id,
                                  F change, const std::string& action) {
    auto tx = store_->BeginDocument(project, document);
    EXPECT_TRUE(tx.ok()) << tx.status();
    if (!tx.ok()) return {};
    auto before = (*tx)->Read(id);
    EXPECT_TRUE(before.ok()) << before.status();
    if (!before.ok()) return {};
    v1::Annotation after = *before;
    change(&after);
    after.set_revision(before->revision() + 1);
    (*tx)->Stage(id, &*before, after, action, "editor");
    const absl::Status s = (*tx)->Commit();
    EXPECT_TRUE(s.ok()) << s;
    return after;
  }

  // Every annotation the filter selects, following page tokens; also checks
  // that no page but the last is short.
  std::vector<v1::Annotation> ListAllAnnotations(const std::string& project,
                                                 const std::string& document,
                                                 const AnnotationFilter& filter,
                                                 int page_size) {
    std::vector<v1::Annotation> out;
    std::string token;
    for (int pages = 0; pages < 1000; ++pages) {
      auto page =
          store_->ListAnnotations(project, document, filter, page_size, token);
      EXPECT_TRUE(page.ok()) << page.status();
      if (!page.ok()) break;
      for (auto& a : page->items) out.push_back(std::move(a));
      token = page->next_page_token;
      if (token.empty()) break;
      EXPECT_THAT(page->items, SizeIs(page_size)) << "short page before end";
    }
    return out;
  }

  static uint64_t IdOf(const v1::Annotation& a) {
    const std::string& name = a.name();
    return std::stoull(name.substr(name.rfind('/') + 1), nullptr, 16);
  }

  std::string dir_;
  std::unique_ptr<RocksDbStore> store_;
};

// Projects.

TEST_F(RocksDbStoreTest, CreateAndGetProject) {
  const v1::Project p = MakeProject("alpha");
  ASSERT_TRUE(store_->CreateProject(p, "admin").ok());
  auto got = store_->GetProject("alpha");
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_THAT(**got, EqualsProto(p));
  EXPECT_EQ((*got)->document_count(), 0);
}

TEST_F(RocksDbStoreTest, GetMissingProjectIsNotFound) {
  auto got = store_->GetProject("nope");
  EXPECT_THAT(got.status(), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(got.status().message(), HasSubstr("nope"));
}

TEST_F(RocksDbStoreTest, DuplicateProjectIsAlreadyExistsAndKeepsOriginal) {
  ASSERT_TRUE(store_->CreateProject(MakeProject("alpha"), "admin").ok());
  v1::Project other = MakeProject("alpha");
  other.set_display_name("Impostor");
  const absl::Status s = store_->CreateProject(other, "admin");
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kAlreadyExists));
  EXPECT_THAT(s.message(), HasSubstr("alpha"));
  // The failed create must not have overwritten anything.
  EXPECT_EQ((*store_->GetProject("alpha"))->display_name(), "Project alpha");
}

TEST_F(RocksDbStoreTest, ListProjectsFollowsPageTokensToTheEnd) {
  // Created out of order; listings are in id order.
  for (const char* id : {"delta", "alpha", "echo", "charlie", "bravo"}) {
    ASSERT_TRUE(store_->CreateProject(MakeProject(id), "admin").ok());
  }
  std::vector<std::vector<std::string>> pages;
  std::string token;
  do {
    auto page = store_->ListProjects(2, token);
    ASSERT_TRUE(page.ok()) << page.status();
    std::vector<std::string> ids;
    for (const auto& p : page->items) ids.push_back(p.project_id());
    pages.push_back(ids);
    token = page->next_page_token;
    ASSERT_LE(pages.size(), 5u) << "page tokens never ran out";
  } while (!token.empty());
  // Exactly three pages: a full last page would not be followed by an empty
  // one.
  EXPECT_THAT(
      pages, ElementsAre(ElementsAre("alpha", "bravo"),
                         ElementsAre("charlie", "delta"), ElementsAre("echo")));
}

TEST_F(RocksDbStoreTest, ListProjectsExactMultipleOfPageSizeHasNoEmptyPage) {
  for (const char* id : {"alpha", "bravo", "charlie", "delta"}) {
    ASSERT_TRUE(store_->CreateProject(MakeProject(id), "admin").ok());
  }
  auto first = store_->ListProjects(2, "");
  ASSERT_TRUE(first.ok());
  ASSERT_FALSE(first->next_page_token.empty());
  auto second = store_->ListProjects(2, first->next_page_token);
  ASSERT_TRUE(second.ok());
  EXPECT_THAT(second->items, SizeIs(2));
  EXPECT_THAT(second->next_page_token, IsEmpty());
}

TEST_F(RocksDbStoreTest, ListProjectsWhenEmpty) {
  auto page = store_->ListProjects(10, "");
  ASSERT_TRUE(page.ok());
  EXPECT_THAT(page->items, IsEmpty());
  EXPECT_THAT(page->next_page_token, IsEmpty());
}

TEST_F(RocksDbStoreTest, MalformedPageTokenIsInvalidArgument) {
  ASSERT_TRUE(store_->CreateProject(MakeProject("alpha"), "admin").ok());
  for (const char* token : {"not a token!", "%%%", "\xff\xfe"}) {
    auto page = store_->ListProjects(2, token);
    EXPECT_THAT(page.status(), StatusIs(absl::StatusCode::kInvalidArgument))
        << token;
    // The message names the request field so the client can say which
    // argument was wrong.
    EXPECT_THAT(page.status().message(), HasSubstr("page_token"));
  }
  auto docs = store_->ListDocuments("alpha", 2, "not a token!", false);
  EXPECT_THAT(docs.status(), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(docs.status().message(), HasSubstr("page_token"));
}

TEST_F(RocksDbStoreTest, PageTokenOfAnotherListingIsInvalidArgument) {
  for (const char* project : {"p", "q"}) {
    ASSERT_TRUE(store_->CreateProject(MakeProject(project), "admin").ok());
    for (const char* doc : {"d1", "d2", "d3"}) {
      ASSERT_TRUE(
          store_
              ->CreateDocument(
                  project,
                  MakeDocument(project, doc, absl::StrCat(project, " ", doc)),
                  "admin")
              .ok());
    }
  }
  auto p_page = store_->ListDocuments("p", 1, "", false);
  ASSERT_TRUE(p_page.ok());
  ASSERT_FALSE(p_page->next_page_token.empty());
  // A token from project p's documents, used for project q's.
  auto q_page = store_->ListDocuments("q", 1, p_page->next_page_token, false);
  EXPECT_THAT(q_page.status(), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(q_page.status().message(), HasSubstr("page_token"));

  // Annotation listings: a token of one document's listing used for another
  // document, and a layer listing's token used for the full listing.
  for (int i = 0; i < 3; ++i) {
    CreateAnnotation("p", "d1",
                     MakeAnnotation(v1::HUMAN, "alice", "opinion", i, i + 1));
  }
  AnnotationFilter layer;
  layer.kind = v1::HUMAN;
  layer.author = "alice";
  auto layer_page = store_->ListAnnotations("p", "d1", layer, 1, "");
  ASSERT_TRUE(layer_page.ok());
  ASSERT_FALSE(layer_page->next_page_token.empty());
  auto all_page = store_->ListAnnotations("p", "d1", AnnotationFilter(), 1,
                                          layer_page->next_page_token);
  EXPECT_THAT(all_page.status(), StatusIs(absl::StatusCode::kInvalidArgument));

  auto d1_page = store_->ListAnnotations("p", "d1", AnnotationFilter(), 1, "");
  ASSERT_TRUE(d1_page.ok());
  ASSERT_FALSE(d1_page->next_page_token.empty());
  auto d2_page = store_->ListAnnotations("p", "d2", AnnotationFilter(), 1,
                                         d1_page->next_page_token);
  EXPECT_THAT(d2_page.status(), StatusIs(absl::StatusCode::kInvalidArgument));

  // A document listing's token used to list projects.
  auto projects = store_->ListProjects(1, p_page->next_page_token);
  EXPECT_THAT(projects.status(), StatusIs(absl::StatusCode::kInvalidArgument));
}

// Documents.

TEST_F(RocksDbStoreTest, CreateGetAndListDocuments) {
  ASSERT_TRUE(store_->CreateProject(MakeProject("p"), "admin").ok());
  const v1::Document d1 = MakeDocument("p", "d1", "First text.");
  const v1::Document d2 = MakeDocument("p", "d2", "Second text.");
  ASSERT_TRUE(store_->CreateDocument("p", d1, "admin").ok());
  EXPECT_EQ((*store_->GetProject("p"))->document_count(), 1);
  ASSERT_TRUE(store_->CreateDocument("p", d2, "admin").ok());
  EXPECT_EQ((*store_->GetProject("p"))->document_count(), 2);

  auto got = store_->GetDocument("p", "d1");
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_THAT(*got, EqualsProto(d1));

  auto with_text = store_->ListDocuments("p", 10, "", true);
  ASSERT_TRUE(with_text.ok());
  ASSERT_THAT(with_text->items, SizeIs(2));
  EXPECT_THAT(with_text->items[0], EqualsProto(d1));
  EXPECT_THAT(with_text->items[1], EqualsProto(d2));

  // Listings usually leave the (possibly large) text out.
  auto without_text = store_->ListDocuments("p", 1, "", false);
  ASSERT_TRUE(without_text.ok());
  ASSERT_THAT(without_text->items, SizeIs(1));
  EXPECT_THAT(without_text->items[0].text(), IsEmpty());
  EXPECT_EQ(without_text->items[0].content_hash(), d1.content_hash());
  auto rest =
      store_->ListDocuments("p", 1, without_text->next_page_token, false);
  ASSERT_TRUE(rest.ok());
  ASSERT_THAT(rest->items, SizeIs(1));
  EXPECT_EQ(rest->items[0].document_id(), "d2");
  EXPECT_THAT(rest->next_page_token, IsEmpty());
}

TEST_F(RocksDbStoreTest, ListingWithoutTextHoldsNoTextMemory) {
  // Exports list documents a page at a time without text while a slow
  // client reads; the page must not keep each text's memory.
  ASSERT_TRUE(store_->CreateProject(MakeProject("p"), "admin").ok());
  const std::string text(100000, 'x');
  ASSERT_TRUE(
      store_->CreateDocument("p", MakeDocument("p", "big", text), "admin")
          .ok());
  auto page = store_->ListDocuments("p", 10, "", false);
  ASSERT_TRUE(page.ok());
  ASSERT_THAT(page->items, SizeIs(1));
  EXPECT_LT(page->items[0].text().capacity(), 1000u);
}

TEST_F(RocksDbStoreTest, DocumentsOfAProjectDoNotLeakIntoAnother) {
  // "p" is a prefix of "p2"; the encoding must keep their documents apart.
  ASSERT_TRUE(store_->CreateProject(MakeProject("p"), "admin").ok());
  ASSERT_TRUE(store_->CreateProject(MakeProject("p2"), "admin").ok());
  ASSERT_TRUE(
      store_->CreateDocument("p", MakeDocument("p", "a", "one"), "admin").ok());
  ASSERT_TRUE(
      store_->CreateDocument("p2", MakeDocument("p2", "b", "two"), "admin")
          .ok());
  auto page = store_->ListDocuments("p", 10, "", false);
  ASSERT_TRUE(page.ok());
  ASSERT_THAT(page->items, SizeIs(1));
  EXPECT_EQ(page->items[0].document_id(), "a");
  EXPECT_THAT(store_->GetDocument("p", "b").status(),
              StatusIs(absl::StatusCode::kNotFound));
}

TEST_F(RocksDbStoreTest, DuplicateDocumentIdIsAlreadyExists) {
  ASSERT_TRUE(store_->CreateProject(MakeProject("p"), "admin").ok());
  ASSERT_TRUE(
      store_->CreateDocument("p", MakeDocument("p", "d1", "text"), "admin")
          .ok());
  const absl::Status s = store_->CreateDocument(
      "p", MakeDocument("p", "d1", "other text"), "admin");
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kAlreadyExists));
  EXPECT_THAT(s.message(), HasSubstr("d1"));
  // Neither the count nor the stored text changed.
  EXPECT_EQ((*store_->GetProject("p"))->document_count(), 1);
  EXPECT_EQ(store_->GetDocument("p", "d1")->text(), "text");
}

TEST_F(RocksDbStoreTest, DuplicateContentUnderAnotherIdNamesTheExistingOne) {
  ASSERT_TRUE(store_->CreateProject(MakeProject("p"), "admin").ok());
  ASSERT_TRUE(store_
                  ->CreateDocument(
                      "p", MakeDocument("p", "original", "same text"), "admin")
                  .ok());
  const absl::Status s = store_->CreateDocument(
      "p", MakeDocument("p", "copy", "same text"), "admin");
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kAlreadyExists));
  // The importer needs to know which document already holds the text.
  EXPECT_THAT(s.message(), HasSubstr("\"original\""));
  EXPECT_THAT(store_->GetDocument("p", "copy").status(),
              StatusIs(absl::StatusCode::kNotFound));
  EXPECT_EQ((*store_->GetProject("p"))->document_count(), 1);
}

TEST_F(RocksDbStoreTest, SameContentInAnotherProjectIsFine) {
  // Content uniqueness is per project.
  for (const char* p : {"p", "q"}) {
    ASSERT_TRUE(store_->CreateProject(MakeProject(p), "admin").ok());
    EXPECT_TRUE(
        store_->CreateDocument(p, MakeDocument(p, "d", "same text"), "admin")
            .ok());
  }
}

TEST_F(RocksDbStoreTest, DocumentInMissingProjectIsNotFound) {
  const absl::Status s = store_->CreateDocument(
      "ghost", MakeDocument("ghost", "d", "text"), "admin");
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(s.message(), HasSubstr("ghost"));
  EXPECT_THAT(store_->GetDocument("ghost", "d").status(),
              StatusIs(absl::StatusCode::kNotFound));
}

// Annotations.

TEST_F(RocksDbStoreTest, BeginDocumentOnMissingDocumentIsNotFound) {
  ASSERT_TRUE(store_->CreateProject(MakeProject("p"), "admin").ok());
  EXPECT_THAT(store_->BeginDocument("p", "missing").status(),
              StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(store_->BeginDocument("nope", "missing").status(),
              StatusIs(absl::StatusCode::kNotFound));
}

TEST_F(RocksDbStoreTest, CommittedAnnotationIsReadable) {
  CreateProjectAndDocument();
  const v1::Annotation a = CreateAnnotation(
      "p", "d", MakeAnnotation(v1::HUMAN, "alice", "attributed_claim", 0, 4));
  auto got = store_->GetAnnotation("p", "d", IdOf(a));
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_THAT(*got, EqualsProto(a));
  // Also through a transaction, which also carries the document.
  auto tx = store_->BeginDocument("p", "d");
  ASSERT_TRUE(tx.ok());
  EXPECT_EQ((*tx)->document().document_id(), "d");
  EXPECT_EQ((*tx)->document().text(), "Text of d");
  auto read = (*tx)->Read(IdOf(a));
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_THAT(*read, EqualsProto(a));
  EXPECT_THAT((*tx)->Read(IdOf(a) + 1).status(),
              StatusIs(absl::StatusCode::kNotFound));
}

TEST_F(RocksDbStoreTest, GetMissingAnnotationIsNotFound) {
  CreateProjectAndDocument();
  EXPECT_THAT(store_->GetAnnotation("p", "d", 42).status(),
              StatusIs(absl::StatusCode::kNotFound));
}

TEST_F(RocksDbStoreTest, NewIdsIncreaseAndAreUnused) {
  CreateProjectAndDocument();
  auto tx = store_->BeginDocument("p", "d");
  ASSERT_TRUE(tx.ok());
  uint64_t last = 0;
  for (int i = 0; i < 100; ++i) {
    auto id = (*tx)->NewId();
    ASSERT_TRUE(id.ok()) << id.status();
    EXPECT_GT(*id, last);
    last = *id;
  }
}

TEST_F(RocksDbStoreTest, StagedWritesAppearTogetherAtCommit) {
  CreateProjectAndDocument();
  auto tx = store_->BeginDocument("p", "d");
  ASSERT_TRUE(tx.ok());
  std::vector<v1::Annotation> staged;
  for (int i = 0; i < 3; ++i) {
    auto id = (*tx)->NewId();
    ASSERT_TRUE(id.ok());
    v1::Annotation a = MakeAnnotation(v1::HUMAN, "alice", "opinion", i, i + 2);
    a.set_name(AnnotationName("p", "d", *id));
    (*tx)->Stage(*id, nullptr, a, "create", "alice");
    staged.push_back(a);
  }
  EXPECT_EQ((*tx)->staged(), 3u);
  // Nothing is visible before the commit, not even to the transaction.
  EXPECT_THAT(store_->GetAnnotation("p", "d", IdOf(staged[0])).status(),
              StatusIs(absl::StatusCode::kNotFound));
  auto layer = (*tx)->ReadLayer(v1::HUMAN, "alice", false);
  ASSERT_TRUE(layer.ok());
  EXPECT_THAT(*layer, IsEmpty());
  ASSERT_TRUE((*tx)->Commit().ok());
  tx->reset();

  auto all = ListAllAnnotations("p", "d", AnnotationFilter(), 10);
  ASSERT_THAT(all, SizeIs(3));
  for (int i = 0; i < 3; ++i) EXPECT_THAT(all[i], EqualsProto(staged[i]));
}

TEST_F(RocksDbStoreTest, TransactionDestroyedWithoutCommitLeavesNothing) {
  CreateProjectAndDocument();
  const size_t audit_before = store_->ReadAudit("p", "d")->size();
  uint64_t id = 0;
  {
    auto tx = store_->BeginDocument("p", "d");
    ASSERT_TRUE(tx.ok());
    id = *(*tx)->NewId();
    v1::Annotation a = MakeAnnotation(v1::HUMAN, "alice", "opinion", 0, 3);
    a.set_name(AnnotationName("p", "d", id));
    (*tx)->Stage(id, nullptr, a, "create", "alice");
    EXPECT_EQ((*tx)->staged(), 1u);
  }  // Abandoned: no Commit.
  EXPECT_THAT(store_->GetAnnotation("p", "d", id).status(),
              StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(ListAllAnnotations("p", "d", AnnotationFilter(), 10), IsEmpty());
  AnnotationFilter layer;
  layer.kind = v1::HUMAN;
  layer.author = "alice";
  // No dangling index entry either: the layer listing would fail to fetch
  // the record it points at.
  auto page = store_->ListAnnotations("p", "d", layer, 10, "");
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_THAT(page->items, IsEmpty());
  EXPECT_THAT(*store_->ReadAudit("p", "d"), SizeIs(audit_before));
  // And the document's lock was released with the transaction.
  auto again = store_->BeginDocument("p", "d");
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE((*again)->Commit().ok()) << "empty commit";
}

class AnnotationListingTest : public RocksDbStoreTest {
 protected:
  void SetUp() override {
    RocksDbStoreTest::SetUp();
    CreateProjectAndDocument();
    // Interleaved creation so that layers are not contiguous in id order.
    alice_.push_back(Create(v1::HUMAN, "alice", 0));
    bob_.push_back(Create(v1::HUMAN, "bob", 1));
    alice_.push_back(Create(v1::HUMAN, "alice", 2));
    model_.push_back(Create(v1::AUTOMATIC, "tagger", 3));
    gold_.push_back(Create(v1::GOLD, "adjudicator1", 4));
    alice_.push_back(Create(v1::HUMAN, "alice", 5));
    gold_.push_back(Create(v1::GOLD, "adjudicator2", 6));
    bob_.push_back(Create(v1::HUMAN, "bob", 7));
    alice_.push_back(Create(v1::HUMAN, "alice", 8));
    all_ = {alice_[0], bob_[0],  alice_[1], model_[0], gold_[0],
            alice_[2], gold_[1], bob_[1],   alice_[3]};
  }

  v1::Annotation Create(v1::AnnotationKind kind, const std::string& author,
                        int start) {
    return CreateAnnotation(
        "p", "d", MakeAnnotation(kind, author, "opinion", start, start + 1));
  }

  static AnnotationFilter Layer(v1::AnnotationKind kind,
                                const std::string& author) {
    AnnotationFilter f;
    f.kind = kind;
    f.author = author;
    return f;
  }

  std::vector<v1::Annotation> alice_, bob_, model_, gold_, all_;
};

TEST_F(AnnotationListingTest, AllAnnotationsInIdOrder) {
  EXPECT_THAT(Names(ListAllAnnotations("p", "d", AnnotationFilter(), 100)),
              ElementsAreArray(Names(all_)));
}

TEST_F(AnnotationListingTest, OneLayer) {
  EXPECT_THAT(
      Names(ListAllAnnotations("p", "d", Layer(v1::HUMAN, "alice"), 100)),
      ElementsAreArray(Names(alice_)));
  EXPECT_THAT(Names(ListAllAnnotations("p", "d", Layer(v1::HUMAN, "bob"), 100)),
              ElementsAreArray(Names(bob_)));
  EXPECT_THAT(
      Names(ListAllAnnotations("p", "d", Layer(v1::AUTOMATIC, "tagger"), 100)),
      ElementsAreArray(Names(model_)));
  // The gold layer is one per document, whoever adjudicated.
  EXPECT_THAT(Names(ListAllAnnotations("p", "d", Layer(v1::GOLD, ""), 100)),
              ElementsAreArray(Names(gold_)));
  // A layer of another kind by the same name is a different layer.
  EXPECT_THAT(ListAllAnnotations("p", "d", Layer(v1::AUTOMATIC, "alice"), 100),
              IsEmpty());
  // An author that is a prefix of another sees only their own layer.
  EXPECT_THAT(ListAllAnnotations("p", "d", Layer(v1::HUMAN, "ali"), 100),
              IsEmpty());
}

TEST_F(AnnotationListingTest, KindWithoutAuthor) {
  AnnotationFilter humans;
  humans.kind = v1::HUMAN;
  std::vector<std::string> want;
  for (const auto& a : all_) {
    if (a.kind() == v1::HUMAN) want.push_back(a.name());
  }
  EXPECT_THAT(Names(ListAllAnnotations("p", "d", humans, 2)),
              ElementsAreArray(want));
}

TEST_F(AnnotationListingTest, ReadLayerMatchesListing) {
  auto tx = store_->BeginDocument("p", "d");
  ASSERT_TRUE(tx.ok());
  auto layer = (*tx)->ReadLayer(v1::HUMAN, "alice", false);
  ASSERT_TRUE(layer.ok()) << layer.status();
  ASSERT_THAT(*layer, SizeIs(alice_.size()));
  for (size_t i = 0; i < alice_.size(); ++i) {
    EXPECT_THAT((*layer)[i], EqualsProto(alice_[i]));
  }
}

TEST_F(AnnotationListingTest, PaginationOverAllAndOverALayer) {
  for (int page_size : {1, 2, 3, 4, 9, 10}) {
    SCOPED_TRACE(page_size);
    // ListAllAnnotations also checks that only the last page is short.
    EXPECT_THAT(
        Names(ListAllAnnotations("p", "d", AnnotationFilter(), page_size)),
        ElementsAreArray(Names(all_)));
    EXPECT_THAT(Names(ListAllAnnotations("p", "d", Layer(v1::HUMAN, "alice"),
                                         page_size)),
                ElementsAreArray(Names(alice_)));
  }
  // Page by page, explicitly: 9 annotations in pages of 4.
  auto first = store_->ListAnnotations("p", "d", AnnotationFilter(), 4, "");
  ASSERT_TRUE(first.ok());
  EXPECT_THAT(first->items, SizeIs(4));
  auto second = store_->ListAnnotations("p", "d", AnnotationFilter(), 4,
                                        first->next_page_token);
  ASSERT_TRUE(second.ok());
  EXPECT_THAT(second->items, SizeIs(4));
  auto third = store_->ListAnnotations("p", "d", AnnotationFilter(), 4,
                                       second->next_page_token);
  ASSERT_TRUE(third.ok());
  EXPECT_THAT(third->items, SizeIs(1));
  EXPECT_THAT(third->next_page_token, IsEmpty());
}

TEST_F(AnnotationListingTest, DeletedAnnotationsOnlyOnRequest) {
  // Tombstone alice's second annotation the way the service deletes.
  const v1::Annotation deleted = UpdateAnnotation(
      "p", "d", IdOf(alice_[1]),
      [](v1::Annotation* a) { a->set_deleted(true); }, "delete");
  ASSERT_TRUE(deleted.deleted());

  std::vector<std::string> live_alice = {alice_[0].name(), alice_[2].name(),
                                         alice_[3].name()};
  EXPECT_THAT(Names(ListAllAnnotations("p", "d", Layer(v1::HUMAN, "alice"), 2)),
              ElementsAreArray(live_alice));
  AnnotationFilter with_deleted = Layer(v1::HUMAN, "alice");
  with_deleted.include_deleted = true;
  const auto alice_all = ListAllAnnotations("p", "d", with_deleted, 2);
  EXPECT_THAT(Names(alice_all), ElementsAreArray(Names(alice_)));
  ASSERT_THAT(alice_all, SizeIs(4));
  EXPECT_THAT(alice_all[1], EqualsProto(deleted));

  // The full listing behaves the same.
  EXPECT_THAT(ListAllAnnotations("p", "d", AnnotationFilter(), 3),
              SizeIs(all_.size() - 1));
  AnnotationFilter everything;
  everything.include_deleted = true;
  EXPECT_THAT(ListAllAnnotations("p", "d", everything, 3), SizeIs(all_.size()));
  // The tombstone stays readable by id.
  auto got = store_->GetAnnotation("p", "d", IdOf(alice_[1]));
  ASSERT_TRUE(got.ok());
  EXPECT_TRUE(got->deleted());
  auto tx = store_->BeginDocument("p", "d");
  ASSERT_TRUE(tx.ok());
  EXPECT_THAT(*(*tx)->ReadLayer(v1::HUMAN, "alice", false), SizeIs(3));
  EXPECT_THAT(*(*tx)->ReadLayer(v1::HUMAN, "alice", true), SizeIs(4));
}

// The overlap check reads a layer's spans from its index alone; they must
// be the live records' spans, through updates, deletions and moves.
TEST_F(AnnotationListingTest, LayerSpansFromTheIndexMatchTheRecords) {
  UpdateAnnotation(
      "p", "d", IdOf(alice_[1]),
      [](v1::Annotation* a) { a->set_deleted(true); }, "delete");
  UpdateAnnotation(
      "p", "d", IdOf(alice_[2]),
      [](v1::Annotation* a) {
        a->set_start(20);
        a->set_end(24);
        a->set_label("disputed");
      },
      "update");
  // Bob's first span moves into the gold layer.
  UpdateAnnotation(
      "p", "d", IdOf(bob_[0]), [](v1::Annotation* a) { a->set_kind(v1::GOLD); },
      "update");
  const auto check = [&](v1::AnnotationKind kind, const std::string& author) {
    SCOPED_TRACE(absl::StrCat(kind, "/", author));
    auto tx = store_->BeginDocument("p", "d");
    ASSERT_TRUE(tx.ok());
    auto records = (*tx)->ReadLayer(kind, author, false);
    auto spans = (*tx)->ReadLayerSpans(kind, author);
    ASSERT_TRUE(records.ok() && spans.ok());
    ASSERT_EQ(spans->size(), records->size());
    for (size_t i = 0; i < spans->size(); ++i) {
      const IndexedSpan& got = (*spans)[i];
      const v1::Annotation& want = (*records)[i];
      EXPECT_EQ(got.id, IdOf(want));
      EXPECT_EQ(got.start, want.start());
      EXPECT_EQ(got.end, want.end());
      EXPECT_EQ(got.label, want.label());
      EXPECT_FALSE(got.deleted);
    }
  };
  check(v1::HUMAN, "alice");
  check(v1::HUMAN, "bob");
  check(v1::GOLD, "");
  auto tx = store_->BeginDocument("p", "d");
  ASSERT_TRUE(tx.ok());
  auto alice = (*tx)->ReadLayerSpans(v1::HUMAN, "alice");
  ASSERT_TRUE(alice.ok());
  ASSERT_THAT(*alice, SizeIs(3));
  EXPECT_EQ((*alice)[1].start, 20);
  EXPECT_EQ((*alice)[1].label, "disputed");
  auto gold = (*tx)->ReadLayerSpans(v1::GOLD, "");
  ASSERT_TRUE(gold.ok());
  EXPECT_THAT(*gold, SizeIs(3));
}

class LegacyIndexTest : public AnnotationListingTest {
 protected:
  // Rewrites every layer-index value of the store with `value`, straight in
  // RocksDB: empty is how entries were written before they held spans.
  void RewriteIndexValues(const std::string& value) {
    store_.reset();
    rocksdb::Options options;
    std::vector<std::string> names;
    ASSERT_TRUE(rocksdb::DB::ListColumnFamilies(options, dir_, &names).ok());
    std::vector<rocksdb::ColumnFamilyDescriptor> families;
    for (const auto& name : names) {
      rocksdb::ColumnFamilyOptions cf;
      if (name == "indexes") cf.merge_operator = NewMaxUint64MergeOperator();
      families.emplace_back(name, cf);
    }
    std::vector<rocksdb::ColumnFamilyHandle*> handles;
    rocksdb::DB* raw = nullptr;
    ASSERT_TRUE(
        rocksdb::DB::Open(options, dir_, families, &handles, &raw).ok());
    std::unique_ptr<rocksdb::DB> db(raw);
    rocksdb::ColumnFamilyHandle* indexes = nullptr;
    for (size_t i = 0; i < names.size(); ++i) {
      if (names[i] == "indexes") indexes = handles[i];
    }
    ASSERT_NE(indexes, nullptr);
    rocksdb::WriteBatch batch;
    std::unique_ptr<rocksdb::Iterator> it(
        db->NewIterator(rocksdb::ReadOptions(), indexes));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      if (it->key().starts_with("l")) batch.Put(indexes, it->key(), value);
    }
    it.reset();
    ASSERT_TRUE(db->Write(rocksdb::WriteOptions(), &batch).ok());
    for (auto* h : handles) db->DestroyColumnFamilyHandle(h);
    db.reset();
    store_ = Open();
    ASSERT_NE(store_, nullptr);
  }
};

TEST_F(LegacyIndexTest, EntriesWithoutSpansAreReadFromTheRecords) {
  UpdateAnnotation(
      "p", "d", IdOf(alice_[1]),
      [](v1::Annotation* a) { a->set_deleted(true); }, "delete");
  RewriteIndexValues("");
  auto tx = store_->BeginDocument("p", "d");
  ASSERT_TRUE(tx.ok());
  auto spans = (*tx)->ReadLayerSpans(v1::HUMAN, "alice");
  ASSERT_TRUE(spans.ok()) << spans.status();
  ASSERT_THAT(*spans, SizeIs(3));
  EXPECT_EQ((*spans)[0].id, IdOf(alice_[0]));
  EXPECT_EQ((*spans)[1].id, IdOf(alice_[2]));
  EXPECT_EQ((*spans)[1].start, alice_[2].start());
  EXPECT_EQ((*spans)[1].label, alice_[2].label());
  // The listing never read the values and is unchanged.
  EXPECT_THAT(
      Names(ListAllAnnotations("p", "d", Layer(v1::HUMAN, "alice"), 2)),
      ElementsAre(alice_[0].name(), alice_[2].name(), alice_[3].name()));
}

TEST_F(LegacyIndexTest, CorruptEntryIsDataLoss) {
  RewriteIndexValues("\x09garbage");
  auto tx = store_->BeginDocument("p", "d");
  ASSERT_TRUE(tx.ok());
  const absl::Status s = (*tx)->ReadLayerSpans(v1::HUMAN, "alice").status();
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kDataLoss));
  EXPECT_THAT(s.message(), HasSubstr("layer index"));
}

// A layer is fetched in batches (RocksDbStore::kLayerBatch records per
// MultiGet); pages must not care where one batch ends and the next starts,
// even when tombstones are skipped on either side of the boundary.
TEST_F(AnnotationListingTest, LayerLongerThanAFetchBatch) {
  std::vector<std::string> live = Names(alice_);
  std::vector<std::string> everything = live;
  for (int i = 0; i < 150; ++i) {
    const v1::Annotation a = Create(v1::HUMAN, "alice", 10 + i);
    everything.push_back(a.name());
    // Every seventh, and a run around the first boundary, is deleted.
    if (i % 7 == 3 || (i >= 58 && i <= 64)) {
      UpdateAnnotation(
          "p", "d", IdOf(a), [](v1::Annotation* x) { x->set_deleted(true); },
          "delete");
    } else {
      live.push_back(a.name());
    }
  }
  AnnotationFilter with_deleted = Layer(v1::HUMAN, "alice");
  with_deleted.include_deleted = true;
  for (int page_size : {1, 7, 63, 64, 65, 100, 1000}) {
    SCOPED_TRACE(page_size);
    EXPECT_THAT(Names(ListAllAnnotations("p", "d", Layer(v1::HUMAN, "alice"),
                                         page_size)),
                ElementsAreArray(live));
    EXPECT_THAT(Names(ListAllAnnotations("p", "d", with_deleted, page_size)),
                ElementsAreArray(everything));
  }
}

TEST_F(AnnotationListingTest, VisiblePredicateKeepsPagesFull) {
  // A blind-annotation view: everything except other humans' layers.
  AnnotationFilter blind;
  blind.visible = [](const v1::Annotation& a) {
    return a.kind() != v1::HUMAN || a.author() == "bob";
  };
  std::vector<std::string> want;
  for (const auto& a : all_) {
    if (a.kind() != v1::HUMAN || a.author() == "bob") want.push_back(a.name());
  }
  ASSERT_THAT(want, SizeIs(5));
  for (int page_size : {1, 2, 5, 6}) {
    SCOPED_TRACE(page_size);
    EXPECT_THAT(Names(ListAllAnnotations("p", "d", blind, page_size)),
                ElementsAreArray(want));
  }
  // Combined with a layer filter, the predicate still applies.
  AnnotationFilter hidden = Layer(v1::HUMAN, "alice");
  hidden.visible = blind.visible;
  EXPECT_THAT(ListAllAnnotations("p", "d", hidden, 2), IsEmpty());
}

TEST_F(AnnotationListingTest, MovingAnnotationToAnotherLayerReindexesIt) {
  // Adjudication can promote a human annotation into the gold layer.
  const v1::Annotation promoted = UpdateAnnotation(
      "p", "d", IdOf(bob_[0]),
      [](v1::Annotation* a) {
        a->set_kind(v1::GOLD);
        a->set_author("adjudicator1");
      },
      "update");
  EXPECT_THAT(*store_->GetAnnotation("p", "d", IdOf(bob_[0])),
              EqualsProto(promoted));
  EXPECT_THAT(Names(ListAllAnnotations("p", "d", Layer(v1::HUMAN, "bob"), 10)),
              ElementsAre(bob_[1].name()));
  EXPECT_THAT(Names(ListAllAnnotations("p", "d", Layer(v1::GOLD, ""), 10)),
              ElementsAre(bob_[0].name(), gold_[0].name(), gold_[1].name()));
}

TEST_F(AnnotationListingTest, AnnotationsOfAnotherDocumentAreSeparate) {
  ASSERT_TRUE(
      store_->CreateDocument("p", MakeDocument("p", "d2", "other"), "admin")
          .ok());
  EXPECT_THAT(ListAllAnnotations("p", "d2", AnnotationFilter(), 10), IsEmpty());
  EXPECT_THAT(ListAllAnnotations("p", "d2", Layer(v1::HUMAN, "alice"), 10),
              IsEmpty());
  EXPECT_THAT(store_->GetAnnotation("p", "d2", IdOf(alice_[0])).status(),
              StatusIs(absl::StatusCode::kNotFound));
}

TEST_F(RocksDbStoreTest, AuditHasOneEntryPerStagedChange) {
  CreateProjectAndDocument();
  const v1::Annotation a = CreateAnnotation(
      "p", "d", MakeAnnotation(v1::HUMAN, "alice", "opinion", 0, 4));
  const v1::Annotation b = CreateAnnotation(
      "p", "d", MakeAnnotation(v1::HUMAN, "alice", "disputed", 5, 9));
  const v1::Annotation a2 = UpdateAnnotation(
      "p", "d", IdOf(a), [](v1::Annotation* x) { x->set_note("checked"); },
      "update");
  const v1::Annotation b2 = UpdateAnnotation(
      "p", "d", IdOf(b), [](v1::Annotation* x) { x->set_deleted(true); },
      "delete");

  auto audit = store_->ReadAudit("p", "d");
  ASSERT_TRUE(audit.ok()) << audit.status();
  // The document's own creation comes first, then the four changes.
  ASSERT_THAT(*audit, SizeIs(5));
  EXPECT_EQ((*audit)[0].action(), "create");
  EXPECT_EQ((*audit)[0].resource(), "projects/p/documents/d");
  EXPECT_FALSE((*audit)[0].has_after());

  struct Want {
    const char* action;
    const char* actor;
    const v1::Annotation* before;
    const v1::Annotation* after;
  };
  const Want want[] = {{"create", "alice", nullptr, &a},
                       {"create", "alice", nullptr, &b},
                       {"update", "editor", &a, &a2},
                       {"delete", "editor", &b, &b2}};
  for (int i = 0; i < 4; ++i) {
    SCOPED_TRACE(i);
    const v1::AuditEntry& e = (*audit)[i + 1];
    EXPECT_EQ(e.action(), want[i].action);
    EXPECT_EQ(e.actor(), want[i].actor);
    EXPECT_EQ(e.resource(), want[i].after->name());
    EXPECT_TRUE(e.has_time());
    EXPECT_EQ(e.has_before(), want[i].before != nullptr);
    if (want[i].before != nullptr) {
      EXPECT_THAT(e.before(), EqualsProto(*want[i].before));
    }
    EXPECT_THAT(e.after(), EqualsProto(*want[i].after));
    // Oldest first, by sequence.
    EXPECT_GT(e.sequence(), (*audit)[i].sequence());
  }
  // Another document's log is separate.
  ASSERT_TRUE(
      store_->CreateDocument("p", MakeDocument("p", "d2", "other"), "admin")
          .ok());
  EXPECT_THAT(*store_->ReadAudit("p", "d2"), SizeIs(1));
}

TEST_F(RocksDbStoreTest, ReadAllDecisionsHasEveryAnnotatorOfTheDocumentOnly) {
  CreateProjectAndDocument("p", "d");
  // "d" is a prefix of "d2" and "al" of "alice" as strings, not as keys.
  CreateProjectAndDocument("p", "d2");
  CreateProjectAndDocument("p2", "d");
  auto none = store_->ReadAllDecisions("p", "d");
  ASSERT_TRUE(none.ok()) << none.status();
  EXPECT_THAT(*none, IsEmpty());

  constexpr auto kAccepted = SuggestionDecision::kAccepted;
  constexpr auto kRejected = SuggestionDecision::kRejected;
  const auto decide = [&](const std::string& project,
                          const std::string& document,
                          const std::string& annotator, uint64_t first,
                          uint64_t count, SuggestionDecision decision) {
    auto tx = store_->BeginDocument(project, document);
    ASSERT_TRUE(tx.ok()) << tx.status();
    for (uint64_t id = first; id < first + count; ++id) {
      (*tx)->StageDecision(annotator, id, decision);
    }
    ASSERT_TRUE((*tx)->Commit().ok());
  };
  decide("p", "d", "alice", 7, 1, kRejected);
  decide("p", "d", "alice", 9, 1, kAccepted);
  decide("p", "d", "bob", 7, 1, kAccepted);
  decide("p", "d", "al", 3, 1, kRejected);
  // More than one page of the scan.
  decide("p", "d", "zed", 1000, 2500, kRejected);
  decide("p", "d2", "alice", 8, 1, kRejected);
  decide("p2", "d", "carol", 7, 1, kRejected);

  auto all = store_->ReadAllDecisions("p", "d");
  ASSERT_TRUE(all.ok()) << all.status();
  ASSERT_EQ(all->size(), 4u);
  EXPECT_EQ(all->at("alice"), (DecisionMap{{7, kRejected}, {9, kAccepted}}));
  EXPECT_EQ(all->at("bob"), (DecisionMap{{7, kAccepted}}));
  EXPECT_EQ(all->at("al"), (DecisionMap{{3, kRejected}}));
  EXPECT_EQ(all->at("zed").size(), 2500u);
  // The same as reading each annotator's on their own.
  for (const auto& [annotator, decisions] : *all) {
    auto one = store_->ReadDecisions("p", "d", annotator);
    ASSERT_TRUE(one.ok()) << one.status();
    EXPECT_EQ(*one, decisions) << annotator;
  }
  auto other = store_->ReadAllDecisions("p", "d2");
  ASSERT_TRUE(other.ok()) << other.status();
  ASSERT_EQ(other->size(), 1u);
  EXPECT_EQ(other->at("alice"), (DecisionMap{{8, kRejected}}));
  auto other_project = store_->ReadAllDecisions("p2", "d");
  ASSERT_TRUE(other_project.ok()) << other_project.status();
  ASSERT_EQ(other_project->size(), 1u);
  EXPECT_EQ(other_project->at("carol"), (DecisionMap{{7, kRejected}}));
}

TEST_F(RocksDbStoreTest, LayerAuthor) {
  // HUMAN and AUTOMATIC layers belong to their author; GOLD is shared.
  EXPECT_EQ(LayerAuthor(MakeAnnotation(v1::HUMAN, "alice", "opinion", 0, 1)),
            "alice");
  EXPECT_EQ(
      LayerAuthor(MakeAnnotation(v1::AUTOMATIC, "tagger", "opinion", 0, 1)),
      "tagger");
  EXPECT_EQ(
      LayerAuthor(MakeAnnotation(v1::GOLD, "adjudicator1", "opinion", 0, 1)),
      "");
  EXPECT_EQ(
      LayerAuthor(MakeAnnotation(v1::GOLD, "adjudicator2", "opinion", 0, 1)),
      "");
}

// Credentials.

TEST_F(RocksDbStoreTest, AnnotatorsAndTokens) {
  const v1::Annotator alice = MakeAnnotator("alice", v1::ANNOTATOR);
  const v1::Annotator judge = MakeAnnotator("judge", v1::ADJUDICATOR);
  const v1::Annotator tagger = MakeAnnotator("tagger", v1::MODEL);
  ASSERT_TRUE(store_->CreateAnnotator(alice, "hash-alice").ok());
  ASSERT_TRUE(store_->CreateAnnotator(judge, "hash-judge").ok());
  ASSERT_TRUE(store_->CreateAnnotator(tagger, "hash-tagger").ok());

  auto found = store_->LookupToken("hash-judge");
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_THAT(*found, EqualsProto(judge));
  EXPECT_THAT(store_->LookupToken("hash-nobody").status(),
              StatusIs(absl::StatusCode::kNotFound));
  // Token lookup is by the exact hash, not a prefix of it.
  EXPECT_THAT(store_->LookupToken("hash-alic").status(),
              StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(store_->LookupToken("").status(),
              StatusIs(absl::StatusCode::kNotFound));

  // Listed in id order across pages; token records never show up.
  auto first = store_->ListAnnotators(2, "");
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_THAT(first->items, SizeIs(2));
  EXPECT_THAT(first->items[0], EqualsProto(alice));
  EXPECT_THAT(first->items[1], EqualsProto(judge));
  auto second = store_->ListAnnotators(2, first->next_page_token);
  ASSERT_TRUE(second.ok()) << second.status();
  ASSERT_THAT(second->items, SizeIs(1));
  EXPECT_THAT(second->items[0], EqualsProto(tagger));
  EXPECT_THAT(second->next_page_token, IsEmpty());
}

TEST_F(RocksDbStoreTest, DuplicateAnnotatorIsAlreadyExists) {
  ASSERT_TRUE(
      store_->CreateAnnotator(MakeAnnotator("alice", v1::ANNOTATOR), "hash-1")
          .ok());
  const absl::Status s =
      store_->CreateAnnotator(MakeAnnotator("alice", v1::ADMIN), "hash-2");
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kAlreadyExists));
  EXPECT_THAT(s.message(), HasSubstr("alice"));
  // The rejected attempt must not leave a usable token or change the role.
  EXPECT_THAT(store_->LookupToken("hash-2").status(),
              StatusIs(absl::StatusCode::kNotFound));
  EXPECT_EQ(store_->LookupToken("hash-1")->role(), v1::ANNOTATOR);
  EXPECT_THAT(store_->ListAnnotators(10, "")->items, SizeIs(1));
}

google::protobuf::Timestamp Seconds(int64_t seconds) {
  google::protobuf::Timestamp t;
  t.set_seconds(seconds);
  return t;
}

TEST_F(RocksDbStoreTest, RevokeDeletesTheTokensAndKeepsTheRecord) {
  ASSERT_TRUE(
      store_->CreateAnnotator(MakeAnnotator("admin", v1::ADMIN), "hash-admin")
          .ok());
  ASSERT_TRUE(
      store_
          ->CreateAnnotator(MakeAnnotator("alice", v1::ANNOTATOR), "hash-alice")
          .ok());
  auto revoked = store_->RevokeAnnotator("alice", Seconds(1000));
  ASSERT_TRUE(revoked.ok()) << revoked.status();
  EXPECT_EQ(revoked->revoke_time().seconds(), 1000);
  EXPECT_THAT(store_->LookupToken("hash-alice").status(),
              StatusIs(absl::StatusCode::kNotFound));
  // Other tokens still work; the record is listed with its revocation time.
  EXPECT_EQ(store_->LookupToken("hash-admin")->annotator_id(), "admin");
  auto listed = store_->ListAnnotators(10, "");
  ASSERT_TRUE(listed.ok());
  ASSERT_THAT(listed->items, SizeIs(2));
  EXPECT_THAT(listed->items[1], EqualsProto(*revoked));
  // Revoking again keeps the first time; the id stays taken.
  auto again = store_->RevokeAnnotator("alice", Seconds(2000));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->revoke_time().seconds(), 1000);
  EXPECT_THAT(
      store_->CreateAnnotator(MakeAnnotator("alice", v1::ADMIN), "hash-new"),
      StatusIs(absl::StatusCode::kAlreadyExists));
}

TEST_F(RocksDbStoreTest, RevokeOfAnUnknownAnnotatorIsNotFound) {
  const auto s = store_->RevokeAnnotator("nobody", Seconds(1));
  EXPECT_THAT(s.status(), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(s.status().message(), HasSubstr("annotators/nobody"));
}

TEST_F(RocksDbStoreTest, TheLastWorkingAdminCannotBeRevoked) {
  ASSERT_TRUE(
      store_->CreateAnnotator(MakeAnnotator("root", v1::ADMIN), "hash-root")
          .ok());
  v1::Annotator expiring = MakeAnnotator("temp", v1::ADMIN);
  *expiring.mutable_expire_time() = Seconds(500);
  ASSERT_TRUE(store_->CreateAnnotator(expiring, "hash-temp").ok());

  // After temp's token expired, root is the only admin left.
  auto s = store_->RevokeAnnotator("root", Seconds(600));
  EXPECT_THAT(s.status(), StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(s.status().message(), HasSubstr("last ADMIN"));
  EXPECT_EQ(store_->LookupToken("hash-root")->annotator_id(), "root");
  // Before, temp still counts.
  ASSERT_TRUE(store_->RevokeAnnotator("root", Seconds(400)).ok());
  // Now temp is the last one; an expired admin may always be revoked.
  EXPECT_THAT(store_->RevokeAnnotator("temp", Seconds(450)).status(),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_TRUE(store_->RevokeAnnotator("temp", Seconds(700)).ok());
}

TEST_F(RocksDbStoreTest, AdminsRevokingEachOtherAtOnceLeaveOne) {
  for (int round = 0; round < 20; ++round) {
    const std::string a = absl::StrCat("a", round),
                      b = absl::StrCat("b", round);
    ASSERT_TRUE(
        store_->CreateAnnotator(MakeAnnotator(a, v1::ADMIN), "hash-" + a).ok());
    ASSERT_TRUE(
        store_->CreateAnnotator(MakeAnnotator(b, v1::ADMIN), "hash-" + b).ok());
    if (round > 0) {
      // Only this round's pair is left working.
      const std::string pa = absl::StrCat("a", round - 1);
      const std::string pb = absl::StrCat("b", round - 1);
      const std::string& survivor =
          store_->LookupToken("hash-" + pa).ok() ? pa : pb;
      ASSERT_TRUE(store_->RevokeAnnotator(survivor, Seconds(1)).ok());
    }
    absl::Status first, second;
    std::thread t1(
        [&] { first = store_->RevokeAnnotator(a, Seconds(1)).status(); });
    std::thread t2(
        [&] { second = store_->RevokeAnnotator(b, Seconds(1)).status(); });
    t1.join();
    t2.join();
    EXPECT_NE(first.ok(), second.ok()) << first << " / " << second;
  }
}

// Lifecycle.

// Everything the store can return, serialised deterministically, to compare
// a database before and after a restart.
std::vector<std::string> Snapshot(Store* store) {
  std::vector<std::string> out;
  auto projects = store->ListProjects(1000, "");
  EXPECT_TRUE(projects.ok());
  for (const auto& p : projects->items) {
    out.push_back(Bytes(p));
    out.push_back(Bytes(**store->GetProject(p.project_id())));
    auto docs = store->ListDocuments(p.project_id(), 1000, "", true);
    EXPECT_TRUE(docs.ok());
    for (const auto& d : docs->items) {
      out.push_back(Bytes(d));
      AnnotationFilter all;
      all.include_deleted = true;
      auto annotations = store->ListAnnotations(p.project_id(), d.document_id(),
                                                all, 1000, "");
      EXPECT_TRUE(annotations.ok());
      for (const auto& a : annotations->items) out.push_back(Bytes(a));
      // Held in a variable: a range-for over *temporary would dangle.
      auto audit = store->ReadAudit(p.project_id(), d.document_id());
      EXPECT_TRUE(audit.ok());
      for (const auto& e : *audit) out.push_back(Bytes(e));
    }
    // Project events are logged under the empty document id.
    auto project_audit = store->ReadAudit(p.project_id(), "");
    EXPECT_TRUE(project_audit.ok());
    for (const auto& e : *project_audit) out.push_back(Bytes(e));
  }
  auto annotators = store->ListAnnotators(1000, "");
  EXPECT_TRUE(annotators.ok());
  for (const auto& a : annotators->items) out.push_back(Bytes(a));
  out.push_back(Bytes(*store->LookupToken("hash-alice")));
  return out;
}

TEST_F(RocksDbStoreTest, ReopenKeepsEverythingByteIdentical) {
  for (const char* p : {"p", "q"}) CreateProjectAndDocument(p, "d");
  CreateProjectAndDocument("p", "e");
  const v1::Annotation a = CreateAnnotation(
      "p", "d", MakeAnnotation(v1::HUMAN, "alice", "opinion", 0, 3));
  CreateAnnotation("p", "d",
                   MakeAnnotation(v1::GOLD, "judge", "disputed", 1, 5));
  CreateAnnotation("q", "d",
                   MakeAnnotation(v1::AUTOMATIC, "tagger", "opinion", 2, 4));
  UpdateAnnotation(
      "p", "d", IdOf(a), [](v1::Annotation* x) { x->set_deleted(true); },
      "delete");
  ASSERT_TRUE(
      store_
          ->CreateAnnotator(MakeAnnotator("alice", v1::ANNOTATOR), "hash-alice")
          .ok());

  const std::vector<std::string> before = Snapshot(store_.get());
  // 2 projects (listed + got) + 3 docs + 3 annotations + audit entries.
  ASSERT_GT(before.size(), 15u);
  Reopen();
  EXPECT_EQ(Snapshot(store_.get()), before);

  // The reopened store keeps working: new ids do not collide with old ones.
  const v1::Annotation after_restart = CreateAnnotation(
      "p", "d", MakeAnnotation(v1::HUMAN, "bob", "opinion", 0, 1));
  EXPECT_NE(IdOf(after_restart), IdOf(a));
  EXPECT_THAT(ListAllAnnotations("p", "d", AnnotationFilter(), 10), SizeIs(2));
}

TEST_F(RocksDbStoreTest, OpenWhileOpenIsUnavailable) {
  RocksDbStoreOptions options;
  auto second = RocksDbStore::Open(dir_, options);
  EXPECT_THAT(second.status(), StatusIs(absl::StatusCode::kUnavailable));
  // The message helps an operator find the culprit.
  EXPECT_THAT(second.status().message(), HasSubstr(dir_));
  // The first instance is unaffected.
  EXPECT_TRUE(store_->CreateProject(MakeProject("p"), "admin").ok());
  // Once closed, the directory can be opened again.
  Reopen();
  EXPECT_TRUE(store_->GetProject("p").ok());
}

TEST_F(RocksDbStoreTest, BufferedDurabilityWorksAndPersistsAcrossReopen) {
  Reopen(Durability::kBuffered);
  CreateProjectAndDocument();
  const v1::Annotation a = CreateAnnotation(
      "p", "d", MakeAnnotation(v1::HUMAN, "alice", "opinion", 0, 3));
  ASSERT_TRUE(
      store_
          ->CreateAnnotator(MakeAnnotator("alice", v1::ANNOTATOR), "hash-alice")
          .ok());
  Reopen(Durability::kBuffered);
  auto got = store_->GetAnnotation("p", "d", IdOf(a));
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_THAT(*got, EqualsProto(a));
  EXPECT_EQ((*store_->GetProject("p"))->document_count(), 1);
  EXPECT_TRUE(store_->LookupToken("hash-alice").ok());
}

// Concurrency.

TEST_F(RocksDbStoreTest, ConcurrentReadModifyWriteLosesNoUpdate) {
  Reopen(Durability::kBuffered);
  CreateProjectAndDocument();
  const v1::Annotation a = CreateAnnotation(
      "p", "d", MakeAnnotation(v1::HUMAN, "alice", "opinion", 0, 3));
  const uint64_t id = IdOf(a);
  constexpr int kThreads = 16;
  constexpr int kIncrements = 200;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kIncrements; ++i) {
        auto tx = store_->BeginDocument("p", "d");
        if (!tx.ok()) {
          ++failures;
          continue;
        }
        auto before = (*tx)->Read(id);
        if (!before.ok()) {
          ++failures;
          continue;
        }
        v1::Annotation after = *before;
        after.set_revision(before->revision() + 1);
        (*tx)->Stage(id, &*before, after, "update", absl::StrCat("t", t));
        if (!(*tx)->Commit().ok()) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  ASSERT_EQ(failures.load(), 0);

  auto final_state = store_->GetAnnotation("p", "d", id);
  ASSERT_TRUE(final_state.ok());
  EXPECT_EQ(final_state->revision(), 1 + kThreads * kIncrements);

  // The audit log tells the same story: each update saw the previous one.
  auto audit = store_->ReadAudit("p", "d");
  ASSERT_TRUE(audit.ok());
  ASSERT_THAT(*audit, SizeIs(2 + kThreads * kIncrements));
  for (size_t i = 2; i < audit->size(); ++i) {
    const v1::AuditEntry& e = (*audit)[i];
    ASSERT_EQ(e.before().revision() + 1, e.after().revision()) << i;
    ASSERT_EQ(e.before().revision(), (*audit)[i - 1].after().revision()) << i;
  }
}

// Export and agreement read every record of a project once; that pass must
// not push out of the block cache what interactive reads keep there.
TEST_F(RocksDbStoreTest, WholeProjectScansLeaveTheBlockCacheAlone) {
  CreateProjectAndDocument();
  for (int i = 0; i < 200; ++i) {
    v1::Annotation a = MakeAnnotation(v1::HUMAN, "alice", "opinion", i, i + 1);
    a.set_note(std::string(200, 'n'));
    CreateAnnotation("p", "d", a);
  }
  // Reopening flushes what the log replays into table files, which is
  // where the block cache comes in.
  Reopen();
  const uint64_t before = store_->block_cache_usage();
  int records = 0;
  ASSERT_TRUE(store_
                  ->ForEachAnnotationRecord("p", "d",
                                            [&](absl::string_view) {
                                              ++records;
                                              return absl::OkStatus();
                                            })
                  .ok());
  EXPECT_EQ(records, 200);
  auto docs = store_->ListDocumentRecords("p", 10, "");
  ASSERT_TRUE(docs.ok()) << docs.status();
  ASSERT_THAT(docs->items, SizeIs(1));
  EXPECT_EQ(docs->items[0].document_id, "d");
  EXPECT_EQ(store_->block_cache_usage(), before);

  // An interactive listing of the same records does fill it.
  AnnotationFilter filter;
  filter.kind = v1::HUMAN;
  filter.author = "alice";
  EXPECT_THAT(ListAllAnnotations("p", "d", filter, 50), SizeIs(200));
  EXPECT_GT(store_->block_cache_usage(), before);
}

// GetProject serves a cached copy; creating documents replaces it. Readers
// racing the writer must never see the count go back, and once the writer
// is done every reader sees its last write (a reader that filled the cache
// from an older read must not have put that copy back).
TEST_F(RocksDbStoreTest, CachedProjectNeverGoesBack) {
  Reopen(Durability::kBuffered);
  ASSERT_TRUE(store_->CreateProject(MakeProject("p"), "admin").ok());
  constexpr int kDocuments = 200;
  constexpr int kReaders = 4;
  std::atomic<bool> done{false};
  std::atomic<int> failures{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < kReaders; ++t) {
    readers.emplace_back([&] {
      int64_t seen = 0;
      while (!done.load()) {
        auto p = store_->GetProject("p");
        if (!p.ok() || (*p)->document_count() < seen) {
          ++failures;
          return;
        }
        seen = (*p)->document_count();
      }
    });
  }
  for (int i = 0; i < kDocuments; ++i) {
    const std::string doc = absl::StrCat("d", i);
    ASSERT_TRUE(
        store_->CreateDocument("p", MakeDocument("p", doc, doc), "admin").ok());
  }
  done = true;
  for (auto& th : readers) th.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ((*store_->GetProject("p"))->document_count(), kDocuments);
  // A refused document changes nothing, cached or stored.
  EXPECT_FALSE(
      store_->CreateDocument("p", MakeDocument("p", "d0", "again"), "admin")
          .ok());
  EXPECT_EQ((*store_->GetProject("p"))->document_count(), kDocuments);
  Reopen(Durability::kBuffered);
  EXPECT_EQ((*store_->GetProject("p"))->document_count(), kDocuments);
}

TEST_F(RocksDbStoreTest, NewIdFromManyThreadsNeverCollides) {
  Reopen(Durability::kBuffered);
  ASSERT_TRUE(store_->CreateProject(MakeProject("p"), "admin").ok());
  constexpr int kThreads = 8;
  constexpr int kIds = 2000;
  // One document per thread, so the transactions really run in parallel;
  // plus every thread also takes turns on one shared document.
  for (int t = 0; t < kThreads; ++t) {
    const std::string doc = absl::StrCat("d", t);
    ASSERT_TRUE(
        store_->CreateDocument("p", MakeDocument("p", doc, doc), "admin").ok());
  }
  ASSERT_TRUE(
      store_
          ->CreateDocument("p", MakeDocument("p", "shared", "shared"), "admin")
          .ok());
  std::vector<std::vector<uint64_t>> ids(kThreads);
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      {
        auto tx = store_->BeginDocument("p", absl::StrCat("d", t));
        if (!tx.ok()) {
          ++failures;
          return;
        }
        for (int i = 0; i < kIds; ++i) {
          auto id = (*tx)->NewId();
          if (!id.ok()) {
            ++failures;
            continue;
          }
          ids[t].push_back(*id);
        }
      }
      for (int i = 0; i < 50; ++i) {
        auto tx = store_->BeginDocument("p", "shared");
        if (!tx.ok()) {
          ++failures;
          continue;
        }
        auto id = (*tx)->NewId();
        if (!id.ok()) {
          ++failures;
          continue;
        }
        ids[t].push_back(*id);
      }
    });
  }
  for (auto& th : threads) th.join();
  ASSERT_EQ(failures.load(), 0);
  std::set<uint64_t> unique;
  size_t total = 0;
  for (const auto& v : ids) {
    // Within one thread ids increase with time.
    for (size_t i = 1; i < v.size(); ++i) ASSERT_LT(v[i - 1], v[i]);
    unique.insert(v.begin(), v.end());
    total += v.size();
  }
  EXPECT_EQ(total, static_cast<size_t>(kThreads * (kIds + 50)));
  EXPECT_EQ(unique.size(), total);
}

}  // namespace
}  // namespace spanlab
