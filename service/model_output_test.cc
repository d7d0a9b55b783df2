// Model output through BulkWriteAnnotations: a re-run replaces the same
// model version's earlier suggestions and never touches other layers.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "service/api.h"
#include "service/names.h"
#include "storage/rocksdb_store.h"
#include "tests/support/status_matchers.h"
#include "tests/support/store_fixture.h"

namespace spanlab {
namespace {

using ::spanlab::testing_support::IsOk;
using ::spanlab::testing_support::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;

Principal Person(const std::string& id, v1::Role role) {
  Principal p;
  p.set_annotator_id(id);
  p.set_role(role);
  return p;
}

class ModelOutputTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(env_.ok());
    v1::CreateProjectRequest p;
    p.mutable_project()->set_project_id("news");
    ASSERT_THAT(api_->CreateProject(admin_, p).status(), IsOk());
    v1::CreateDocumentRequest d;
    d.set_parent("projects/news");
    d.mutable_document()->set_document_id("d1");
    // Non-ASCII before the spans so offsets are code points, not bytes.
    d.set_text(
        "“Ça va” — the minister said the plan was final. Critics "
        "denied it was ever agreed.");
    ASSERT_THAT(api_->CreateDocument(admin_, d).status(), IsOk());
  }

  v1::Annotation Suggestion(int start, int end, const std::string& label,
                            const std::string& version, double score) {
    v1::Annotation a;
    a.set_start(start);
    a.set_end(end);
    a.set_label(label);
    a.set_model_version(version);
    a.set_score(score);
    return a;
  }

  // Streams `messages` (each a list of annotations for d1) as `caller`.
  absl::StatusOr<v1::BulkWriteAnnotationsResponse> Write(
      const Principal& caller,
      std::vector<std::vector<v1::Annotation>> messages) {
    size_t i = 0;
    return api_->BulkWriteAnnotations(
        caller, [&](v1::BulkWriteAnnotationsRequest* r) {
          if (i == messages.size()) return false;
          r->set_parent("projects/news/documents/d1");
          for (auto& a : messages[i]) *r->add_annotations() = a;
          ++i;
          return true;
        });
  }

  std::vector<v1::Annotation> List(const Principal& caller, bool deleted) {
    v1::ListAnnotationsRequest r;
    r.set_parent("projects/news/documents/d1");
    r.set_show_deleted(deleted);
    r.set_show_decided(true);
    auto page = api_->ListAnnotations(caller, r);
    EXPECT_THAT(page.status(), IsOk());
    return {page->annotations().begin(), page->annotations().end()};
  }

  // "label@start-end v" for each live annotation of `kind`.
  std::vector<std::string> Live(v1::AnnotationKind kind) {
    std::vector<std::string> out;
    for (const auto& a : List(admin_, false)) {
      if (a.kind() != kind) continue;
      out.push_back(absl::StrCat(a.label(), "@", a.start(), "-", a.end(), " ",
                                 a.model_version()));
    }
    return out;
  }

  testing_support::StoreAndApi env_;
  RocksDbStore* const store_ = env_.store();
  Api* const api_ = env_.api();
  const Principal admin_ = Person("admin", v1::ADMIN);
  const Principal model_ = Person("tagger", v1::MODEL);
  const Principal alice_ = Person("alice", v1::ANNOTATOR);
};

TEST_F(ModelOutputTest, RerunIsIdempotentAndKeepsIds) {
  const auto run = [&] {
    return Write(model_, {{Suggestion(1, 6, "attributed_claim", "v1", 0.9),
                           Suggestion(57, 80, "disputed", "v1", 0.6)}});
  };
  auto first = run();
  ASSERT_THAT(first.status(), IsOk());
  EXPECT_EQ(first->written(), 2);
  const std::vector<v1::Annotation> before = List(admin_, true);

  auto second = run();
  ASSERT_THAT(second.status(), IsOk());
  EXPECT_EQ(second->written(), 0);
  EXPECT_EQ(second->kept(), 2);
  EXPECT_EQ(second->removed(), 0);
  const std::vector<v1::Annotation> after = List(admin_, true);
  ASSERT_EQ(before.size(), after.size());
  for (size_t i = 0; i < before.size(); ++i) {
    EXPECT_EQ(before[i].SerializeAsString(), after[i].SerializeAsString());
  }
}

TEST_F(ModelOutputTest, RerunReplacesOnlyThatVersionAndNeverHumans) {
  ASSERT_THAT(Write(model_, {{Suggestion(1, 6, "attributed_claim", "v1", 0.9),
                              Suggestion(57, 80, "disputed", "v1", 0.6)}})
                  .status(),
              IsOk());
  ASSERT_THAT(
      Write(model_, {{Suggestion(1, 6, "opinion", "v2", 0.4)}}).status(),
      IsOk());
  v1::CreateAnnotationRequest human;
  human.set_parent("projects/news/documents/d1");
  human.mutable_annotation()->set_label("disputed");
  human.set_quote("it was ever agreed");
  ASSERT_THAT(api_->CreateAnnotation(alice_, human).status(), IsOk());

  // v1 again, without the disputed span and with a changed score.
  auto r = Write(model_, {{Suggestion(1, 6, "attributed_claim", "v1", 0.8)}});
  ASSERT_THAT(r.status(), IsOk());
  EXPECT_EQ(r->written(), 1);
  EXPECT_EQ(r->removed(), 2);
  EXPECT_EQ(r->kept(), 0);
  EXPECT_THAT(
      Live(v1::AUTOMATIC),
      UnorderedElementsAre("opinion@1-6 v2", "attributed_claim@1-6 v1"));
  EXPECT_THAT(Live(v1::HUMAN), ElementsAre("disputed@63-81 "));
  // The replaced suggestions stay as tombstones.
  int tombstones = 0;
  for (const auto& a : List(admin_, true)) tombstones += a.deleted();
  EXPECT_EQ(tombstones, 2);
}

TEST_F(ModelOutputTest, LaterMessagesOfOneStreamAddToTheFirst) {
  auto r = Write(model_, {{Suggestion(1, 6, "attributed_claim", "v1", 0.9)},
                          {Suggestion(57, 80, "disputed", "v1", 0.6)}});
  ASSERT_THAT(r.status(), IsOk());
  EXPECT_EQ(r->written(), 2);
  EXPECT_THAT(
      Live(v1::AUTOMATIC),
      UnorderedElementsAre("attributed_claim@1-6 v1", "disputed@57-80 v1"));
}

TEST_F(ModelOutputTest, DecisionsSurviveAnIdenticalRerun) {
  ASSERT_THAT(
      Write(model_, {{Suggestion(57, 80, "disputed", "v1", 0.6)}}).status(),
      IsOk());
  const std::string name = List(admin_, false).at(0).name();
  v1::RejectSuggestionRequest reject;
  reject.set_name(name);
  ASSERT_THAT(api_->RejectSuggestion(alice_, reject).status(), IsOk());
  ASSERT_THAT(
      Write(model_, {{Suggestion(57, 80, "disputed", "v1", 0.6)}}).status(),
      IsOk());
  v1::ListAnnotationsRequest list;
  list.set_parent("projects/news/documents/d1");
  auto seen = api_->ListAnnotations(alice_, list);
  ASSERT_THAT(seen.status(), IsOk());
  EXPECT_EQ(seen->annotations_size(), 0) << "a rejected suggestion came back";
}

TEST_F(ModelOutputTest, ModelsWriteOnlyAutomaticUnderTheirOwnName) {
  v1::Annotation a = Suggestion(1, 6, "opinion", "v1", 0.5);
  a.set_kind(v1::HUMAN);
  EXPECT_THAT(Write(model_, {{a}}),
              StatusIs(absl::StatusCode::kPermissionDenied,
                       HasSubstr("requests[0].annotations[0].kind")));
  a.set_kind(v1::AUTOMATIC);
  a.set_author("someone-else");
  ASSERT_THAT(Write(model_, {{a}}).status(), IsOk());
  EXPECT_EQ(List(admin_, false).at(0).author(), "tagger");
}

TEST_F(ModelOutputTest, AutomaticNeedsAModelVersion) {
  EXPECT_THAT(Write(model_, {{Suggestion(1, 6, "opinion", "", 0.5)}}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("annotations[0].model_version")));
  EXPECT_TRUE(List(admin_, true).empty());
}

}  // namespace
}  // namespace spanlab
