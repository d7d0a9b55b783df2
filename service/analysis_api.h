// Agreement and evaluation over a project's layers (AnalysisService),
// streaming document by document through the store. Thread-safe; `store`
// must outlive the object.
#ifndef SPANLAB_SERVICE_ANALYSIS_API_H_
#define SPANLAB_SERVICE_ANALYSIS_API_H_

#include "absl/status/statusor.h"
#include "service/auth.h"
#include "spanlab/v1/analysis_service.pb.h"
#include "storage/store.h"

namespace spanlab {

class AnalysisApi {
 public:
  explicit AnalysisApi(Store* store) : store_(store) {}

  absl::StatusOr<v1::AgreementResponse> ComputeAgreement(
      const Principal& caller, const v1::ComputeAgreementRequest& r);
  absl::StatusOr<v1::EvaluateResponse> Evaluate(const Principal& caller,
                                                const v1::EvaluateRequest& r);

 private:
  Store* store_;
};

}  // namespace spanlab

#endif  // SPANLAB_SERVICE_ANALYSIS_API_H_
