// RocksDbStore's assignment sessions when the in-memory assignment order
// (assignment_index.h) disagrees with the records: the store must notice,
// answer ABORTED rather than act on the wrong order, and rebuild it so that
// a retry is right. No public path makes the two disagree, so the test
// writes a record behind the store's back, as a bug or a write reported
// failed that was stored would.
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "rocksdb/db.h"
#include "storage/keys.h"
#include "storage/rocksdb_status.h"
#include "storage/rocksdb_store.h"
#include "storage/schema_presets.h"
#include "tests/support/status_matchers.h"
#include "tests/support/temp_dir.h"

namespace spanlab {

class RocksDbStoreTestPeer {
 public:
  // Stores `a` as document `document_id`'s assignment, bypassing the store.
  static absl::Status PutAssignment(RocksDbStore* store,
                                    absl::string_view project_id,
                                    absl::string_view document_id,
                                    const v1::DocumentAssignment& a) {
    return FromRocks(store->db_->Put(rocksdb::WriteOptions(),
                                     store->cf_[RocksDbStore::kAssignments],
                                     keys::Assignment(project_id, document_id),
                                     a.SerializeAsString()),
                     "test put");
  }
};

namespace {

using ::spanlab::testing_support::IsOk;
using ::spanlab::testing_support::StatusIs;
using ::spanlab::testing_support::TempDir;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

class RocksDbAssignmentsTest : public testing::Test {
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
    for (const char* id : {"d1", "d2", "d3"}) {
      v1::Document d;
      d.set_name(absl::StrCat("projects/p/documents/", id));
      d.set_document_id(id);
      d.set_text(absl::StrCat("Text of ", id, "."));
      d.set_length(static_cast<int64_t>(d.text().size()));
      d.set_content_hash(absl::StrCat("hash-", id));
      ASSERT_THAT(store_->CreateDocument("p", d, "admin"), IsOk());
    }
  }

  // The documents open to `annotator` at overlap 1, in the order offered.
  absl::StatusOr<std::vector<std::string>> OpenTo(absl::string_view annotator) {
    auto txn = store_->BeginAssignments("p");
    if (!txn.ok()) return txn.status();
    std::vector<std::string> out;
    absl::Status s = (*txn)->ForEachOpenTo(
        annotator, 1, [&](absl::string_view id, const v1::DocumentAssignment&) {
          out.emplace_back(id);
          return true;
        });
    if (!s.ok()) return s;
    return out;
  }

  absl::StatusOr<AssignmentSummary> Summary() {
    auto txn = store_->BeginAssignments("p");
    if (!txn.ok()) return txn.status();
    return (*txn)->Summarize(1);
  }

  static v1::DocumentAssignment FinishedBy(const std::string& annotator,
                                           const std::string& document_id) {
    v1::DocumentAssignment a;
    a.set_document("projects/p/documents/" + document_id);
    a.add_finished(annotator);
    return a;
  }

  TempDir dir_;
  std::unique_ptr<RocksDbStore> store_;
};

TEST_F(RocksDbAssignmentsTest, AStaleOrderIsRefusedThenRebuilt) {
  // Builds the order: every document untouched.
  ASSERT_THAT(OpenTo("y"), IsOk());
  ASSERT_THAT(RocksDbStoreTestPeer::PutAssignment(store_.get(), "p", "d1",
                                                  FinishedBy("x", "d1")),
              IsOk());

  // d1 comes first in the order the store holds, and its record disagrees.
  EXPECT_THAT(OpenTo("y"), StatusIs(absl::StatusCode::kAborted,
                                    AllOf(HasSubstr("project \"p\""),
                                          HasSubstr("document \"d1\""),
                                          HasSubstr("retry"))));
  // The retry sees the records: d1 is complete at overlap 1.
  auto open = OpenTo("y");
  ASSERT_THAT(open, IsOk());
  EXPECT_THAT(*open, ElementsAre("d2", "d3"));
  auto summary = Summary();
  ASSERT_THAT(summary, IsOk());
  EXPECT_EQ(summary->complete, 1);
  ASSERT_EQ(summary->annotators.size(), 1u);
  EXPECT_EQ(summary->annotators[0].first, "x");
  EXPECT_EQ(summary->annotators[0].second.done, 1);
}

TEST_F(RocksDbAssignmentsTest, ACommitOverAStaleOrderRebuildsIt) {
  ASSERT_THAT(Summary(), IsOk());  // builds the order
  // d2's record changes behind the store's back; then a session that never
  // walks the order (as FinishDocument does not) stores a change of d2.
  ASSERT_THAT(RocksDbStoreTestPeer::PutAssignment(store_.get(), "p", "d2",
                                                  FinishedBy("x", "d2")),
              IsOk());
  {
    auto txn = store_->BeginAssignments("p");
    ASSERT_THAT(txn, IsOk());
    auto a = (*txn)->Get("d2");
    ASSERT_THAT(a, IsOk());
    a->add_skipped("z");
    (*txn)->Put("d2", *a);
    ASSERT_THAT((*txn)->Commit(), IsOk());
  }
  // The commit found the order's state of d2 was not the record's, and
  // dropped the order: what follows is counted from the records.
  auto summary = Summary();
  ASSERT_THAT(summary, IsOk());
  EXPECT_EQ(summary->complete, 1);
  ASSERT_EQ(summary->annotators.size(), 2u);
  EXPECT_EQ(summary->annotators[0].first, "x");
  EXPECT_EQ(summary->annotators[0].second.done, 1);
  EXPECT_EQ(summary->annotators[1].first, "z");
  EXPECT_EQ(summary->annotators[1].second.skipped, 1);
  auto open = OpenTo("y");
  ASSERT_THAT(open, IsOk());
  EXPECT_THAT(*open, ElementsAre("d1", "d3"));
}

}  // namespace
}  // namespace spanlab
