// A stored record that does not parse (a disk or a bug wrote it; the store
// never does) must come back as DATA_LOSS naming what is corrupt, on every
// path that reads it, and must not stop the store from serving the records
// around it.
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "storage/rocksdb_store.h"
#include "storage/rocksdb_store_test_peer.h"
#include "storage/schema_presets.h"
#include "tests/support/status_matchers.h"
#include "tests/support/temp_dir.h"

namespace spanlab {
namespace {

using ::spanlab::testing_support::IsOk;
using ::spanlab::testing_support::StatusIs;
using ::spanlab::testing_support::TempDir;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// An unterminated varint: no protobuf message parses from it.
constexpr absl::string_view kGarbage = "\xff\xff\xff\xff";

class RocksDbCorruptionTest : public testing::Test {
 protected:
  void SetUp() override {
    auto store = RocksDbStore::Open(dir_.path() + "/db", {});
    ASSERT_THAT(store, IsOk());
    store_ = *std::move(store);
    v1::Project p;
    p.set_name("projects/p");
    p.set_project_id("p");
    *p.mutable_schema() = *SchemaPreset(kDefaultSchemaPreset);
    p.set_overlap(1);
    ASSERT_THAT(store_->CreateProject(p, "admin"), IsOk());
    for (const char* id : {"d1", "d2"}) {
      v1::Document d;
      d.set_name(absl::StrCat("projects/p/documents/", id));
      d.set_document_id(id);
      d.set_text(absl::StrCat("Text of ", id, "."));
      d.set_length(static_cast<int64_t>(d.text().size()));
      d.set_content_hash(absl::StrCat("hash-", id));
      ASSERT_THAT(store_->CreateDocument("p", d, "admin"), IsOk());
    }
  }

  TempDir dir_;
  std::unique_ptr<RocksDbStore> store_;
};

TEST_F(RocksDbCorruptionTest, AnAnnotationRecordIsDataLossOnEveryRead) {
  ASSERT_THAT(RocksDbStoreTestPeer::PutAnnotationRecord(
                  store_.get(), "p", "d1", 7, v1::HUMAN, "alice", kGarbage),
              IsOk());
  const auto corrupt = StatusIs(
      absl::StatusCode::kDataLoss,
      ::testing::AllOf(HasSubstr("document \"d1\""), HasSubstr("corrupt")));
  // Every annotation of the document, in key order.
  EXPECT_THAT(store_->ListAnnotations("p", "d1", AnnotationFilter(), 10, ""),
              corrupt);
  // One layer, through its index.
  AnnotationFilter layer;
  layer.kind = v1::HUMAN;
  layer.author = "alice";
  EXPECT_THAT(store_->ListAnnotations("p", "d1", layer, 10, ""), corrupt);
  // One annotation by id.
  EXPECT_THAT(store_->GetAnnotation("p", "d1", 7),
              StatusIs(absl::StatusCode::kDataLoss,
                       HasSubstr("annotation 0000000000000007")));
  // The next document is served as before.
  auto d2 = store_->ListAnnotations("p", "d2", AnnotationFilter(), 10, "");
  ASSERT_THAT(d2, IsOk());
  EXPECT_THAT(d2->items, IsEmpty());
}

TEST_F(RocksDbCorruptionTest, AnAssignmentRecordIsDataLossForTheProject) {
  ASSERT_THAT(RocksDbStoreTestPeer::PutAssignmentRecord(store_.get(), "p", "d1",
                                                        kGarbage),
              IsOk());
  auto txn = store_->BeginAssignments("p");
  ASSERT_THAT(txn, IsOk());
  // Building the order reads every record.
  EXPECT_THAT((*txn)->Summarize(1),
              StatusIs(absl::StatusCode::kDataLoss,
                       HasSubstr("assignment record of document \"d1\"")));
  EXPECT_THAT((*txn)->Get("d1"),
              StatusIs(absl::StatusCode::kDataLoss, HasSubstr("\"d1\"")));
  // The other document's record, and the document itself, still read.
  EXPECT_THAT((*txn)->Get("d2"), IsOk());
  txn->reset();
  EXPECT_THAT(store_->GetDocument("p", "d1"), IsOk());
}

}  // namespace
}  // namespace spanlab
