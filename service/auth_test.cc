// Tokens: expiry, revocation and what the Authenticator answers for them,
// over a real store.
#include "service/auth.h"

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/time_util.h"
#include "gtest/gtest.h"
#include "service/api.h"
#include "service/names.h"
#include "storage/rocksdb_store.h"
#include "tests/support/status_matchers.h"
#include "tests/support/store_fixture.h"
#include "tests/support/temp_dir.h"

namespace spanlab {
namespace {

using ::google::protobuf::util::TimeUtil;
using ::spanlab::testing_support::IsOk;
using ::spanlab::testing_support::StatusIs;
using ::spanlab::testing_support::StoreAndApi;
using ::spanlab::testing_support::TempDir;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

class AuthTest : public testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(env_.ok());
    // Real time plus an offset the tests move forward.
    auth_ = std::make_unique<Authenticator>(store_, [this] {
      return absl::Now() + absl::Minutes(skew_minutes_.load());
    });
    auto created = BootstrapAdmin(store_, dir_.path() + "/admin.token");
    ASSERT_THAT(created, IsOk());
    auto admin = store_->ListAnnotators(1, "");
    ASSERT_THAT(admin, IsOk());
    admin_ = admin->items.at(0);
  }

  // Creates an annotator and returns its token.
  std::string Add(const std::string& id, v1::Role role, int64_t ttl = 0) {
    v1::CreateAnnotatorRequest r;
    r.mutable_annotator()->set_annotator_id(id);
    r.mutable_annotator()->set_role(role);
    r.set_ttl_seconds(ttl);
    auto created = api_->CreateAnnotator(admin_, r);
    EXPECT_THAT(created, IsOk());
    return created.ok() ? created->token() : "";
  }

  absl::StatusOr<Principal> Authenticate(const std::string& token) {
    const std::string header = "Bearer " + token;
    return auth_->Authenticate(&header);
  }

  absl::StatusOr<v1::Annotator> Revoke(const Principal& caller,
                                       const std::string& id) {
    v1::RevokeAnnotatorRequest r;
    r.set_name(AnnotatorName(id));
    return api_->RevokeAnnotator(caller, r);
  }

  StoreAndApi env_;
  RocksDbStore* const store_ = env_.store();
  Api* const api_ = env_.api();
  const TempDir& dir_ = env_.temp_dir();
  std::atomic<int64_t> skew_minutes_{0};
  std::unique_ptr<Authenticator> auth_;
  Principal admin_;
};

TEST_F(AuthTest, TokensAreStoredOnlyAsTheirSha256) {
  const std::string token = Add("alice", v1::ANNOTATOR);
  EXPECT_EQ(HashToken("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  auto found = store_->LookupToken(HashToken(token));
  ASSERT_THAT(found, IsOk());
  EXPECT_EQ(found->annotator_id(), "alice");
  EXPECT_THAT(store_->LookupToken(token).status(),
              StatusIs(absl::StatusCode::kNotFound, testing::_));
}

TEST_F(AuthTest, TokenWithTtlWorksUntilItExpires) {
  const std::string token = Add("alice", v1::ANNOTATOR, 3600);
  auto alice = Authenticate(token);
  ASSERT_THAT(alice, IsOk());
  ASSERT_TRUE(alice->has_expire_time());
  EXPECT_EQ(alice->expire_time(),
            alice->create_time() + TimeUtil::SecondsToDuration(3600));

  skew_minutes_ = 59;
  EXPECT_THAT(Authenticate(token), IsOk());
  skew_minutes_ = 61;
  EXPECT_THAT(Authenticate(token),
              StatusIs(absl::StatusCode::kUnauthenticated,
                       AllOf(HasSubstr("token expired"),
                             Not(HasSubstr(token.substr(4, 8))))));
  // A token without a ttl never expires.
  const std::string forever = Add("bob", v1::ANNOTATOR);
  skew_minutes_ = int64_t{60} * 24 * 365 * 50;
  auto bob = Authenticate(forever);
  ASSERT_THAT(bob, IsOk());
  EXPECT_FALSE(bob->has_expire_time());
}

TEST_F(AuthTest, TtlMustBeZeroToAHundredYears) {
  for (int64_t bad : {int64_t{-1}, int64_t{3153600001}, INT64_MAX}) {
    v1::CreateAnnotatorRequest r;
    r.mutable_annotator()->set_annotator_id("alice");
    r.mutable_annotator()->set_role(v1::ANNOTATOR);
    r.set_ttl_seconds(bad);
    EXPECT_THAT(api_->CreateAnnotator(admin_, r),
                StatusIs(absl::StatusCode::kInvalidArgument,
                         HasSubstr(absl::StrCat("ttl_seconds=", bad))));
  }
  EXPECT_THAT(store_->ListAnnotators(10, "")->items, testing::SizeIs(1));
}

TEST_F(AuthTest, ClientCannotSetExpiryOrRevocationDirectly) {
  v1::CreateAnnotatorRequest r;
  r.mutable_annotator()->set_annotator_id("alice");
  r.mutable_annotator()->set_role(v1::ANNOTATOR);
  r.mutable_annotator()->mutable_revoke_time()->set_seconds(1);
  r.mutable_annotator()->mutable_expire_time()->set_seconds(1);
  auto created = api_->CreateAnnotator(admin_, r);
  ASSERT_THAT(created, IsOk());
  EXPECT_FALSE(created->annotator().has_revoke_time());
  EXPECT_FALSE(created->annotator().has_expire_time());
  EXPECT_THAT(Authenticate(created->token()), IsOk());
}

TEST_F(AuthTest, RevokedTokenIsUnauthenticatedAndTheWorkStays) {
  const std::string token = Add("alice", v1::ANNOTATOR);
  auto alice = Authenticate(token);
  ASSERT_THAT(alice, IsOk());
  v1::CreateProjectRequest project;
  project.mutable_project()->set_project_id("p");
  ASSERT_THAT(api_->CreateProject(admin_, project), IsOk());
  v1::CreateDocumentRequest doc;
  doc.set_parent("projects/p");
  doc.mutable_document()->set_document_id("d");
  doc.set_text("Alice said it works.");
  ASSERT_THAT(api_->CreateDocument(admin_, doc), IsOk());
  v1::CreateAnnotationRequest label;
  label.set_parent("projects/p/documents/d");
  label.mutable_annotation()->set_label("opinion");
  label.set_quote("it works");
  auto created = api_->CreateAnnotation(*alice, label);
  ASSERT_THAT(created, IsOk());

  auto revoked = Revoke(admin_, "alice");
  ASSERT_THAT(revoked, IsOk());
  EXPECT_EQ(revoked->annotator_id(), "alice");
  EXPECT_TRUE(revoked->has_revoke_time());
  EXPECT_THAT(Authenticate(token),
              StatusIs(absl::StatusCode::kUnauthenticated,
                       AllOf(HasSubstr("unknown or revoked token"),
                             Not(HasSubstr(token.substr(4, 8))))));

  // Alice's annotation is still there, authored by her.
  v1::GetAnnotationRequest get;
  get.set_name(created->name());
  auto kept = api_->GetAnnotation(admin_, get);
  ASSERT_THAT(kept, IsOk());
  EXPECT_EQ(kept->author(), "alice");
  EXPECT_FALSE(kept->deleted());
  // She is listed, revoked; revoking again is fine and changes nothing.
  v1::ListAnnotatorsRequest list;
  auto listed = api_->ListAnnotators(admin_, list);
  ASSERT_THAT(listed, IsOk());
  ASSERT_EQ(listed->annotators_size(), 2);
  EXPECT_EQ(listed->annotators(1).revoke_time(), revoked->revoke_time());
  auto again = Revoke(admin_, "alice");
  ASSERT_THAT(again, IsOk());
  EXPECT_EQ(again->revoke_time(), revoked->revoke_time());
}

TEST_F(AuthTest, RevokeIsForAdminsOnly) {
  Add("alice", v1::ANNOTATOR);
  for (v1::Role role : {v1::ANNOTATOR, v1::ADJUDICATOR, v1::MODEL}) {
    Principal caller;
    caller.set_annotator_id("someone");
    caller.set_role(role);
    EXPECT_THAT(Revoke(caller, "alice"),
                StatusIs(absl::StatusCode::kPermissionDenied,
                         HasSubstr("RevokeAnnotator needs the ADMIN role")));
  }
  EXPECT_FALSE(store_->ListAnnotators(10, "")->items[1].has_revoke_time());
}

TEST_F(AuthTest, RevokeRequestErrors) {
  v1::RevokeAnnotatorRequest r;
  r.set_name("alice");
  EXPECT_THAT(api_->RevokeAnnotator(admin_, r),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("annotators/{annotator}")));
  EXPECT_THAT(
      Revoke(admin_, "nobody"),
      StatusIs(absl::StatusCode::kNotFound, HasSubstr("annotators/nobody")));
}

TEST_F(AuthTest, TheLastAdminCannotRevokeThemselves) {
  EXPECT_THAT(
      Revoke(admin_, admin_.annotator_id()),
      StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("last ADMIN")));
  // With a second admin it works, and the second one carries on.
  const std::string second = Add("root", v1::ADMIN);
  ASSERT_THAT(Revoke(admin_, admin_.annotator_id()), IsOk());
  auto root = Authenticate(second);
  ASSERT_THAT(root, IsOk());
  EXPECT_THAT(
      Revoke(*root, "root"),
      StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("last ADMIN")));
}

TEST_F(AuthTest, AnAdminWhoseTokenExpiredDoesNotCountAsTheOtherAdmin) {
  Add("temp", v1::ADMIN, 1);
  // The store decides with the real time; wait until temp has expired.
  absl::SleepFor(absl::Milliseconds(1100));
  EXPECT_THAT(
      Revoke(admin_, admin_.annotator_id()),
      StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("last ADMIN")));
}

}  // namespace
}  // namespace spanlab
