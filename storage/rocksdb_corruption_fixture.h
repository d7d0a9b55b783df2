// CorruptionTest: for tests only. A store holding project "p" (the default
// schema, overlap 1) with documents "d1" and "d2", for tests that then
// store what the store would never write behind its back
// (rocksdb_store_test_peer.h) and check how every read copes.
#ifndef SPANLAB_STORAGE_ROCKSDB_CORRUPTION_FIXTURE_H_
#define SPANLAB_STORAGE_ROCKSDB_CORRUPTION_FIXTURE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "gtest/gtest.h"
#include "storage/rocksdb_store.h"
#include "storage/schema_presets.h"
#include "tests/support/status_matchers.h"
#include "tests/support/temp_dir.h"

namespace spanlab {

class CorruptionTest : public testing::Test {
 protected:
  // An unterminated varint: no protobuf message, and none of the store's
  // own record decoders, accept it.
  static constexpr absl::string_view kGarbage = "\xff\xff\xff\xff";

  void SetUp() override {
    using ::spanlab::testing_support::IsOk;
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

  testing_support::TempDir dir_;
  std::unique_ptr<RocksDbStore> store_;
};

}  // namespace spanlab

#endif  // SPANLAB_STORAGE_ROCKSDB_CORRUPTION_FIXTURE_H_
