// Tests of Api::Backup (AdminService.Backup) over a real store: who may
// call it, which paths it refuses, and that what it writes opens as a
// database holding what the server held.
#include <filesystem>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "service/api.h"
#include "service/names.h"
#include "storage/rocksdb_store.h"
#include "tests/support/callers.h"
#include "tests/support/status_matchers.h"
#include "tests/support/store_fixture.h"
#include "tests/support/temp_dir.h"

namespace spanlab {
namespace {

namespace fs = std::filesystem;

using ::spanlab::testing_support::Caller;
using ::spanlab::testing_support::IsOk;
using ::spanlab::testing_support::StatusIs;
using ::spanlab::testing_support::StoreAndApi;
using ::spanlab::testing_support::TempDir;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::StartsWith;

class BackupApiTest : public testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(env_.ok());
    v1::CreateProjectRequest project;
    project.mutable_project()->set_project_id("news");
    ASSERT_THAT(api_->CreateProject(admin_, project), IsOk());
  }

  absl::StatusOr<v1::BackupResponse> Backup(const Principal& who,
                                            const std::string& path) {
    v1::BackupRequest r;
    r.set_path(path);
    return api_->Backup(who, r);
  }

  StoreAndApi env_;
  RocksDbStore* const store_ = env_.store();
  Api* const api_ = env_.api();
  const TempDir& dir_ = env_.temp_dir();
  const Principal admin_ = Caller(v1::ADMIN, "admin");
};

TEST_F(BackupApiTest, WritesADatabaseThatOpensWithTheSameRecords) {
  const std::string path = dir_.path() + "/backup";
  auto done = Backup(admin_, path);
  ASSERT_THAT(done, IsOk());
  EXPECT_EQ(done->path(), path);
  EXPECT_GT(done->size_bytes(), 0);
  EXPECT_GT(done->sequence_number(), 0u);

  RocksDbStoreOptions options;
  options.durability = Durability::kBuffered;
  auto copy = RocksDbStore::Open(path, options);
  ASSERT_THAT(copy, IsOk());
  auto project = (*copy)->GetProject("news");
  ASSERT_THAT(project, IsOk());
  EXPECT_EQ((*project)->project_id(), "news");
}

TEST_F(BackupApiTest, OnlyAdminsMayBackUp) {
  for (v1::Role role : {v1::ANNOTATOR, v1::ADJUDICATOR, v1::MODEL}) {
    SCOPED_TRACE(v1::Role_Name(role));
    EXPECT_THAT(Backup(Caller(role, "someone"), dir_.path() + "/b"),
                StatusIs(absl::StatusCode::kPermissionDenied,
                         StartsWith("Backup needs the ADMIN role")));
  }
  EXPECT_FALSE(fs::exists(dir_.path() + "/b"));
}

TEST_F(BackupApiTest, RefusedPaths) {
  EXPECT_THAT(Backup(admin_, ""), StatusIs(absl::StatusCode::kInvalidArgument,
                                           StartsWith("path: required")));
  EXPECT_THAT(Backup(admin_, "backups/today"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(StartsWith("path=\"backups/today\""),
                             HasSubstr("must be absolute"))));
  EXPECT_THAT(
      Backup(admin_, dir_.path() + std::string("/a\0b", 4)),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("without NUL")));
  EXPECT_THAT(
      Backup(admin_, "/\xff"),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("valid UTF-8")));
  EXPECT_THAT(
      Backup(admin_, dir_.path()),
      StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("already exists")));
  EXPECT_THAT(Backup(admin_, dir_.path() + "/db/copy"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("inside the live database")));
  EXPECT_THAT(Backup(admin_, dir_.path() + "/no/such/parent"),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("does not exist")));
  // A second backup into the directory of the first is refused too.
  ASSERT_THAT(Backup(admin_, dir_.path() + "/once"), IsOk());
  EXPECT_THAT(Backup(admin_, dir_.path() + "/once"),
              StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("once")));
}

}  // namespace
}  // namespace spanlab
