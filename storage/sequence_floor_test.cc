// The sequence floor: its merge operator, and the store's ids staying unique
// when the clock steps backwards across a restart (the case the per-id
// existence read used to cover).
#include "storage/sequence_floor.h"

#include <algorithm>
#include <atomic>
#include <memory>
#include <set>
#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "storage/rocksdb_store.h"
#include "storage/schema_presets.h"
#include "tests/support/temp_dir.h"

namespace spanlab {
namespace {

bool MergeOnce(const rocksdb::MergeOperator& op, const std::string* existing,
               const std::string& operand, std::string* out) {
  auto* associative =
      static_cast<const rocksdb::AssociativeMergeOperator*>(&op);
  rocksdb::Slice existing_slice;
  if (existing != nullptr) existing_slice = *existing;
  return associative->Merge("s",
                            existing != nullptr ? &existing_slice : nullptr,
                            operand, out, nullptr);
}

TEST(SequenceFloorTest, EncodingRoundTripsAndRejectsOtherLengths) {
  for (uint64_t v :
       {uint64_t{0}, uint64_t{1}, uint64_t{1} << 40, ~uint64_t{0}}) {
    uint64_t back = 7;
    ASSERT_TRUE(DecodeSequenceFloor(EncodeSequenceFloor(v), &back));
    EXPECT_EQ(back, v);
  }
  uint64_t ignored = 0;
  EXPECT_FALSE(DecodeSequenceFloor("", &ignored));
  EXPECT_FALSE(DecodeSequenceFloor("1234567", &ignored));
  EXPECT_FALSE(DecodeSequenceFloor("123456789", &ignored));
}

TEST(SequenceFloorTest, MergeKeepsTheMaximumWhateverTheOrder) {
  const auto op = NewMaxUint64MergeOperator();
  std::string out;
  ASSERT_TRUE(MergeOnce(*op, nullptr, EncodeSequenceFloor(5), &out));
  EXPECT_EQ(out, EncodeSequenceFloor(5));
  const std::string high = EncodeSequenceFloor(900);
  ASSERT_TRUE(MergeOnce(*op, &high, EncodeSequenceFloor(12), &out));
  EXPECT_EQ(out, EncodeSequenceFloor(900));
  const std::string low = EncodeSequenceFloor(12);
  ASSERT_TRUE(MergeOnce(*op, &low, EncodeSequenceFloor(900), &out));
  EXPECT_EQ(out, EncodeSequenceFloor(900));
}

TEST(SequenceFloorTest, MergeRefusesAMalformedValueRatherThanLowering) {
  const auto op = NewMaxUint64MergeOperator();
  std::string out;
  EXPECT_FALSE(MergeOnce(*op, nullptr, "short", &out));
  const std::string bad = "not eight bytes";
  EXPECT_FALSE(MergeOnce(*op, &bad, EncodeSequenceFloor(3), &out));
}

class ClockStepTest : public testing::Test {
 protected:
  std::unique_ptr<RocksDbStore> Open() {
    RocksDbStoreOptions options;
    options.durability = Durability::kBuffered;
    options.block_cache_bytes = 1 << 20;
    options.now_micros = [this] { return now_.load(); };
    auto store = RocksDbStore::Open(dir_.path(), options);
    EXPECT_TRUE(store.ok()) << store.status();
    return store.ok() ? *std::move(store) : nullptr;
  }

  void CreateProjectAndDocument(RocksDbStore* store) {
    v1::Project project;
    project.set_name("projects/p");
    project.set_project_id("p");
    *project.mutable_schema() = *SchemaPreset(kDefaultSchemaPreset);
    ASSERT_TRUE(store->CreateProject(project, "admin").ok());
    v1::Document doc;
    doc.set_name("projects/p/documents/d");
    doc.set_document_id("d");
    doc.set_text("Text of d");
    doc.set_length(9);
    doc.set_content_hash("hash-of-d");
    ASSERT_TRUE(store->CreateDocument("p", doc, "admin").ok());
  }

  // Creates one annotation the way the service does; returns its id.
  uint64_t Create(RocksDbStore* store, const std::string& label) {
    auto tx = store->BeginDocument("p", "d");
    EXPECT_TRUE(tx.ok()) << tx.status();
    if (!tx.ok()) return 0;
    auto id = (*tx)->NewId();
    EXPECT_TRUE(id.ok()) << id.status();
    if (!id.ok()) return 0;
    v1::Annotation a;
    a.set_name(absl::StrCat("projects/p/documents/d/annotations/",
                            absl::Hex(*id, absl::kZeroPad16)));
    a.set_start(0);
    a.set_end(4);
    a.set_label(label);
    a.set_kind(v1::HUMAN);
    a.set_author("alice");
    a.set_revision(1);
    (*tx)->Stage(*id, nullptr, a, "create", "alice");
    const absl::Status s = (*tx)->Commit();
    EXPECT_TRUE(s.ok()) << s;
    return *id;
  }

  testing_support::TempDir dir_;
  std::atomic<uint64_t> now_{1'000'000'000};
};

TEST_F(ClockStepTest, IdsStayUniqueWhenTheClockStepsBackAcrossARestart) {
  std::set<uint64_t> ids;
  {
    auto store = Open();
    ASSERT_NE(store, nullptr);
    CreateProjectAndDocument(store.get());
    for (int i = 0; i < 5; ++i) ids.insert(Create(store.get(), "opinion"));
  }
  // The clock is now far behind every id handed out before the restart.
  now_ = 10;
  auto store = Open();
  ASSERT_NE(store, nullptr);
  for (int i = 0; i < 5; ++i) {
    const uint64_t id = Create(store.get(), "disputed");
    EXPECT_GT(id, *ids.rbegin());
    EXPECT_TRUE(ids.insert(id).second) << "id " << id << " handed out twice";
  }
  // The first five are still there, unchanged.
  int opinions = 0;
  for (uint64_t id : ids) {
    auto a = store->GetAnnotation("p", "d", id);
    ASSERT_TRUE(a.ok()) << a.status();
    if (a->label() == "opinion") ++opinions;
  }
  EXPECT_EQ(opinions, 5);
}

// Only writes whose ids pass the stored floor raise it (with a reserve);
// the ids between must still be covered when the clock steps back.
TEST_F(ClockStepTest, IdsPastTheReservedFloorAreCoveredToo) {
  uint64_t highest = 0;
  {
    auto store = Open();
    ASSERT_NE(store, nullptr);
    CreateProjectAndDocument(store.get());
    for (int i = 0; i < 12; ++i) {
      now_ = now_.load() + 400'000;  // Past the reserve every few writes.
      highest = std::max(highest, Create(store.get(), "opinion"));
    }
  }
  now_ = 10;
  auto store = Open();
  ASSERT_NE(store, nullptr);
  EXPECT_GT(Create(store.get(), "disputed"), highest);
}

TEST_F(ClockStepTest, IdsFollowTheClockWhenItIsAheadOfTheFloor) {
  {
    auto store = Open();
    ASSERT_NE(store, nullptr);
    CreateProjectAndDocument(store.get());
    // Creating the project and document took a few audit sequences.
    const uint64_t id = Create(store.get(), "opinion");
    EXPECT_GE(id, now_.load());
    EXPECT_LT(id, now_.load() + 10);
  }
  now_ = now_.load() + 5'000'000;
  auto store = Open();
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(Create(store.get(), "opinion"), now_.load());
}

}  // namespace
}  // namespace spanlab
