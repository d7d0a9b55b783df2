// AutoTag through the Api, without gRPC: what a call that ends early leaves.
#include "service/tagger_api.h"

#include <string>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "service/names.h"
#include "tests/support/status_matchers.h"
#include "tests/support/store_fixture.h"

namespace spanlab {
namespace {

using ::spanlab::testing_support::IsOk;
using ::spanlab::testing_support::StatusIs;
using ::spanlab::testing_support::StoreAndApi;
using ::testing::HasSubstr;

class TaggerApiTest : public testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(env_.ok());
    admin_.set_annotator_id("admin");
    admin_.set_name(AnnotatorName("admin"));
    admin_.set_role(v1::ADMIN);
    v1::CreateProjectRequest project;
    project.mutable_project()->set_project_id("g20");
    ASSERT_THAT(env_.api()->CreateProject(admin_, project), IsOk());
    for (const char* id : {"a", "b", "c"}) {
      v1::CreateDocumentRequest r;
      r.set_parent("projects/g20");
      r.mutable_document()->set_document_id(id);
      r.set_text(std::string("\u201cThe talks went well,\u201d Lavrov said of "
                             "meeting ") +
                 id + ".");
      ASSERT_THAT(env_.api()->CreateDocument(admin_, r), IsOk());
    }
  }

  StoreAndApi env_;
  Principal admin_;
};

TEST_F(TaggerApiTest, TagsEveryDocumentWhenTheCallLasts) {
  TaggerApi tagger(env_.api());
  v1::AutoTagRequest r;
  r.set_parent("projects/g20");
  auto out = tagger.AutoTag(admin_, r);
  ASSERT_THAT(out, IsOk());
  EXPECT_EQ(out->documents(), 3);
  EXPECT_GE(out->created(), 3);
}

TEST_F(TaggerApiTest, StopsBetweenDocumentsOnceTheCallEnds) {
  TaggerApi tagger(env_.api());
  v1::AutoTagRequest r;
  r.set_parent("projects/g20");
  // Both passes ask before each document: the first pass reads all three,
  // the second is cut after writing one.
  int asked = 0;
  const CallCheck ends = [&asked]() {
    return ++asked > 4 ? absl::DeadlineExceededError("deadline passed")
                       : absl::OkStatus();
  };
  EXPECT_THAT(tagger.AutoTag(admin_, r, ends),
              StatusIs(absl::StatusCode::kDeadlineExceeded,
                       HasSubstr("deadline passed")));
  EXPECT_EQ(asked, 5);
  // Running again is idempotent for what was written and finishes the rest.
  auto again = tagger.AutoTag(admin_, r);
  ASSERT_THAT(again, IsOk());
  EXPECT_EQ(again->documents(), 3);
}

}  // namespace
}  // namespace spanlab
