// Agreement and evaluation over a project's layers (AnalysisService),
// streaming document by document through the store. Thread-safe; `store`
// must outlive the object.
#ifndef SPANLAB_SERVICE_ANALYSIS_API_H_
#define SPANLAB_SERVICE_ANALYSIS_API_H_

#include "absl/status/statusor.h"
#include "service/auth.h"
#include "service/call_limits.h"
#include "spanlab/v1/analysis_service.pb.h"
#include "storage/store.h"

namespace spanlab {

class AnalysisApi {
 public:
  explicit AnalysisApi(Store* store) : store_(store) {}

  // Both ask `ended` before each document and stop with its status once
  // the call has ended, so an analysis of a large project does not outlive
  // its caller's deadline.
  absl::StatusOr<v1::AgreementResponse> ComputeAgreement(
      const Principal& caller, const v1::ComputeAgreementRequest& r,
      const CallCheck& ended = NeverEnded);
  absl::StatusOr<v1::EvaluateResponse> Evaluate(
      const Principal& caller, const v1::EvaluateRequest& r,
      const CallCheck& ended = NeverEnded);

 private:
  Store* store_;
};

}  // namespace spanlab

#endif  // SPANLAB_SERVICE_ANALYSIS_API_H_
