// ReconcileApi::ResolveItem over a real store: each kind of decision with
// its provenance, stale requests, and reconciling again after new human
// work or a restart.
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "service/reconcile_api.h"
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

std::vector<std::string> Names(const std::vector<v1::ReconcileItem>& items) {
  std::vector<std::string> out;
  for (const auto& item : items) out.push_back(item.name());
  return out;
}

TEST_F(ReconcileTest, TakeEditAndDropEachLeaveTheirProvenance) {
  StandardLayers();
  ASSERT_THAT(Merge("projects/news", "unanimous"), IsOk());

  // Label conflict: take alice's version.
  auto took = Take(ItemAt(51), {alice_["label"]});
  ASSERT_THAT(took, IsOk());
  EXPECT_TRUE(took->resolved());
  EXPECT_EQ(took->revision(), 1);
  EXPECT_EQ(took->resolution().action(), v1::ItemResolution::TAKE);
  EXPECT_EQ(took->resolution().policy(), "adjudicated");
  EXPECT_THAT(took->resolution().versions(), ElementsAre(alice_["label"]));

  // Boundary conflict: an edited span and label.
  v1::ResolveItemRequest edit;
  edit.set_name(ItemAt(63).name());
  edit.mutable_edit()->set_start(67);
  edit.mutable_edit()->set_end(90);
  edit.mutable_edit()->set_label("disputed");
  (*edit.mutable_edit()->mutable_attributes())["disputed_by"] = "Critics";
  auto edited = reconcile_->ResolveItem(judy_, edit);
  ASSERT_THAT(edited, IsOk());
  EXPECT_EQ(edited->resolution().action(), v1::ItemResolution::EDIT);

  // Partial: dropped.
  auto dropped = Drop(ItemAt(92));
  ASSERT_THAT(dropped, IsOk());
  EXPECT_EQ(dropped->resolution().action(), v1::ItemResolution::DROP);
  EXPECT_THAT(dropped->resolution().gold_annotations(), IsEmpty());

  const auto gold = Gold("d1");
  ASSERT_THAT(gold, SizeIs(3));
  const v1::Annotation& taken = gold[1];
  EXPECT_EQ(taken.start(), 51);
  EXPECT_EQ(taken.label(), "disputed");
  EXPECT_EQ(taken.author(), "judy");
  EXPECT_THAT(taken.attributes(),
              UnorderedElementsAre(Pair("source", "Critics"),
                                   Pair("disputed_by", "mayor")));
  EXPECT_EQ(taken.provenance().policy(), "adjudicated");
  EXPECT_EQ(taken.provenance().item_type(), "label_conflict");
  EXPECT_EQ(taken.provenance().version(), alice_["label"]);
  EXPECT_THAT(taken.provenance().sources(), ElementsAre(alice_["label"]));
  EXPECT_THAT(taken.provenance().agreeing_annotators(), ElementsAre("alice"));
  EXPECT_EQ(taken.provenance().adjudicator(), "judy");
  EXPECT_THAT(took->resolution().gold_annotations(), ElementsAre(taken.name()));

  const v1::Annotation& mine = gold[2];
  EXPECT_EQ(mine.text(), "mayor promised a review");
  EXPECT_EQ(mine.label(), "disputed");
  EXPECT_EQ(mine.provenance().version(), "edited");
  EXPECT_THAT(mine.provenance().sources(), IsEmpty());
  EXPECT_THAT(mine.provenance().agreeing_annotators(), IsEmpty());
  EXPECT_EQ(mine.provenance().item_type(), "boundary_conflict");

  EXPECT_THAT(Items("projects/news", v1::OPEN_ITEMS), IsEmpty());
  auto status = Status();
  ASSERT_THAT(status, IsOk());
  EXPECT_EQ(status->documents(0).state(), v1::RECONCILE_DONE);
  EXPECT_EQ(status->done(), 1);
  EXPECT_EQ(status->resolved(), 4);
  EXPECT_EQ(status->documents(0).gold(), 3);
}

TEST_F(ReconcileTest, TakingTwoVersionsOfOneAnnotatorKeepsBoth) {
  CreateProject();
  CreateDocument("d1");
  // bob's long span bridges two of alice's.
  const std::string first = Label("alice", "d1", 15, 33, "opinion");
  const std::string second = Label("alice", "d1", 35, 61, "opinion");
  const std::string bridge = Label("bob", "d1", 19, 50, "opinion");
  Finish("alice", "d1");
  Finish("bob", "d1");
  const v1::ReconcileItem item = ItemAt(15);
  ASSERT_THAT(item.versions(), SizeIs(3));
  EXPECT_THAT(Take(item, {first, bridge}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("take.annotations[1]")));
  ASSERT_THAT(Take(item, {first, second}), IsOk());
  EXPECT_THAT(Gold("d1"), SizeIs(2));
}

TEST_F(ReconcileTest, BadDecisionsAreInvalidAndChangeNothing) {
  StandardLayers();
  const v1::ReconcileItem item = ItemAt(63);
  EXPECT_THAT(Take(item, {}), StatusIs(absl::StatusCode::kInvalidArgument,
                                       HasSubstr("take.annotations: 0 given")));
  EXPECT_THAT(Take(item, {alice_["label"]}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("not a version of this item")));
  EXPECT_THAT(
      Take(item, {alice_["boundary"], alice_["boundary"]}),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("named twice")));
  v1::ResolveItemRequest r;
  r.set_name(item.name());
  EXPECT_THAT(reconcile_->ResolveItem(judy_, r),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("resolution: required")));
  r.mutable_edit()->set_start(0);
  r.mutable_edit()->set_end(9);
  r.mutable_edit()->set_label("opinion");
  EXPECT_THAT(reconcile_->ResolveItem(judy_, r),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("does not overlap the item")));
  r.mutable_edit()->set_start(63);
  r.mutable_edit()->set_end(90);
  r.mutable_edit()->set_label("rumour");
  EXPECT_THAT(
      reconcile_->ResolveItem(judy_, r),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("edit.label")));
  r.mutable_edit()->set_label("opinion");
  (*r.mutable_edit()->mutable_attributes())["cue"] = "said";
  EXPECT_THAT(reconcile_->ResolveItem(judy_, r),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("cue")));
  r.set_name("projects/news/documents/d1/items/XYZ");
  EXPECT_THAT(reconcile_->ResolveItem(judy_, r),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("name=")));
  EXPECT_THAT(Gold("d1", /*show_deleted=*/true), IsEmpty());
  EXPECT_THAT(Items("projects/news", v1::RESOLVED_ITEMS), IsEmpty());
}

TEST_F(ReconcileTest, StaleResolveIsAborted) {
  StandardLayers();
  const v1::ReconcileItem listed = ItemAt(51);
  const Principal other = Caller(v1::ADJUDICATOR, "kim");
  ASSERT_THAT(Take(listed, {bob_["label"]}, &other), IsOk());
  // judy decides on what she listed before kim's decision.
  EXPECT_THAT(
      Take(listed, {alice_["label"]}),
      StatusIs(absl::StatusCode::kAborted,
               AllOf(HasSubstr("revision=0"), HasSubstr("at revision 1"),
                     HasSubstr("resolved by kim"))));
  ASSERT_THAT(Gold("d1"), SizeIs(1));
  EXPECT_EQ(Gold("d1")[0].label(), "attributed_claim");

  // With the current revision she may change the decision: kim's gold
  // span becomes a tombstone.
  auto changed = Take(ItemAt(51), {alice_["label"]});
  ASSERT_THAT(changed, IsOk());
  EXPECT_EQ(changed->revision(), 2);
  const auto gold = Gold("d1", /*show_deleted=*/true);
  ASSERT_THAT(gold, SizeIs(2));
  EXPECT_TRUE(gold[0].deleted());
  EXPECT_EQ(gold[0].provenance().adjudicator(), "kim");
  EXPECT_FALSE(gold[1].deleted());
  EXPECT_EQ(gold[1].label(), "disputed");
}

TEST_F(ReconcileTest, ItemWhoseVersionsChangedIsAborted) {
  StandardLayers();
  const v1::ReconcileItem listed = ItemAt(63);
  v1::DeleteAnnotationRequest del;
  del.set_name(bob_["boundary"]);
  ASSERT_THAT(api_->DeleteAnnotation(Caller(v1::ANNOTATOR, "bob"), del),
              IsOk());
  EXPECT_THAT(
      Take(listed, {alice_["boundary"]}),
      StatusIs(absl::StatusCode::kAborted, HasSubstr("list the items again")));
}

TEST_F(ReconcileTest, NewHumanWorkReopensOnlyTheAffectedItems) {
  StandardLayers();
  ASSERT_THAT(Merge("projects/news", "unanimous"), IsOk());
  ASSERT_THAT(Take(ItemAt(51), {alice_["label"]}), IsOk());
  ASSERT_THAT(Take(ItemAt(63), {alice_["boundary"]}), IsOk());
  ASSERT_THAT(Take(ItemAt(92), {bob_["partial"]}), IsOk());
  const auto before = Items("projects/news");
  ASSERT_THAT(Status()->documents(0).state(), v1::RECONCILE_DONE);

  // bob moves his boundary to agree with alice.
  v1::UpdateAnnotationRequest update;
  update.mutable_annotation()->set_name(bob_["boundary"]);
  update.mutable_annotation()->set_start(63);
  update.mutable_update_mask()->add_paths("start");
  ASSERT_THAT(api_->UpdateAnnotation(Caller(v1::ANNOTATOR, "bob"), update),
              IsOk());

  const auto after = Items("projects/news");
  ASSERT_THAT(after, SizeIs(4));
  for (int i : {0, 1, 3}) {
    EXPECT_EQ(after[i].name(), before[i].name());
    EXPECT_TRUE(after[i].resolved());
  }
  EXPECT_NE(after[2].name(), before[2].name());
  EXPECT_EQ(after[2].type(), v1::UNANIMOUS);
  EXPECT_FALSE(after[2].resolved());
  EXPECT_THAT(Names(Items("projects/news", v1::OPEN_ITEMS)),
              ElementsAre(after[2].name()));
  auto status = Status();
  ASSERT_THAT(status, IsOk());
  EXPECT_EQ(status->documents(0).state(), v1::RECONCILE_IN_PROGRESS);
  EXPECT_EQ(status->documents(0).superseded(), 1);

  // Reconciling again withdraws the old decision's gold and merges the
  // now unanimous item.
  auto merged = Merge("projects/news", "unanimous");
  ASSERT_THAT(merged, IsOk());
  EXPECT_EQ(merged->superseded(), 1);
  EXPECT_EQ(merged->merged(), 1);
  EXPECT_EQ(merged->already_resolved(), 3);
  const auto gold = Gold("d1", /*show_deleted=*/true);
  int live = 0;
  for (const auto& g : gold) {
    if (g.provenance().item() == before[2].name()) {
      EXPECT_TRUE(g.deleted());
    } else {
      EXPECT_FALSE(g.deleted());
      ++live;
    }
  }
  EXPECT_EQ(live, 4);
  status = Status();
  ASSERT_THAT(status, IsOk());
  EXPECT_EQ(status->documents(0).state(), v1::RECONCILE_DONE);
  EXPECT_EQ(status->documents(0).superseded(), 0);
}

TEST_F(ReconcileTest, ANewlyFinishedLayerReopensWhatItTouches) {
  CreateProject(/*overlap=*/3);
  CreateDocument("d1");
  Label("alice", "d1", 15, 33, "opinion");
  Label("bob", "d1", 15, 33, "opinion");
  Label("alice", "d1", 92, 113, "opinion");
  Label("bob", "d1", 92, 113, "opinion");
  Finish("alice", "d1");
  Finish("bob", "d1");
  ASSERT_THAT(Merge("projects/news", "unanimous"), IsOk());
  // carol agrees on the second span only, and adds nothing near the first.
  Label("carol", "d1", 92, 113, "opinion");
  Finish("carol", "d1");
  const auto open = Items("projects/news", v1::OPEN_ITEMS);
  ASSERT_THAT(open, SizeIs(1));
  EXPECT_EQ(open[0].start(), 92);
  EXPECT_EQ(open[0].type(), v1::UNANIMOUS);
  auto merged = Merge("projects/news", "unanimous");
  ASSERT_THAT(merged, IsOk());
  EXPECT_EQ(merged->superseded(), 1);
  EXPECT_EQ(merged->merged(), 1);
  EXPECT_THAT(Gold("d1")[1].provenance().agreeing_annotators(),
              ElementsAre("alice", "bob", "carol"));
}

TEST_F(ReconcileTest, ResumesAfterARestart) {
  StandardLayers();
  ASSERT_THAT(Merge("projects/news", "unanimous"), IsOk());
  ASSERT_THAT(Take(ItemAt(51), {alice_["label"]}), IsOk());
  Reopen();
  const auto open = Items("projects/news", v1::OPEN_ITEMS);
  ASSERT_THAT(open, SizeIs(2));
  EXPECT_EQ(open[0].start(), 63);
  EXPECT_EQ(open[1].start(), 92);
  EXPECT_THAT(Items("projects/news", v1::RESOLVED_ITEMS), SizeIs(2));
  auto merged = Merge("projects/news", "unanimous");
  ASSERT_THAT(merged, IsOk());
  EXPECT_EQ(merged->superseded(), 0);
  EXPECT_EQ(merged->merged(), 0);
  EXPECT_EQ(merged->already_resolved(), 2);
  EXPECT_THAT(Gold("d1"), SizeIs(2));
}

TEST_F(ReconcileTest, ResolutionsAreAudited) {
  StandardLayers();
  ASSERT_THAT(Drop(ItemAt(92)), IsOk());
  auto audit = store_->ReadAudit("news", "d1");
  ASSERT_THAT(audit, IsOk());
  ASSERT_FALSE(audit->empty());
  const v1::AuditEntry& last = audit->back();
  EXPECT_EQ(last.action(), "resolve");
  EXPECT_EQ(last.actor(), "judy");
  EXPECT_EQ(last.resource(), ItemAt(92).name());
  EXPECT_THAT(last.detail(), HasSubstr("dropped (adjudicated, partial"));
}

}  // namespace
}  // namespace spanlab
