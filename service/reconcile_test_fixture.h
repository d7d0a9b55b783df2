// The fixture of the ReconcileApi tests: a real RocksDB store in a
// temporary directory, the Api to set up projects, documents, annotations
// and finished assignments, and a ReconcileApi over the same store.
#ifndef SPANLAB_SERVICE_RECONCILE_TEST_FIXTURE_H_
#define SPANLAB_SERVICE_RECONCILE_TEST_FIXTURE_H_

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "service/api.h"
#include "service/names.h"
#include "service/reconcile_api.h"
#include "storage/rocksdb_store.h"
#include "tests/support/callers.h"
#include "tests/support/status_matchers.h"
#include "tests/support/temp_dir.h"

namespace spanlab {

using testing_support::Caller;

// A small article. Code points: "the bridge is safe" [15, 33), "a
// disaster" [51, 61), "The mayor promised a review" [63, 90), "mayor
// promised a review" [67, 90), "Nobody knows the cost" [92, 113).
inline constexpr char kArticle[] =
    "Officials said the bridge is safe. Critics call it a disaster. "
    "The mayor promised a review. Nobody knows the cost.";

class ReconcileTest : public testing::Test {
 protected:
  void SetUp() override { Open(); }

  // Two annotators who finished document "d1" with one item of each type:
  //   [15, 33) UNANIMOUS: both attributed_claim, sources differ;
  //   [51, 61) LABEL_CONFLICT: alice disputed, bob attributed_claim;
  //   [63, 90) / [67, 90) BOUNDARY_CONFLICT: both opinion;
  //   [92, 113) PARTIAL: bob's opinion only.
  void StandardLayers() {
    CreateProject();
    CreateDocument("d1");
    alice_["unanimous"] = Label("alice", "d1", 15, 33, "attributed_claim",
                                {{"source", "Officials"}, {"cue", "said"}});
    bob_["unanimous"] =
        Label("bob", "d1", 15, 33, "attributed_claim",
              {{"source", "Officials of the city"}, {"cue", "said"}});
    alice_["label"] = Label("alice", "d1", 51, 61, "disputed",
                            {{"source", "Critics"}, {"disputed_by", "mayor"}});
    bob_["label"] = Label("bob", "d1", 51, 61, "attributed_claim",
                          {{"source", "Critics"}, {"cue", "call"}});
    alice_["boundary"] = Label("alice", "d1", 63, 90, "opinion");
    bob_["boundary"] = Label("bob", "d1", 67, 90, "opinion");
    bob_["partial"] = Label("bob", "d1", 92, 113, "opinion");
    Finish("alice", "d1");
    Finish("bob", "d1");
  }

  // The item of "d1" starting at or covering `position`.
  v1::ReconcileItem ItemAt(int64_t position,
                           v1::ItemStatusFilter status = v1::ALL_ITEMS) {
    for (const v1::ReconcileItem& item :
         Items("projects/news/documents/d1", status)) {
      if (item.start() <= position && position < item.end()) return item;
    }
    ADD_FAILURE() << "no item at " << position;
    return v1::ReconcileItem();
  }

  void Open() {
    RocksDbStoreOptions options;
    options.durability = Durability::kBuffered;
    auto store = RocksDbStore::Open(dir_.path() + "/db", options);
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
    api_ = std::make_unique<Api>(store_.get(), Limits());
    reconcile_ = std::make_unique<ReconcileApi>(store_.get(), Limits());
  }

  // Closes and reopens the store, as a server restart would.
  void Reopen() {
    reconcile_.reset();
    api_.reset();
    store_.reset();
    Open();
  }

  void CreateProject(int overlap = 2) {
    v1::CreateProjectRequest r;
    r.mutable_project()->set_project_id("news");
    r.mutable_project()->set_overlap(overlap);
    ASSERT_TRUE(api_->CreateProject(admin_, r).ok());
  }

  // kArticle followed by the id, so that texts differ (the project
  // refuses duplicates).
  void CreateDocument(const std::string& id) {
    v1::CreateDocumentRequest r;
    r.set_parent("projects/news");
    r.mutable_document()->set_document_id(id);
    r.set_text(std::string(kArticle) + "\n" + id);
    auto d = api_->CreateDocument(admin_, r);
    ASSERT_TRUE(d.ok()) << d.status();
  }

  // Labels [start, end) in `who`'s layer and returns the annotation name.
  std::string Label(const std::string& who, const std::string& doc,
                    int64_t start, int64_t end, const std::string& label,
                    std::map<std::string, std::string> attributes = {},
                    v1::Role role = v1::ANNOTATOR) {
    v1::CreateAnnotationRequest r;
    r.set_parent(DocumentName("news", doc));
    v1::Annotation& a = *r.mutable_annotation();
    a.set_start(start);
    a.set_end(end);
    a.set_label(label);
    a.mutable_attributes()->insert(attributes.begin(), attributes.end());
    if (role == v1::MODEL) {
      a.set_model_version("v1");
      a.set_score(0.5);
    }
    auto created = api_->CreateAnnotation(Caller(role, who), r);
    EXPECT_TRUE(created.ok()) << created.status();
    return created.ok() ? created->name() : "";
  }

  // Records `who` as having finished `doc`, as FinishDocument would.
  void Finish(const std::string& who, const std::string& doc) {
    auto txn = store_->BeginAssignments("news");
    ASSERT_TRUE(txn.ok());
    auto a = (*txn)->Get(doc);
    ASSERT_TRUE(a.ok());
    a->add_finished(who);
    (*txn)->Put(doc, *a);
    ASSERT_TRUE((*txn)->Commit().ok());
  }

  std::vector<v1::ReconcileItem> Items(
      const std::string& parent, v1::ItemStatusFilter status = v1::ALL_ITEMS,
      bool include_automatic = false) {
    v1::ListItemsRequest r;
    r.set_parent(parent);
    r.set_status(status);
    r.set_include_automatic(include_automatic);
    std::vector<v1::ReconcileItem> out;
    do {
      auto page = reconcile_->ListItems(judy_, r);
      EXPECT_TRUE(page.ok()) << page.status();
      if (!page.ok()) break;
      for (const auto& item : page->items()) out.push_back(item);
      r.set_page_token(page->next_page_token());
    } while (!r.page_token().empty());
    return out;
  }

  absl::StatusOr<v1::AutoMergeResponse> Merge(const std::string& parent,
                                              const std::string& policy,
                                              bool include_automatic = false) {
    v1::AutoMergeRequest r;
    r.set_parent(parent);
    r.set_policy(policy);
    r.set_include_automatic(include_automatic);
    return reconcile_->AutoMerge(judy_, r);
  }

  absl::StatusOr<v1::ReconcileItem> Take(const v1::ReconcileItem& item,
                                         std::vector<std::string> annotations,
                                         const Principal* who = nullptr) {
    v1::ResolveItemRequest r;
    r.set_name(item.name());
    r.set_revision(item.revision());
    r.set_include_automatic(item.include_automatic());
    v1::TakeVersions* take = r.mutable_take();
    for (const auto& a : annotations) take->add_annotations(a);
    return reconcile_->ResolveItem(who ? *who : judy_, r);
  }

  absl::StatusOr<v1::ReconcileItem> Drop(const v1::ReconcileItem& item) {
    v1::ResolveItemRequest r;
    r.set_name(item.name());
    r.set_revision(item.revision());
    r.mutable_drop();
    return reconcile_->ResolveItem(judy_, r);
  }

  absl::StatusOr<v1::ReconcileStatus> Status() {
    v1::GetReconcileStatusRequest r;
    r.set_parent("projects/news");
    return reconcile_->GetReconcileStatus(judy_, r);
  }

  std::vector<v1::Annotation> Gold(const std::string& doc,
                                   bool show_deleted = false) {
    v1::ListAnnotationsRequest r;
    r.set_parent(DocumentName("news", doc));
    r.set_kind(v1::GOLD);
    r.set_show_deleted(show_deleted);
    auto page = api_->ListAnnotations(admin_, r);
    EXPECT_TRUE(page.ok()) << page.status();
    if (!page.ok()) return {};
    return {page->annotations().begin(), page->annotations().end()};
  }

  // Annotation names of StandardLayers' spans by item kind.
  std::map<std::string, std::string> alice_;
  std::map<std::string, std::string> bob_;
  testing_support::TempDir dir_;
  std::unique_ptr<RocksDbStore> store_;
  std::unique_ptr<Api> api_;
  std::unique_ptr<ReconcileApi> reconcile_;
  const Principal admin_ = Caller(v1::ADMIN, "admin");
  const Principal judy_ = Caller(v1::ADJUDICATOR, "judy");
};

}  // namespace spanlab

#endif  // SPANLAB_SERVICE_RECONCILE_TEST_FIXTURE_H_
