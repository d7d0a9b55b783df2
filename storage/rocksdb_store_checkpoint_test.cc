// Tests of RocksDbStore::Checkpoint: what a checkpoint holds, that it opens
// as a store of its own, that it is consistent while writers run, and that
// a refused path leaves everything as it was.
#include <sys/stat.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "storage/rocksdb_store.h"
#include "storage/schema_presets.h"
#include "tests/support/status_matchers.h"
#include "tests/support/temp_dir.h"

namespace spanlab {
namespace {

namespace fs = std::filesystem;

using ::spanlab::testing_support::StatusIs;
using ::spanlab::testing_support::TempDir;
using ::testing::HasSubstr;

v1::Project MakeProject(const std::string& id) {
  v1::Project p;
  p.set_name("projects/" + id);
  p.set_project_id(id);
  *p.mutable_schema() = *SchemaPreset(kDefaultSchemaPreset);
  p.set_overlap(2);
  return p;
}

v1::Document MakeDocument(const std::string& id) {
  v1::Document d;
  d.set_name("projects/p/documents/" + id);
  d.set_document_id(id);
  d.set_text("Text of " + id);
  d.set_length(static_cast<int64_t>(d.text().size()));
  d.set_content_hash("hash-of-" + id);
  return d;
}

v1::Annotator MakeAnnotator(const std::string& id) {
  v1::Annotator a;
  a.set_name("annotators/" + id);
  a.set_annotator_id(id);
  a.set_role(v1::ANNOTATOR);
  return a;
}

// Audit entries recording a new annotation (document creation has one too,
// without an annotation).
int CreatedInAudit(const std::vector<v1::AuditEntry>& audit) {
  int n = 0;
  for (const auto& e : audit) n += e.action() == "create" && e.has_after();
  return n;
}

class CheckpointTest : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = temp_dir_.path();
    store_ = Open(dir_ + "/db");
    ASSERT_NE(store_, nullptr);
    ASSERT_TRUE(store_->CreateProject(MakeProject("p"), "admin").ok());
  }

  void TearDown() override { store_.reset(); }

  static std::unique_ptr<RocksDbStore> Open(const std::string& path) {
    RocksDbStoreOptions options;
    options.durability = Durability::kBuffered;
    options.block_cache_bytes = 1 << 20;
    auto store = RocksDbStore::Open(path, options);
    EXPECT_TRUE(store.ok()) << store.status();
    return store.ok() ? *std::move(store) : nullptr;
  }

  // Creates an annotation of `author` on `document` the way the service
  // does: record, layer index and audit entry in one commit.
  static absl::Status Label(Store* store, const std::string& document,
                            const std::string& author) {
    auto tx = store->BeginDocument("p", document);
    if (!tx.ok()) return tx.status();
    auto id = (*tx)->NewId();
    if (!id.ok()) return id.status();
    v1::Annotation a;
    a.set_name(absl::StrCat("projects/p/documents/", document, "/annotations/",
                            absl::Hex(*id, absl::kZeroPad16)));
    a.set_start(0);
    a.set_end(4);
    a.set_label("opinion");
    a.set_kind(v1::HUMAN);
    a.set_author(author);
    a.set_revision(1);
    (*tx)->Stage(*id, nullptr, a, "create", author);
    return (*tx)->Commit();
  }

  // Every annotation of `document` in `store`, through `filter`.
  static std::vector<v1::Annotation> List(Store* store,
                                          const std::string& document,
                                          const AnnotationFilter& filter) {
    std::vector<v1::Annotation> out;
    std::string token;
    do {
      auto page = store->ListAnnotations("p", document, filter, 1000, token);
      EXPECT_TRUE(page.ok()) << page.status();
      if (!page.ok()) break;
      out.insert(out.end(), page->items.begin(), page->items.end());
      token = page->next_page_token;
    } while (!token.empty());
    return out;
  }

  TempDir temp_dir_;
  std::string dir_;
  std::unique_ptr<RocksDbStore> store_;
};

TEST_F(CheckpointTest, HoldsEveryRecordKindAndOpensAsAStore) {
  ASSERT_TRUE(store_->CreateDocument("p", MakeDocument("d"), "admin").ok());
  ASSERT_TRUE(Label(store_.get(), "d", "alice").ok());
  ASSERT_TRUE(store_->CreateAnnotator(MakeAnnotator("alice"), "hash-a").ok());

  auto info = store_->Checkpoint(dir_ + "/backup");
  ASSERT_TRUE(info.ok()) << info.status();
  EXPECT_GT(info->size_bytes, 0);
  EXPECT_GT(info->sequence_number, 0u);

  // The live store goes on; its later writes are not in the copy.
  ASSERT_TRUE(Label(store_.get(), "d", "bob").ok());
  ASSERT_TRUE(store_->CreateDocument("p", MakeDocument("e"), "admin").ok());

  auto copy = Open(dir_ + "/backup");
  ASSERT_NE(copy, nullptr);
  EXPECT_TRUE(copy->GetProject("p").ok());
  auto doc = copy->GetDocument("p", "d");
  ASSERT_TRUE(doc.ok()) << doc.status();
  EXPECT_EQ(doc->text(), "Text of d");
  EXPECT_THAT(copy->GetDocument("p", "e").status(),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("e")));
  const auto annotations = List(copy.get(), "d", AnnotationFilter());
  ASSERT_EQ(annotations.size(), 1u);
  EXPECT_EQ(annotations[0].author(), "alice");
  auto audit = copy->ReadAudit("p", "d");
  ASSERT_TRUE(audit.ok()) << audit.status();
  EXPECT_EQ(CreatedInAudit(*audit), 1);
  auto who = copy->LookupToken("hash-a");
  ASSERT_TRUE(who.ok()) << who.status();
  EXPECT_EQ(who->annotator_id(), "alice");
  // The copy is writable: it is a database of its own.
  EXPECT_TRUE(Label(copy.get(), "d", "carol").ok());
  EXPECT_EQ(List(store_.get(), "d", AnnotationFilter()).size(), 2u);
}

TEST_F(CheckpointTest, HardLinksTableFilesAndSequenceNumbersGrow) {
  ASSERT_TRUE(store_->CreateDocument("p", MakeDocument("d"), "admin").ok());
  ASSERT_TRUE(Label(store_.get(), "d", "alice").ok());
  auto first = store_->Checkpoint(dir_ + "/one");
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_TRUE(Label(store_.get(), "d", "bob").ok());
  // A trailing slash names the same directory.
  auto second = store_->Checkpoint(dir_ + "/two/");
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_GT(second->sequence_number, first->sequence_number);
  EXPECT_TRUE(fs::is_directory(dir_ + "/two"));
  EXPECT_FALSE(fs::exists(dir_ + "/two.tmp"));

  int tables = 0;
  for (const auto& entry : fs::directory_iterator(dir_ + "/one")) {
    if (entry.path().extension() != ".sst") continue;
    ++tables;
    // Same file system: shared with the live database (or the second
    // checkpoint), not copied.
    EXPECT_GE(fs::hard_link_count(entry.path()), 2u) << entry.path();
  }
  EXPECT_GT(tables, 0);
}

TEST_F(CheckpointTest, RefusedPathsChangeNothing) {
  const auto code = [&](const std::string& path) {
    return store_->Checkpoint(path).status();
  };
  EXPECT_THAT(code("relative/backup"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("path=\"relative/backup\": must be an "
                                 "absolute path")));
  EXPECT_THAT(code(""), StatusIs(absl::StatusCode::kInvalidArgument,
                                 HasSubstr("absolute")));
  EXPECT_THAT(code(dir_ + "/db/inside"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("inside the live database")));
  EXPECT_THAT(code(dir_ + "/db/../db/x"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("inside the live database")));
  EXPECT_THAT(code(dir_), StatusIs(absl::StatusCode::kAlreadyExists,
                                   HasSubstr("already exists")));
  EXPECT_THAT(code(dir_ + "/missing/backup"),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("parent directory")));

  // A directory where RocksDB would stage the copy keeps its files.
  fs::create_directory(dir_ + "/mine.tmp");
  std::ofstream(dir_ + "/mine.tmp/keep") << "precious";
  EXPECT_THAT(code(dir_ + "/mine"),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("mine.tmp exists")));
  EXPECT_TRUE(fs::exists(dir_ + "/mine.tmp/keep"));
  EXPECT_FALSE(fs::exists(dir_ + "/mine"));

  if (geteuid() != 0) {  // root writes anywhere
    fs::create_directory(dir_ + "/locked");
    fs::permissions(dir_ + "/locked",
                    fs::perms::owner_read | fs::perms::owner_exec);
    EXPECT_THAT(code(dir_ + "/locked/backup"),
                StatusIs(absl::StatusCode::kFailedPrecondition,
                         HasSubstr("may not write")));
    fs::permissions(dir_ + "/locked", fs::perms::owner_all);
  }
  EXPECT_TRUE(store_->CreateDocument("p", MakeDocument("d"), "admin").ok());
}

// Writers commit annotation, index entry and audit entry together while
// checkpoints are taken: in every checkpoint the three agree.
TEST_F(CheckpointTest, ConsistentWhileWritersRun) {
  constexpr int kWriters = 3;
  for (int w = 0; w < kWriters; ++w) {
    ASSERT_TRUE(
        store_->CreateDocument("p", MakeDocument(absl::StrCat("d", w)), "admin")
            .ok());
  }
  std::atomic<bool> stop{false};
  std::atomic<bool> failed{false};
  std::atomic<int> written{0};
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      while (!stop.load()) {
        const absl::Status s =
            Label(store_.get(), absl::StrCat("d", w), absl::StrCat("a", w));
        if (!s.ok()) {
          ADD_FAILURE() << s;
          failed = true;
          return;
        }
        written.fetch_add(1);
      }
    });
  }
  std::vector<std::string> backups;
  for (int i = 0; i < 5 && !failed.load(); ++i) {
    while (written.load() < 50 * (i + 1) && !failed.load()) {
      std::this_thread::yield();
    }
    backups.push_back(absl::StrCat(dir_, "/backup", i));
    auto info = store_->Checkpoint(backups.back());
    // Not ASSERT: the writers must be joined before the test ends.
    EXPECT_TRUE(info.ok()) << info.status();
    if (!info.ok()) break;
  }
  stop = true;
  for (auto& t : writers) t.join();

  size_t previous = 0;
  for (const std::string& path : backups) {
    SCOPED_TRACE(path);
    auto copy = Open(path);
    ASSERT_NE(copy, nullptr);
    size_t total = 0;
    for (int w = 0; w < kWriters; ++w) {
      const std::string doc = absl::StrCat("d", w);
      const auto records = List(copy.get(), doc, AnnotationFilter());
      AnnotationFilter layer;
      layer.kind = v1::HUMAN;
      layer.author = absl::StrCat("a", w);
      const auto indexed = List(copy.get(), doc, layer);
      auto audit = copy->ReadAudit("p", doc);
      ASSERT_TRUE(audit.ok()) << audit.status();
      EXPECT_EQ(indexed.size(), records.size());
      EXPECT_EQ(CreatedInAudit(*audit), static_cast<int>(records.size()));
      total += records.size();
    }
    // Later checkpoints hold at least what earlier ones did.
    EXPECT_GE(total, previous);
    previous = total;
  }
  EXPECT_GE(previous, 50u);
}

}  // namespace
}  // namespace spanlab
