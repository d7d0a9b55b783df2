// ReconcileApi over a real store: permissions, which layers are
// reconciled, listing, automatic merges with their provenance, and
// status. Adjudicators' decisions are in reconcile_resolve_test.cc.
#include "service/reconcile_api.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "service/reconcile_test_fixture.h"

namespace spanlab {
namespace {

using ::spanlab::testing_support::IsOk;
using ::spanlab::testing_support::StatusIs;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Pair;
using ::testing::SizeIs;
using ::testing::UnorderedElementsAre;

std::vector<v1::ItemType> Types(const std::vector<v1::ReconcileItem>& items) {
  std::vector<v1::ItemType> out;
  for (const auto& item : items) out.push_back(item.type());
  return out;
}

TEST_F(ReconcileTest, OnlyAdjudicatorsAndAdminsMayReconcile) {
  StandardLayers();
  for (const Principal& who :
       {Caller(v1::ANNOTATOR, "alice"), Caller(v1::MODEL, "tagger")}) {
    const std::string role = v1::Role_Name(who.role());
    v1::ListItemsRequest list;
    list.set_parent("projects/news");
    EXPECT_THAT(reconcile_->ListItems(who, list),
                StatusIs(absl::StatusCode::kPermissionDenied,
                         AllOf(HasSubstr("ListItems needs the ADJUDICATOR or "
                                         "ADMIN role"),
                               HasSubstr(who.annotator_id() + " is " + role))));
    v1::AutoMergeRequest merge;
    merge.set_parent("projects/news");
    merge.set_policy("unanimous");
    EXPECT_THAT(reconcile_->AutoMerge(who, merge),
                StatusIs(absl::StatusCode::kPermissionDenied,
                         HasSubstr("AutoMerge needs the ADJUDICATOR")));
    v1::ResolveItemRequest resolve;
    resolve.set_name(ItemAt(15).name());
    resolve.mutable_drop();
    EXPECT_THAT(reconcile_->ResolveItem(who, resolve),
                StatusIs(absl::StatusCode::kPermissionDenied,
                         HasSubstr("ResolveItem needs the ADJUDICATOR")));
    v1::GetReconcileStatusRequest status;
    status.set_parent("projects/news");
    EXPECT_THAT(
        reconcile_->GetReconcileStatus(who, status),
        StatusIs(absl::StatusCode::kPermissionDenied,
                 HasSubstr("GetReconcileStatus needs the ADJUDICATOR")));
  }
  EXPECT_THAT(Gold("d1"), IsEmpty());
  v1::AutoMergeRequest merge;
  merge.set_parent("projects/news");
  merge.set_policy("unanimous");
  EXPECT_THAT(reconcile_->AutoMerge(admin_, merge), IsOk());
  EXPECT_THAT(Gold("d1"), SizeIs(1));
}

TEST_F(ReconcileTest, ListsOneItemOfEachType) {
  StandardLayers();
  const auto items = Items("projects/news/documents/d1");
  EXPECT_THAT(Types(items), ElementsAre(v1::UNANIMOUS, v1::LABEL_CONFLICT,
                                        v1::BOUNDARY_CONFLICT, v1::PARTIAL));
  const v1::ReconcileItem& boundary = items[2];
  EXPECT_THAT(
      boundary.name(),
      ::testing::MatchesRegex("projects/news/documents/d1/items/[0-9a-f]{16}"));
  EXPECT_EQ(boundary.document(), "projects/news/documents/d1");
  EXPECT_EQ(boundary.start(), 63);
  EXPECT_EQ(boundary.end(), 90);
  EXPECT_THAT(boundary.layers(), ElementsAre("alice", "bob"));
  EXPECT_FALSE(boundary.resolved());
  EXPECT_EQ(boundary.revision(), 0);
  ASSERT_THAT(boundary.versions(), SizeIs(2));
  EXPECT_EQ(boundary.versions(0).annotator(), "alice");
  EXPECT_EQ(boundary.versions(0).text(), "The mayor promised a review");
  EXPECT_EQ(boundary.versions(0).annotation(), alice_["boundary"]);
  EXPECT_EQ(boundary.versions(1).text(), "mayor promised a review");
  EXPECT_THAT(items[0].versions(1).attributes(),
              UnorderedElementsAre(Pair("source", "Officials of the city"),
                                   Pair("cue", "said")));
  // A listing of the project is the same here, and the filter works.
  EXPECT_THAT(Items("projects/news"), SizeIs(4));
  EXPECT_THAT(Items("projects/news", v1::RESOLVED_ITEMS), IsEmpty());
  EXPECT_THAT(Items("projects/news", v1::ITEM_STATUS_FILTER_UNSPECIFIED),
              SizeIs(4));
}

TEST_F(ReconcileTest, OnlyFinishedLayersAreReconciled) {
  CreateProject();
  CreateDocument("d1");
  CreateDocument("d2");
  Label("alice", "d1", 15, 33, "opinion");
  Label("bob", "d1", 15, 33, "opinion");
  Label("bob", "d2", 15, 33, "opinion");
  Finish("alice", "d1");
  // bob's unfinished layer does not count: alice's span is only hers.
  EXPECT_THAT(Types(Items("projects/news")), ElementsAre(v1::PARTIAL));
  auto merged = Merge("projects/news", "unanimous");
  ASSERT_THAT(merged, IsOk());
  EXPECT_EQ(merged->documents(), 1);
  EXPECT_THAT(merged->skipped_documents(),
              ElementsAre("projects/news/documents/d2"));
  EXPECT_EQ(merged->merged(), 0);
  EXPECT_EQ(merged->open(), 1);

  auto status = Status();
  ASSERT_THAT(status, IsOk());
  ASSERT_THAT(status->documents(), SizeIs(2));
  EXPECT_EQ(status->documents(0).state(), v1::RECONCILE_OPEN);
  EXPECT_THAT(status->documents(0).layers(), ElementsAre("alice"));
  EXPECT_EQ(status->documents(1).state(), v1::RECONCILE_NOT_READY);
  EXPECT_EQ(status->not_ready(), 1);
  EXPECT_EQ(status->open(), 1);

  v1::ResolveItemRequest r;
  r.set_name("projects/news/documents/d2/items/0123456789abcdef");
  r.mutable_drop();
  EXPECT_THAT(reconcile_->ResolveItem(judy_, r),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("nobody has finished document \"d2\"")));
}

TEST_F(ReconcileTest, UnanimousMergeWritesGoldWithProvenance) {
  StandardLayers();
  auto merged = Merge("projects/news", "unanimous");
  ASSERT_THAT(merged, IsOk());
  EXPECT_EQ(merged->policy(), "unanimous");
  EXPECT_EQ(merged->documents(), 1);
  EXPECT_EQ(merged->items(), 4);
  EXPECT_EQ(merged->merged(), 1);
  EXPECT_EQ(merged->open(), 3);
  EXPECT_EQ(merged->by_type().unanimous(), 1);
  EXPECT_EQ(merged->by_type().label_conflict(), 1);
  EXPECT_EQ(merged->by_type().boundary_conflict(), 1);
  EXPECT_EQ(merged->by_type().partial(), 1);

  const auto gold = Gold("d1");
  ASSERT_THAT(gold, SizeIs(1));
  const v1::Annotation& g = gold[0];
  EXPECT_EQ(g.kind(), v1::GOLD);
  EXPECT_EQ(g.author(), "judy");
  EXPECT_EQ(g.start(), 15);
  EXPECT_EQ(g.end(), 33);
  EXPECT_EQ(g.text(), "the bridge is safe");
  EXPECT_EQ(g.label(), "attributed_claim");
  // Different sources: a tie, so the longer one; recorded as a conflict.
  EXPECT_THAT(g.attributes(),
              UnorderedElementsAre(Pair("source", "Officials of the city"),
                                   Pair("cue", "said")));
  const v1::GoldProvenance& p = g.provenance();
  EXPECT_EQ(p.item(), ItemAt(15).name());
  EXPECT_EQ(p.item_type(), "unanimous");
  EXPECT_EQ(p.policy(), "unanimous");
  EXPECT_THAT(p.agreeing_annotators(), ElementsAre("alice", "bob"));
  EXPECT_EQ(p.version(), "merged");
  EXPECT_THAT(p.sources(), ElementsAre(alice_["unanimous"], bob_["unanimous"]));
  EXPECT_THAT(p.attribute_conflicts(), ElementsAre("source"));
  EXPECT_EQ(p.adjudicator(), "judy");

  const auto resolved = Items("projects/news", v1::RESOLVED_ITEMS);
  ASSERT_THAT(resolved, SizeIs(1));
  EXPECT_EQ(resolved[0].revision(), 1);
  EXPECT_EQ(resolved[0].resolution().action(), v1::ItemResolution::MERGE);
  EXPECT_EQ(resolved[0].resolution().policy(), "unanimous");
  EXPECT_EQ(resolved[0].resolution().adjudicator(), "judy");
  EXPECT_THAT(resolved[0].resolution().gold_annotations(),
              ElementsAre(g.name()));
  EXPECT_THAT(Items("projects/news", v1::OPEN_ITEMS), SizeIs(3));

  // Running it again changes nothing.
  auto again = Merge("projects/news", "unanimous");
  ASSERT_THAT(again, IsOk());
  EXPECT_EQ(again->merged(), 0);
  EXPECT_EQ(again->already_resolved(), 1);
  EXPECT_EQ(again->open(), 3);
  EXPECT_THAT(Gold("d1", /*show_deleted=*/true), SizeIs(1));

  auto status = Status();
  ASSERT_THAT(status, IsOk());
  EXPECT_EQ(status->documents(0).state(), v1::RECONCILE_IN_PROGRESS);
  EXPECT_EQ(status->documents(0).gold(), 1);
  EXPECT_EQ(status->resolved(), 1);
  EXPECT_EQ(status->open_items(), 3);
  EXPECT_EQ(status->in_progress(), 1);
}

TEST_F(ReconcileTest, MajorityMergesWhatEnoughAnnotatorsAgreeOn) {
  CreateProject(/*overlap=*/3);
  CreateDocument("d1");
  for (const char* who : {"alice", "bob"}) {
    Label(who, "d1", 63, 90, "opinion");
    Label(who, "d1", 51, 61, "disputed");
  }
  Label("carol", "d1", 67, 90, "opinion");
  Label("carol", "d1", 51, 61, "attributed_claim");
  Label("carol", "d1", 92, 113, "opinion");
  for (const char* who : {"alice", "bob", "carol"}) Finish(who, "d1");

  auto merged = Merge("projects/news/documents/d1", "majority=2");
  ASSERT_THAT(merged, IsOk());
  EXPECT_EQ(merged->policy(), "majority=2");
  EXPECT_EQ(merged->merged(), 2);
  EXPECT_EQ(merged->open(), 1);  // carol's partial.
  const auto gold = Gold("d1");
  ASSERT_THAT(gold, SizeIs(2));
  EXPECT_EQ(gold[0].label(), "disputed");
  EXPECT_EQ(gold[0].provenance().policy(), "majority=2");
  EXPECT_EQ(gold[0].provenance().item_type(), "label_conflict");
  EXPECT_THAT(gold[0].provenance().agreeing_annotators(),
              ElementsAre("alice", "bob"));
  EXPECT_EQ(gold[1].start(), 63);
  EXPECT_EQ(gold[1].provenance().item_type(), "boundary_conflict");
}

TEST_F(ReconcileTest, BadPoliciesAndParentsAreInvalid) {
  StandardLayers();
  EXPECT_THAT(Merge("projects/news", "majority=1"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("policy=\"majority=1\"")));
  EXPECT_THAT(Merge("projects/news/items", "unanimous"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("parent=\"projects/news/items\"")));
  EXPECT_THAT(Merge("projects/nope", "unanimous"),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("nope")));
  EXPECT_THAT(Merge("projects/news/documents/d9", "unanimous"),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("d9")));
  // "none" only brings the document up to date.
  auto none = Merge("projects/news", "none");
  ASSERT_THAT(none, IsOk());
  EXPECT_EQ(none->merged(), 0);
  EXPECT_EQ(none->open(), 4);
}

TEST_F(ReconcileTest, PagesCrossDocuments) {
  CreateProject();
  for (const char* doc : {"d1", "d2", "d3"}) {
    CreateDocument(doc);
    Label("alice", doc, 15, 33, "opinion");
    Label("alice", doc, 92, 113, "opinion");
    Finish("alice", doc);
  }
  v1::ListItemsRequest r;
  r.set_parent("projects/news");
  r.set_page_size(3);
  auto first = reconcile_->ListItems(judy_, r);
  ASSERT_THAT(first, IsOk());
  EXPECT_THAT(first->items(), SizeIs(3));
  ASSERT_FALSE(first->next_page_token().empty());
  r.set_page_token(first->next_page_token());
  auto second = reconcile_->ListItems(judy_, r);
  ASSERT_THAT(second, IsOk());
  ASSERT_THAT(second->items(), SizeIs(3));
  EXPECT_TRUE(second->next_page_token().empty());
  EXPECT_EQ(second->items(0).document(), "projects/news/documents/d2");
  EXPECT_EQ(second->items(0).start(), 92);

  r.set_parent("projects/news/documents/d1");
  EXPECT_THAT(
      reconcile_->ListItems(judy_, r),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("page_token")));
  r.set_page_token("garbage");
  EXPECT_THAT(
      reconcile_->ListItems(judy_, r),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("page_token")));
}

TEST_F(ReconcileTest, AutomaticLayersJoinOnRequestAndStayForTheDocument) {
  CreateProject();
  CreateDocument("d1");
  Label("alice", "d1", 15, 33, "opinion");
  Label("bob", "d1", 15, 33, "opinion");
  Label("tagger", "d1", 15, 33, "opinion", {}, v1::MODEL);
  Label("tagger", "d1", 92, 113, "opinion", {}, v1::MODEL);
  Finish("alice", "d1");
  Finish("bob", "d1");
  EXPECT_THAT(Types(Items("projects/news")), ElementsAre(v1::UNANIMOUS));
  const auto with_model =
      Items("projects/news", v1::ALL_ITEMS, /*include_automatic=*/true);
  EXPECT_THAT(Types(with_model), ElementsAre(v1::UNANIMOUS, v1::PARTIAL));
  EXPECT_THAT(with_model[0].layers(), ElementsAre("alice", "bob", "tagger"));
  EXPECT_TRUE(with_model[0].versions(2).automatic());

  auto merged = Merge("projects/news", "unanimous", /*include_automatic=*/true);
  ASSERT_THAT(merged, IsOk());
  EXPECT_EQ(merged->merged(), 1);
  EXPECT_THAT(Gold("d1")[0].provenance().agreeing_annotators(),
              ElementsAre("alice", "bob", "tagger"));
  // The first resolution fixed the document's layers: a request without
  // automatic layers still sees the model.
  const auto later = Items("projects/news");
  ASSERT_THAT(later, SizeIs(2));
  EXPECT_TRUE(later[0].include_automatic());
  EXPECT_TRUE(later[0].resolved());
}

TEST_F(ReconcileTest, MergeLeavesItemsBlockedByGoldWrittenByHand) {
  StandardLayers();
  v1::CreateAnnotationRequest r;
  r.set_parent("projects/news/documents/d1");
  r.mutable_annotation()->set_start(19);
  r.mutable_annotation()->set_end(33);
  r.mutable_annotation()->set_label("opinion");
  ASSERT_THAT(api_->CreateAnnotation(judy_, r), IsOk());
  auto merged = Merge("projects/news", "unanimous");
  ASSERT_THAT(merged, IsOk());
  EXPECT_EQ(merged->merged(), 0);
  EXPECT_EQ(merged->blocked(), 1);
  EXPECT_EQ(merged->open(), 4);
  EXPECT_THAT(Gold("d1"), SizeIs(1));
}

}  // namespace
}  // namespace spanlab

namespace spanlab {
namespace {

// A call whose deadline passes while AutoMerge runs: the documents merged
// before stay merged, the rest are left for the next call.
TEST_F(ReconcileTest, AutoMergeStopsBetweenDocumentsOnceTheCallEnds) {
  CreateProject();
  for (const std::string doc : {"d1", "d2"}) {
    CreateDocument(doc);
    Label("alice", doc, 15, 33, "opinion");
    Label("bob", doc, 15, 33, "opinion");
    Finish("alice", doc);
    Finish("bob", doc);
  }
  int asked = 0;
  const CallCheck ends_after_one = [&asked]() {
    return ++asked > 1 ? absl::DeadlineExceededError("deadline passed")
                       : absl::OkStatus();
  };
  v1::AutoMergeRequest merge;
  merge.set_parent("projects/news");
  merge.set_policy("unanimous");
  EXPECT_THAT(reconcile_->AutoMerge(admin_, merge, ends_after_one),
              StatusIs(absl::StatusCode::kDeadlineExceeded,
                       HasSubstr("deadline passed")));
  EXPECT_EQ(Gold("d1").size() + Gold("d2").size(), 1u);
  EXPECT_THAT(reconcile_->AutoMerge(admin_, merge), IsOk());
  EXPECT_THAT(Gold("d1"), SizeIs(1));
  EXPECT_THAT(Gold("d2"), SizeIs(1));
}

}  // namespace
}  // namespace spanlab
