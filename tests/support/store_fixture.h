// A fresh RocksDbStore in a temporary directory with an Api over it: the
// setup most service tests share. For tests.
//
// The store is opened in DIR/db, where DIR is a TempDir removed when the
// object goes away. If it cannot be opened the failure is reported to the
// running test and ok() is false; store() and api() are then null.
#ifndef SPANLAB_TESTS_SUPPORT_STORE_FIXTURE_H_
#define SPANLAB_TESTS_SUPPORT_STORE_FIXTURE_H_

#include <memory>
#include <string>
#include <utility>

#include "gtest/gtest.h"
#include "service/api.h"
#include "service/limits.h"
#include "storage/rocksdb_store.h"
#include "tests/support/temp_dir.h"

namespace spanlab::testing_support {

class StoreAndApi {
 public:
  explicit StoreAndApi(const Limits& limits = Limits(),
                       Durability durability = Durability::kBuffered) {
    RocksDbStoreOptions options;
    options.durability = durability;
    auto store = RocksDbStore::Open(dir_.path() + "/db", options);
    if (!store.ok()) {
      ADD_FAILURE() << "opening the store failed: " << store.status();
      return;
    }
    store_ = *std::move(store);
    api_ = std::make_unique<Api>(store_.get(), limits);
  }
  ~StoreAndApi() {
    // The Api before the store it points to, both before the directory.
    api_.reset();
    store_.reset();
  }
  StoreAndApi(const StoreAndApi&) = delete;
  StoreAndApi& operator=(const StoreAndApi&) = delete;

  bool ok() const { return api_ != nullptr; }
  // The temporary directory; the database is in dir() + "/db".
  const std::string& dir() const { return dir_.path(); }
  const TempDir& temp_dir() const { return dir_; }
  RocksDbStore* store() const { return store_.get(); }
  Api* api() const { return api_.get(); }

 private:
  TempDir dir_;
  std::unique_ptr<RocksDbStore> store_;
  std::unique_ptr<Api> api_;
};

}  // namespace spanlab::testing_support

#endif  // SPANLAB_TESTS_SUPPORT_STORE_FIXTURE_H_
