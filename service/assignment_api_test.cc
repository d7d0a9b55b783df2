// Service-level tests of the assignment workflow: NextDocument,
// FinishDocument, SkipDocument and GetProgress over a real store.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "service/api.h"
#include "service/names.h"
#include "storage/keys.h"
#include "storage/rocksdb_store.h"
#include "storage/rocksdb_store_test_peer.h"
#include "tests/support/callers.h"
#include "tests/support/proto_matchers.h"
#include "tests/support/status_matchers.h"
#include "tests/support/store_fixture.h"

namespace spanlab {
namespace {

using ::spanlab::testing_support::Caller;
using ::spanlab::testing_support::EqualsProto;
using ::spanlab::testing_support::IsOk;
using ::spanlab::testing_support::StatusIs;
using ::spanlab::testing_support::StoreAndApi;
using ::testing::AllOf;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::SizeIs;
using ::testing::UnorderedElementsAreArray;

v1::AnnotatorProgress Line(const std::string& annotator, int64_t done,
                           int64_t assigned, int64_t skipped, int64_t total) {
  v1::AnnotatorProgress line;
  line.set_annotator(annotator);
  line.set_done(done);
  line.set_assigned(assigned);
  line.set_skipped(skipped);
  line.set_total(total);
  return line;
}

// Ids "d00", "d01", ... sort in creation order.
std::string DocId(int i) { return absl::StrCat("d", i / 10, i % 10); }

class AssignmentApiTest : public testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(env_.ok()); }

  // Creates project `id` with `overlap` and documents DocId(0..n-1).
  void CreateProject(const std::string& id, int overlap, int documents) {
    v1::CreateProjectRequest p;
    p.mutable_project()->set_project_id(id);
    p.mutable_project()->set_overlap(overlap);
    ASSERT_THAT(api_->CreateProject(admin_, p), IsOk());
    for (int i = 0; i < documents; ++i) {
      v1::CreateDocumentRequest d;
      d.set_parent(ProjectName(id));
      d.mutable_document()->set_document_id(DocId(i));
      d.set_text(absl::StrCat("Document ", i, " of ", id,
                              ": the minister said the talks went well."));
      ASSERT_THAT(api_->CreateDocument(admin_, d), IsOk());
    }
  }

  absl::StatusOr<v1::NextDocumentResponse> Next(
      const Principal& who, const std::string& project = "p") {
    v1::NextDocumentRequest r;
    r.set_parent(ProjectName(project));
    return api_->NextDocument(who, r);
  }

  // The id of the caller's next document, "" when none is left.
  std::string NextId(const Principal& who, const std::string& project = "p") {
    auto r = Next(who, project);
    EXPECT_THAT(r, IsOk());
    if (!r.ok() || !r->has_document()) return "";
    return r->document().document_id();
  }

  absl::StatusOr<v1::DocumentAssignment> Finish(
      const Principal& who, const std::string& doc,
      const std::string& project = "p") {
    v1::FinishDocumentRequest r;
    r.set_name(DocumentName(project, doc));
    return api_->FinishDocument(who, r);
  }

  absl::StatusOr<v1::DocumentAssignment> Skip(
      const Principal& who, const std::string& doc,
      const std::string& project = "p") {
    v1::SkipDocumentRequest r;
    r.set_name(DocumentName(project, doc));
    return api_->SkipDocument(who, r);
  }

  absl::StatusOr<v1::ProjectProgress> Progress(
      const Principal& who, const std::string& project = "p") {
    v1::GetProgressRequest r;
    r.set_parent(ProjectName(project));
    return api_->GetProgress(who, r);
  }

  // Every document's assignment, read through the store.
  std::map<std::string, v1::DocumentAssignment> Assignments(
      const std::string& project = "p") {
    std::map<std::string, v1::DocumentAssignment> out;
    auto txn = store_->BeginAssignments(project);
    EXPECT_THAT(txn, IsOk());
    if (!txn.ok()) return out;
    EXPECT_THAT((*txn)->ForEach(
                    [&](absl::string_view id, const v1::DocumentAssignment& a) {
                      out.emplace(std::string(id), a);
                      return true;
                    }),
                IsOk());
    return out;
  }

  // The audit log of a document as `who` sees it.
  std::vector<v1::AuditEntry> Audit(const Principal& who,
                                    const std::string& doc,
                                    const std::string& project = "p") {
    std::vector<v1::AuditEntry> out;
    v1::ListAuditLogRequest r;
    r.set_parent(DocumentName(project, doc));
    do {
      auto page = api_->ListAuditLog(who, r);
      EXPECT_THAT(page, IsOk());
      if (!page.ok()) break;
      for (const auto& e : page->entries()) out.push_back(e);
      r.set_page_token(page->next_page_token());
    } while (!r.page_token().empty());
    return out;
  }

  StoreAndApi env_;
  RocksDbStore* const store_ = env_.store();
  Api* const api_ = env_.api();
  const Principal admin_ = Caller(v1::ADMIN, "admin");
  const Principal alice_ = Caller(v1::ANNOTATOR, "alice");
  const Principal bob_ = Caller(v1::ANNOTATOR, "bob");
  const Principal carol_ = Caller(v1::ANNOTATOR, "carol");
  const Principal dave_ = Caller(v1::ANNOTATOR, "dave");
  const Principal judge_ = Caller(v1::ADJUDICATOR, "judge");
  const Principal tagger_ = Caller(v1::MODEL, "tagger");
};

// =============================================================================
// NextDocument
// =============================================================================

TEST_F(AssignmentApiTest, NextDocumentReturnsTheDocumentWithItsText) {
  CreateProject("p", 2, 3);
  auto r = Next(alice_);
  ASSERT_THAT(r, IsOk());
  ASSERT_TRUE(r->has_document());
  v1::GetDocumentRequest g;
  g.set_name(DocumentName("p", "d00"));
  auto stored = api_->GetDocument(admin_, g);
  ASSERT_THAT(stored, IsOk());
  EXPECT_THAT(r->document(), EqualsProto(*stored));
  EXPECT_THAT(r->document().text(), HasSubstr("Document 0 of p"));
  EXPECT_FALSE(r->resumed());
  EXPECT_THAT(r->progress(), EqualsProto(Line("alice", 0, 1, 0, 3)));
}

// The current-assignment entry names a document that is not stored
// (written behind the store's back; the store never does).
TEST_F(AssignmentApiTest, AnAssignmentOfADocumentNotStoredIsDataLoss) {
  CreateProject("p", 2, 3);
  ASSERT_THAT(RocksDbStoreTestPeer::PutRaw(
                  store_, "assignments", keys::CurrentAssignment("p", "alice"),
                  "ghost"),
              IsOk());
  EXPECT_THAT(Next(alice_),
              StatusIs(absl::StatusCode::kDataLoss,
                       HasSubstr("name document \"ghost\", which is not "
                                 "stored")));
  // Others go on being served.
  EXPECT_EQ(NextId(bob_), "d00");
}

TEST_F(AssignmentApiTest, NextDocumentIsStableUntilFinished) {
  CreateProject("p", 2, 3);
  auto first = Next(alice_);
  ASSERT_THAT(first, IsOk());
  ASSERT_TRUE(first->has_document());
  EXPECT_FALSE(first->resumed());

  for (int i = 0; i < 3; ++i) {
    auto again = Next(alice_);
    ASSERT_THAT(again, IsOk());
    EXPECT_TRUE(again->resumed());
    EXPECT_THAT(again->document(), EqualsProto(first->document()));
    EXPECT_THAT(again->progress(), EqualsProto(Line("alice", 0, 1, 0, 3)));
  }
  // Asking again did not take more documents.
  auto assignments = Assignments();
  int active = 0;
  for (const auto& [id, a] : assignments) active += a.active_size();
  EXPECT_EQ(active, 1);

  ASSERT_THAT(Finish(alice_, first->document().document_id()), IsOk());
  auto second = Next(alice_);
  ASSERT_THAT(second, IsOk());
  ASSERT_TRUE(second->has_document());
  EXPECT_FALSE(second->resumed());
  EXPECT_NE(second->document().name(), first->document().name());
  EXPECT_THAT(second->progress(), EqualsProto(Line("alice", 1, 1, 0, 3)));
}

TEST_F(AssignmentApiTest, NextDocumentIsStableUntilSkipped) {
  CreateProject("p", 2, 2);
  const std::string first = NextId(alice_);
  ASSERT_EQ(first, "d00");
  EXPECT_EQ(NextId(alice_), "d00");
  ASSERT_THAT(Skip(alice_, first), IsOk());
  auto second = Next(alice_);
  ASSERT_THAT(second, IsOk());
  EXPECT_EQ(second->document().document_id(), "d01");
  EXPECT_FALSE(second->resumed());
  EXPECT_THAT(second->progress(), EqualsProto(Line("alice", 0, 1, 1, 2)));
}

TEST_F(AssignmentApiTest, NeverAssignsTheSameDocumentTwiceToOneAnnotator) {
  CreateProject("p", 3, 5);
  std::vector<std::string> got;
  for (int i = 0; i < 10; ++i) {
    const std::string id = NextId(alice_);
    if (id.empty()) break;
    got.push_back(id);
    ASSERT_THAT(Finish(alice_, id), IsOk());
  }
  EXPECT_THAT(got, ElementsAre("d00", "d01", "d02", "d03", "d04"));
  auto last = Next(alice_);
  ASSERT_THAT(last, IsOk());
  EXPECT_FALSE(last->has_document());
  EXPECT_FALSE(last->resumed());
  EXPECT_THAT(last->progress(), EqualsProto(Line("alice", 5, 0, 0, 5)));
}

TEST_F(AssignmentApiTest, NoDocumentWhenEveryDocumentIsFull) {
  CreateProject("p", 2, 1);
  EXPECT_EQ(NextId(alice_), "d00");
  EXPECT_EQ(NextId(bob_), "d00");
  // Two active annotators fill overlap 2, finished or not.
  auto none = Next(carol_);
  ASSERT_THAT(none, IsOk());
  EXPECT_FALSE(none->has_document());
  EXPECT_THAT(none->progress(), EqualsProto(Line("carol", 0, 0, 0, 1)));
  ASSERT_THAT(Finish(alice_, "d00"), IsOk());
  EXPECT_EQ(NextId(carol_), "");
  ASSERT_THAT(Finish(bob_, "d00"), IsOk());
  EXPECT_EQ(NextId(carol_), "");
  // Nothing was recorded for carol.
  auto a = Assignments().at("d00");
  EXPECT_THAT(a.active(), IsEmpty());
  EXPECT_THAT(a.finished(), ElementsAre("alice", "bob"));
}

TEST_F(AssignmentApiTest, EmptyProjectHasNoDocument) {
  CreateProject("p", 2, 0);
  auto r = Next(alice_);
  ASSERT_THAT(r, IsOk());
  EXPECT_FALSE(r->has_document());
  EXPECT_THAT(r->progress(), EqualsProto(Line("alice", 0, 0, 0, 0)));
}

TEST_F(AssignmentApiTest, SpreadsAnnotatorsOverDocuments) {
  CreateProject("p", 2, 3);
  // Fewest finished, then fewest active, then id.
  EXPECT_EQ(NextId(alice_), "d00");
  EXPECT_EQ(NextId(bob_), "d01");
  EXPECT_EQ(NextId(carol_), "d02");
  ASSERT_THAT(Finish(alice_, "d00"), IsOk());
  // d00 has one finisher; d01 and d02 one active each: d01 by id.
  EXPECT_EQ(NextId(alice_), "d01");
  // d01 is full; d02 (no finisher) beats d00 (one finisher).
  EXPECT_EQ(NextId(dave_), "d02");
  // Only d00 has room left.
  EXPECT_EQ(NextId(judge_), "d00");
  EXPECT_EQ(NextId(Caller(v1::ANNOTATOR, "erin")), "");
}

TEST_F(AssignmentApiTest, OverlapOneGivesEveryoneADifferentDocument) {
  CreateProject("p", 1, 3);
  EXPECT_EQ(NextId(alice_), "d00");
  EXPECT_EQ(NextId(bob_), "d01");
  EXPECT_EQ(NextId(carol_), "d02");
  EXPECT_EQ(NextId(dave_), "");
}

TEST_F(AssignmentApiTest, AdjudicatorAndAdminMayTakeDocuments) {
  CreateProject("p", 2, 2);
  EXPECT_EQ(NextId(judge_), "d00");
  EXPECT_EQ(NextId(admin_), "d01");
  EXPECT_THAT(Finish(judge_, "d00"), IsOk());
  EXPECT_THAT(Skip(admin_, "d01"), IsOk());
}

TEST_F(AssignmentApiTest, ModelIsDenied) {
  CreateProject("p", 2, 2);
  EXPECT_THAT(Next(tagger_),
              StatusIs(absl::StatusCode::kPermissionDenied,
                       AllOf(HasSubstr("NextDocument"), HasSubstr("tagger"),
                             HasSubstr("MODEL"))));
  ASSERT_EQ(NextId(alice_), "d00");
  EXPECT_THAT(Finish(tagger_, "d00"),
              StatusIs(absl::StatusCode::kPermissionDenied,
                       AllOf(HasSubstr("FinishDocument"), HasSubstr("tagger"),
                             HasSubstr("MODEL"))));
  EXPECT_THAT(Skip(tagger_, "d00"),
              StatusIs(absl::StatusCode::kPermissionDenied,
                       AllOf(HasSubstr("SkipDocument"), HasSubstr("tagger"),
                             HasSubstr("MODEL"))));
  // Nothing was assigned to the model.
  for (const auto& [id, a] : Assignments()) {
    EXPECT_THAT(a.active(), Not(Contains("tagger"))) << id;
  }
}

TEST_F(AssignmentApiTest, RequestErrors) {
  CreateProject("p", 2, 1);
  v1::NextDocumentRequest bad;
  bad.set_parent("projects/");
  EXPECT_THAT(
      api_->NextDocument(alice_, bad),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("parent")));
  EXPECT_THAT(Next(alice_, "nope"),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("nope")));
  EXPECT_THAT(Progress(admin_, "nope"),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("nope")));
  v1::FinishDocumentRequest finish;
  finish.set_name("projects/p");
  EXPECT_THAT(api_->FinishDocument(alice_, finish),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("name")));
  EXPECT_THAT(Finish(alice_, "zz"),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("\"zz\"")));
  EXPECT_THAT(Skip(alice_, "zz"),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("\"zz\"")));
  EXPECT_THAT(Finish(alice_, "d00", "nope"),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("nope")));
}

// =============================================================================
// FinishDocument / SkipDocument
// =============================================================================

TEST_F(AssignmentApiTest, FinishMovesTheCallerToFinished) {
  CreateProject("p", 2, 1);
  ASSERT_EQ(NextId(alice_), "d00");
  ASSERT_EQ(NextId(bob_), "d00");
  auto a = Finish(alice_, "d00");
  ASSERT_THAT(a, IsOk());
  EXPECT_EQ(a->document(), DocumentName("p", "d00"));
  EXPECT_THAT(a->active(), ElementsAre("bob"));
  EXPECT_THAT(a->finished(), ElementsAre("alice"));
  EXPECT_THAT(a->skipped(), IsEmpty());
  EXPECT_THAT(Assignments().at("d00"), EqualsProto(*a));
}

TEST_F(AssignmentApiTest, FinishOrSkipOfADocumentNotAssignedFails) {
  CreateProject("p", 2, 2);
  ASSERT_EQ(NextId(bob_), "d00");
  const auto before = Assignments();
  const std::string name = DocumentName("p", "d00");
  // Assigned to someone else.
  EXPECT_THAT(Finish(alice_, "d00"),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       AllOf(HasSubstr(absl::StrCat("name=\"", name, "\"")),
                             HasSubstr("not assigned to alice"),
                             HasSubstr("NextDocument"))));
  EXPECT_THAT(
      Skip(alice_, "d00"),
      StatusIs(absl::StatusCode::kFailedPrecondition,
               AllOf(HasSubstr(name), HasSubstr("not assigned to alice"))));
  // Assigned to nobody.
  EXPECT_THAT(Finish(alice_, "d01"),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       AllOf(HasSubstr(DocumentName("p", "d01")),
                             HasSubstr("not assigned to alice"))));
  EXPECT_THAT(Skip(alice_, "d01"),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       AllOf(HasSubstr(DocumentName("p", "d01")),
                             HasSubstr("not assigned to alice"))));
  const auto after = Assignments();
  ASSERT_EQ(after.size(), before.size());
  for (const auto& [id, a] : before) {
    EXPECT_THAT(after.at(id), EqualsProto(a)) << id;
  }
  // And alice still gets a document normally.
  EXPECT_EQ(NextId(alice_), "d01");
}

TEST_F(AssignmentApiTest, FinishTwiceIsOkAndChangesNothing) {
  CreateProject("p", 2, 2);
  ASSERT_EQ(NextId(alice_), "d00");
  auto first = Finish(alice_, "d00");
  ASSERT_THAT(first, IsOk());
  const size_t audit_size = Audit(admin_, "d00").size();
  auto second = Finish(alice_, "d00");
  ASSERT_THAT(second, IsOk());
  EXPECT_THAT(*second, EqualsProto(*first));
  EXPECT_THAT(Assignments().at("d00"), EqualsProto(*first));
  EXPECT_THAT(Audit(admin_, "d00"), SizeIs(audit_size));
  // Repeating the finish did not give alice a document or clear a new one.
  ASSERT_EQ(NextId(alice_), "d01");
  ASSERT_THAT(Finish(alice_, "d00"), IsOk());
  auto resumed = Next(alice_);
  ASSERT_THAT(resumed, IsOk());
  EXPECT_TRUE(resumed->resumed());
  EXPECT_EQ(resumed->document().document_id(), "d01");
}

TEST_F(AssignmentApiTest, SkipTwiceIsOkAndChangesNothing) {
  CreateProject("p", 2, 2);
  ASSERT_EQ(NextId(alice_), "d00");
  auto first = Skip(alice_, "d00");
  ASSERT_THAT(first, IsOk());
  EXPECT_THAT(first->active(), IsEmpty());
  EXPECT_THAT(first->finished(), IsEmpty());
  EXPECT_THAT(first->skipped(), ElementsAre("alice"));
  const size_t audit_size = Audit(admin_, "d00").size();
  auto second = Skip(alice_, "d00");
  ASSERT_THAT(second, IsOk());
  EXPECT_THAT(*second, EqualsProto(*first));
  EXPECT_THAT(Assignments().at("d00"), EqualsProto(*first));
  EXPECT_THAT(Audit(admin_, "d00"), SizeIs(audit_size));
}

TEST_F(AssignmentApiTest, FinishAfterSkipAndSkipAfterFinishFail) {
  CreateProject("p", 2, 2);
  ASSERT_EQ(NextId(alice_), "d00");
  ASSERT_THAT(Skip(alice_, "d00"), IsOk());
  EXPECT_THAT(Finish(alice_, "d00"),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("not assigned to alice")));
  ASSERT_EQ(NextId(alice_), "d01");
  ASSERT_THAT(Finish(alice_, "d01"), IsOk());
  EXPECT_THAT(Skip(alice_, "d01"),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("not assigned to alice")));
  auto a = Assignments();
  EXPECT_THAT(a.at("d00").skipped(), ElementsAre("alice"));
  EXPECT_THAT(a.at("d00").finished(), IsEmpty());
  EXPECT_THAT(a.at("d01").finished(), ElementsAre("alice"));
  EXPECT_THAT(a.at("d01").skipped(), IsEmpty());
}

TEST_F(AssignmentApiTest, SkippedDocumentsAreNotOfferedAgain) {
  CreateProject("p", 2, 3);
  ASSERT_EQ(NextId(alice_), "d00");
  ASSERT_THAT(Skip(alice_, "d00"), IsOk());
  // d00 is untouched again and first by id, but alice skipped it.
  EXPECT_EQ(NextId(alice_), "d01");
  ASSERT_THAT(Finish(alice_, "d01"), IsOk());
  EXPECT_EQ(NextId(alice_), "d02");
  ASSERT_THAT(Skip(alice_, "d02"), IsOk());
  auto none = Next(alice_);
  ASSERT_THAT(none, IsOk());
  EXPECT_FALSE(none->has_document());
  EXPECT_THAT(none->progress(), EqualsProto(Line("alice", 1, 0, 2, 3)));
  // Others are still offered the skipped documents.
  EXPECT_EQ(NextId(bob_), "d00");
}

TEST_F(AssignmentApiTest, SkippingGivesTheSlotBack) {
  CreateProject("p", 1, 1);
  ASSERT_EQ(NextId(alice_), "d00");
  EXPECT_EQ(NextId(bob_), "");
  ASSERT_THAT(Skip(alice_, "d00"), IsOk());
  EXPECT_EQ(NextId(bob_), "d00");
  ASSERT_THAT(Finish(bob_, "d00"), IsOk());
  EXPECT_EQ(NextId(carol_), "");
  EXPECT_EQ(NextId(alice_), "");
}

// =============================================================================
// GetProgress
// =============================================================================

class ProgressTest : public AssignmentApiTest {
 protected:
  // p (overlap 2, 3 documents): alice finished d00 and works on d01; bob
  // skipped d02.
  void SetUp() override {
    AssignmentApiTest::SetUp();
    CreateProject("p", 2, 3);
    ASSERT_EQ(NextId(alice_), "d00");
    ASSERT_THAT(Finish(alice_, "d00"), IsOk());
    ASSERT_EQ(NextId(alice_), "d01");
    ASSERT_EQ(NextId(bob_), "d02");
    ASSERT_THAT(Skip(bob_, "d02"), IsOk());
  }
};

TEST_F(ProgressTest, AdminSeesEveryLine) {
  v1::ProjectProgress expected;
  expected.set_total(3);
  expected.set_complete(0);
  expected.set_in_progress(1);
  expected.set_overlap(2);
  *expected.add_annotators() = Line("alice", 1, 1, 0, 3);
  *expected.add_annotators() = Line("bob", 0, 0, 1, 3);
  auto admin = Progress(admin_);
  ASSERT_THAT(admin, IsOk());
  EXPECT_THAT(*admin, EqualsProto(expected));
  // So does an adjudicator.
  auto judge = Progress(judge_);
  ASSERT_THAT(judge, IsOk());
  EXPECT_THAT(*judge, EqualsProto(expected));
}

TEST_F(ProgressTest, AnnotatorSeesOnlyTheirOwnLine) {
  auto alice = Progress(alice_);
  ASSERT_THAT(alice, IsOk());
  EXPECT_EQ(alice->total(), 3);
  EXPECT_EQ(alice->complete(), 0);
  EXPECT_EQ(alice->in_progress(), 1);
  EXPECT_EQ(alice->overlap(), 2);
  ASSERT_THAT(alice->annotators(), SizeIs(1));
  EXPECT_THAT(alice->annotators(0), EqualsProto(Line("alice", 1, 1, 0, 3)));

  auto bob = Progress(bob_);
  ASSERT_THAT(bob, IsOk());
  ASSERT_THAT(bob->annotators(), SizeIs(1));
  EXPECT_THAT(bob->annotators(0), EqualsProto(Line("bob", 0, 0, 1, 3)));

  // Someone who never took a document gets a line of zeros.
  auto carol = Progress(carol_);
  ASSERT_THAT(carol, IsOk());
  ASSERT_THAT(carol->annotators(), SizeIs(1));
  EXPECT_THAT(carol->annotators(0), EqualsProto(Line("carol", 0, 0, 0, 3)));
}

TEST_F(ProgressTest, ModelSeesTotalsButNobodysLine) {
  auto tagger = Progress(tagger_);
  ASSERT_THAT(tagger, IsOk());
  EXPECT_EQ(tagger->total(), 3);
  EXPECT_EQ(tagger->in_progress(), 1);
  // Only its own line of zeros: who works on what stays hidden.
  ASSERT_THAT(tagger->annotators(), SizeIs(1));
  EXPECT_THAT(tagger->annotators(0), EqualsProto(Line("tagger", 0, 0, 0, 3)));
}

TEST_F(ProgressTest, CompleteCountsDocumentsWithOverlapFinishers) {
  // d01 (no finisher yet) is preferred over d00 (one finisher).
  ASSERT_EQ(NextId(bob_), "d01");
  ASSERT_THAT(Finish(bob_, "d01"), IsOk());
  ASSERT_THAT(Finish(alice_, "d01"), IsOk());
  auto p = Progress(admin_);
  ASSERT_THAT(p, IsOk());
  EXPECT_EQ(p->total(), 3);
  EXPECT_EQ(p->complete(), 1);
  EXPECT_EQ(p->in_progress(), 0);
  EXPECT_THAT(p->annotators(),
              ElementsAre(EqualsProto(Line("alice", 2, 0, 0, 3)),
                          EqualsProto(Line("bob", 1, 0, 1, 3))));
}

TEST_F(ProgressTest, NextDocumentReportsTheCallersProgress) {
  auto alice = Next(alice_);
  ASSERT_THAT(alice, IsOk());
  EXPECT_TRUE(alice->resumed());
  EXPECT_THAT(alice->progress(), EqualsProto(Line("alice", 1, 1, 0, 3)));
  auto bob = Next(bob_);
  ASSERT_THAT(bob, IsOk());
  EXPECT_FALSE(bob->resumed());
  EXPECT_THAT(bob->progress(), EqualsProto(Line("bob", 0, 1, 1, 3)));
}

// =============================================================================
// Audit
// =============================================================================

TEST_F(AssignmentApiTest, AssignFinishAndSkipAreAudited) {
  CreateProject("p", 2, 1);
  ASSERT_EQ(NextId(alice_), "d00");
  ASSERT_EQ(NextId(bob_), "d00");
  ASSERT_THAT(Finish(alice_, "d00"), IsOk());
  ASSERT_THAT(Skip(bob_, "d00"), IsOk());
  // Resuming is not an event.
  ASSERT_EQ(NextId(carol_), "d00");
  ASSERT_EQ(NextId(carol_), "d00");

  const std::string name = DocumentName("p", "d00");
  std::vector<std::pair<std::string, std::string>> events;
  for (const auto& e : Audit(admin_, "d00")) {
    if (e.action() == "create") continue;  // The document's creation.
    EXPECT_EQ(e.resource(), name) << e.DebugString();
    EXPECT_GT(e.sequence(), 0u);
    EXPECT_TRUE(e.has_time());
    EXPECT_THAT(e.detail(),
                HasSubstr(absl::StrCat(e.action(), " by ", e.actor())));
    events.emplace_back(e.action(), e.actor());
  }
  EXPECT_THAT(
      events,
      ElementsAre(std::pair<std::string, std::string>("assign", "alice"),
                  std::pair<std::string, std::string>("assign", "bob"),
                  std::pair<std::string, std::string>("finish", "alice"),
                  std::pair<std::string, std::string>("skip", "bob"),
                  std::pair<std::string, std::string>("assign", "carol")));
  // The detail counts the state after the event.
  auto all = Audit(admin_, "d00");
  ASSERT_THAT(all, SizeIs(6));
  EXPECT_EQ(all[1].detail(), "assign by alice: 1 active, 0 finished");
  EXPECT_EQ(all[2].detail(), "assign by bob: 2 active, 0 finished");
  EXPECT_EQ(all[3].detail(), "finish by alice: 1 active, 1 finished");
  EXPECT_EQ(all[4].detail(), "skip by bob: 0 active, 1 finished");
  EXPECT_EQ(all[5].detail(), "assign by carol: 1 active, 1 finished");
}

TEST_F(AssignmentApiTest, AnnotatorsSeeOnlyTheirOwnAssignmentEvents) {
  CreateProject("p", 2, 1);
  ASSERT_EQ(NextId(alice_), "d00");
  ASSERT_EQ(NextId(bob_), "d00");
  ASSERT_THAT(Finish(bob_, "d00"), IsOk());
  std::vector<std::string> seen;
  for (const auto& e : Audit(alice_, "d00")) {
    EXPECT_NE(e.actor(), "bob") << e.DebugString();
    seen.push_back(absl::StrCat(e.action(), "/", e.actor()));
  }
  EXPECT_THAT(seen, ElementsAre("create/admin", "assign/alice"));
}

// =============================================================================
// Concurrency
// =============================================================================

// Checks every document's assignment: nobody twice, never past the overlap.
// Returns the number of violations found, described in `why`.
int CheckInvariants(const std::map<std::string, v1::DocumentAssignment>& all,
                    int overlap, std::string* why) {
  int bad = 0;
  for (const auto& [id, a] : all) {
    if (a.active_size() + a.finished_size() > overlap) {
      ++bad;
      absl::StrAppend(why, id, " is past the overlap: ", a.ShortDebugString(),
                      "\n");
    }
    std::set<std::string> people;
    for (const auto* list : {&a.active(), &a.finished(), &a.skipped()}) {
      for (const auto& n : *list) {
        if (!people.insert(n).second) {
          ++bad;
          absl::StrAppend(why, id, " lists ", n,
                          " twice: ", a.ShortDebugString(), "\n");
        }
      }
    }
  }
  return bad;
}

TEST_F(AssignmentApiTest, ConcurrentAnnotatorsNeverExceedTheOverlap) {
  constexpr int kDocuments = 40;
  constexpr int kOverlap = 3;
  constexpr int kAnnotators = 12;
  CreateProject("p", kOverlap, kDocuments);

  std::mutex mu;  // Guards the results below, never held during a call.
  std::map<std::string, std::vector<std::string>> finished_by;  // annotator
  std::vector<std::string> failures;
  std::atomic<int> violations{0};
  std::atomic<int> checks{0};

  auto fail = [&](std::string what) {
    std::lock_guard<std::mutex> lock(mu);
    failures.push_back(std::move(what));
  };

  auto work = [&](int index, std::shared_future<void> start) {
    const Principal me = Caller(
        v1::ANNOTATOR, absl::StrCat("annotator", index / 10, index % 10));
    start.wait();
    std::vector<std::string> mine;
    for (int round = 0; round <= kDocuments; ++round) {
      auto next = Next(me);
      if (!next.ok()) {
        fail(absl::StrCat(me.annotator_id(), ": ", next.status().ToString()));
        return;
      }
      // A separate read of every assignment, taken while other threads
      // assign and finish.
      std::string why;
      const int bad = CheckInvariants(Assignments(), kOverlap, &why);
      checks.fetch_add(1);
      if (bad > 0) {
        violations.fetch_add(bad);
        fail(why);
      }
      auto progress = Progress(admin_);
      if (!progress.ok() || progress->in_progress() > kAnnotators ||
          progress->complete() > kDocuments) {
        fail(absl::StrCat("progress: ", progress.ok()
                                            ? progress->ShortDebugString()
                                            : progress.status().ToString()));
      }

      if (!next->has_document()) break;
      const std::string id = next->document().document_id();
      if (next->resumed()) {
        fail(absl::StrCat(me.annotator_id(), " resumed ", id));
      }
      if (std::find(mine.begin(), mine.end(), id) != mine.end()) {
        fail(absl::StrCat(me.annotator_id(), " got ", id, " twice"));
      }
      mine.push_back(id);
      // Label something, as an annotator would.
      v1::CreateAnnotationRequest create;
      create.set_parent(next->document().name());
      create.mutable_annotation()->set_label("attributed_claim");
      create.set_quote("the talks went well");
      auto annotation = api_->CreateAnnotation(me, create);
      if (!annotation.ok()) {
        fail(absl::StrCat(me.annotator_id(), " annotating ", id, ": ",
                          annotation.status().ToString()));
      }
      // Take a moment, so that the others interleave with this annotator.
      std::this_thread::sleep_for(std::chrono::microseconds(100 + 50 * index));
      auto done = Finish(me, id);
      if (!done.ok()) {
        fail(absl::StrCat(me.annotator_id(), " finishing ", id, ": ",
                          done.status().ToString()));
        return;
      }
    }
    std::lock_guard<std::mutex> lock(mu);
    finished_by[me.annotator_id()] = std::move(mine);
  };

  std::promise<void> go;
  std::shared_future<void> start = go.get_future().share();
  std::vector<std::thread> threads;
  for (int i = 0; i < kAnnotators; ++i) threads.emplace_back(work, i, start);
  go.set_value();
  for (auto& t : threads) t.join();

  EXPECT_THAT(failures, IsEmpty());
  EXPECT_EQ(violations.load(), 0);
  EXPECT_GE(checks.load(), kDocuments * kOverlap);

  // Every document has exactly k finishers, nobody twice, nobody active.
  const auto all = Assignments();
  ASSERT_THAT(all, SizeIs(kDocuments));
  std::map<std::string, int> per_annotator;
  for (const auto& [id, a] : all) {
    EXPECT_THAT(a.active(), IsEmpty()) << id;
    EXPECT_THAT(a.skipped(), IsEmpty()) << id;
    EXPECT_THAT(a.finished(), SizeIs(kOverlap)) << id;
    std::set<std::string> unique(a.finished().begin(), a.finished().end());
    EXPECT_EQ(unique.size(), static_cast<size_t>(a.finished_size())) << id;
    for (const auto& n : a.finished()) ++per_annotator[n];
  }
  // What the threads saw matches what is stored.
  ASSERT_THAT(finished_by, SizeIs(kAnnotators));
  int total = 0;
  for (const auto& [who, docs] : finished_by) {
    std::set<std::string> unique(docs.begin(), docs.end());
    EXPECT_EQ(unique.size(), docs.size()) << who;
    EXPECT_EQ(per_annotator[who], static_cast<int>(docs.size())) << who;
    total += static_cast<int>(docs.size());
    for (const auto& id : docs) {
      EXPECT_THAT(all.at(id).finished(), Contains(who)) << id;
    }
  }
  EXPECT_EQ(total, kDocuments * kOverlap);

  auto progress = Progress(admin_);
  ASSERT_THAT(progress, IsOk());
  EXPECT_EQ(progress->total(), kDocuments);
  EXPECT_EQ(progress->complete(), kDocuments);
  EXPECT_EQ(progress->in_progress(), 0);
  EXPECT_EQ(progress->overlap(), kOverlap);
  // One line per annotator who took at least one document.
  size_t working = 0;
  for (const auto& [who, docs] : finished_by) working += docs.empty() ? 0 : 1;
  EXPECT_THAT(progress->annotators(), SizeIs(working));
  int64_t done = 0;
  for (const auto& line : progress->annotators()) {
    EXPECT_EQ(line.assigned(), 0) << line.annotator();
    EXPECT_EQ(line.skipped(), 0) << line.annotator();
    EXPECT_EQ(line.done(),
              static_cast<int64_t>(finished_by[line.annotator()].size()))
        << line.annotator();
    done += line.done();
  }
  EXPECT_EQ(done, kDocuments * kOverlap);

  // Each finisher left exactly one annotation in their layer.
  for (const auto& [id, a] : all) {
    v1::ListAnnotationsRequest list;
    list.set_parent(DocumentName("p", id));
    auto annotations = api_->ListAnnotations(admin_, list);
    ASSERT_THAT(annotations, IsOk());
    std::vector<std::string> authors;
    for (const auto& x : annotations->annotations()) {
      authors.push_back(x.author());
    }
    EXPECT_THAT(authors, UnorderedElementsAreArray(a.finished().begin(),
                                                   a.finished().end()))
        << id;
  }
}

TEST_F(AssignmentApiTest, SimultaneousRequestsForTheLastSlots) {
  constexpr int kThreads = 16;
  constexpr int kOverlap = 2;
  constexpr int kRounds = 5;
  for (int round = 0; round < kRounds; ++round) {
    const std::string project = absl::StrCat("race", round);
    CreateProject(project, kOverlap, 1);

    std::promise<void> go;
    std::shared_future<void> start = go.get_future().share();
    std::atomic<int> ready{0};
    std::vector<absl::StatusOr<v1::NextDocumentResponse>> results(
        kThreads, absl::UnknownError("not run"));
    std::vector<std::thread> threads;
    for (int i = 0; i < kThreads; ++i) {
      threads.emplace_back([&, i] {
        const Principal me = Caller(v1::ANNOTATOR, absl::StrCat("a", i));
        ready.fetch_add(1);
        start.wait();
        results[i] = Next(me, project);
      });
    }
    while (ready.load() < kThreads) std::this_thread::yield();
    go.set_value();
    for (auto& t : threads) t.join();

    std::vector<std::string> winners;
    for (int i = 0; i < kThreads; ++i) {
      ASSERT_THAT(results[i], IsOk()) << i;
      EXPECT_FALSE(results[i]->resumed());
      if (results[i]->has_document()) {
        EXPECT_EQ(results[i]->document().document_id(), "d00");
        EXPECT_THAT(results[i]->progress(),
                    EqualsProto(Line(absl::StrCat("a", i), 0, 1, 0, 1)));
        winners.push_back(absl::StrCat("a", i));
      } else {
        EXPECT_THAT(results[i]->progress(),
                    EqualsProto(Line(absl::StrCat("a", i), 0, 0, 0, 1)));
      }
    }
    EXPECT_THAT(winners, SizeIs(kOverlap)) << project;
    const auto a = Assignments(project).at("d00");
    EXPECT_THAT(a.active(), UnorderedElementsAreArray(winners)) << project;
    EXPECT_THAT(a.finished(), IsEmpty());
    auto progress = Progress(admin_, project);
    ASSERT_THAT(progress, IsOk());
    EXPECT_EQ(progress->in_progress(), 1);
    EXPECT_THAT(progress->annotators(), SizeIs(kOverlap));
    int assign_events = 0;
    for (const auto& e : Audit(admin_, "d00", project)) {
      if (e.action() == "assign") ++assign_events;
    }
    EXPECT_EQ(assign_events, kOverlap) << project;
  }
}

}  // namespace
}  // namespace spanlab
