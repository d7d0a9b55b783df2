// AnalysisApi stops between documents once its call has ended.
#include "service/analysis_api.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "service/export_test_fixture.h"

namespace spanlab::export_testing {
namespace {

using ::testing::HasSubstr;
using testing_support::StatusIs;

class AnalysisDeadlineTest : public ExportFixture {
 protected:
  // A CallCheck that ends the call when it is asked for the `n`th time.
  CallCheck EndsAt(int n) {
    return [this, n] {
      return ++asked_ >= n ? absl::DeadlineExceededError("deadline passed")
                           : absl::OkStatus();
    };
  }

  int asked_ = 0;
};

TEST_F(AnalysisDeadlineTest, AgreementStopsAtTheNextDocument) {
  AnalysisApi analysis(store_);
  v1::ComputeAgreementRequest r;
  r.set_parent("projects/news");
  auto whole = analysis.ComputeAgreement(admin_, r);
  ASSERT_THAT(whole, IsOk());
  EXPECT_GE(whole->documents(), 1);

  EXPECT_THAT(analysis.ComputeAgreement(admin_, r, EndsAt(2)),
              StatusIs(absl::StatusCode::kDeadlineExceeded,
                       HasSubstr("deadline passed")));
  EXPECT_EQ(asked_, 2);
}

TEST_F(AnalysisDeadlineTest, EvaluationStopsBeforeTheFirstDocument) {
  AnalysisApi analysis(store_);
  v1::EvaluateRequest r;
  r.set_parent("projects/news");
  r.set_reference("human:alice");
  r.set_candidate("human:bob");
  ASSERT_THAT(analysis.Evaluate(admin_, r), IsOk());
  EXPECT_THAT(analysis.Evaluate(admin_, r, EndsAt(1)),
              StatusIs(absl::StatusCode::kDeadlineExceeded, ::testing::_));
  EXPECT_EQ(asked_, 1);
}

}  // namespace
}  // namespace spanlab::export_testing
