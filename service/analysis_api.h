// Agreement and evaluation over a project's layers (AnalysisService),
// streaming document by document through the store. Thread-safe; `store`
// must outlive the object.
#ifndef SPANLAB_SERVICE_ANALYSIS_API_H_
#define SPANLAB_SERVICE_ANALYSIS_API_H_

#include "absl/status/statusor.h"
#include "service/auth.h"
#include "service/call_limits.h"
#include "service/thread_budget.h"
#include "spanlab/v1/analysis_service.pb.h"
#include "storage/store.h"

namespace spanlab {

class AnalysisApi {
 public:
  // The machine's cores, up to 4: the helper threads all agreement calls
  // running at once share.
  static int DefaultHelperThreads();

  // ComputeAgreement prepares documents on helper threads, at most
  // `helper_threads` across all calls at once; a call that finds none free
  // does the work on its own thread.
  explicit AnalysisApi(Store* store,
                       int helper_threads = DefaultHelperThreads())
      : store_(store), helpers_(helper_threads) {}

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
  ThreadBudget helpers_;
};

}  // namespace spanlab

#endif  // SPANLAB_SERVICE_ANALYSIS_API_H_
