// A count of helper threads shared by the calls of one service.
//
// --max_threads bounds the threads gRPC serves calls on; a call that starts
// helper threads of its own (ComputeAgreement prepares documents on a few)
// would multiply that by the number of such calls running at once. Each
// call takes a lease on what it wants instead, gets what is free, and runs
// with fewer helpers (or none, doing the work itself) when the budget is
// spent. Taking never waits, so a busy budget slows calls down rather than
// queueing them.
//
// Thread-safe.
#ifndef SPANLAB_SERVICE_THREAD_BUDGET_H_
#define SPANLAB_SERVICE_THREAD_BUDGET_H_

#include <algorithm>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

namespace spanlab {

class ThreadBudget {
 public:
  // Threads granted to one caller; handed back when destroyed.
  class Lease {
   public:
    Lease(Lease&& other) : budget_(other.budget_), granted_(other.granted_) {
      other.budget_ = nullptr;
      other.granted_ = 0;
    }
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
      if (budget_ != nullptr) budget_->Return(granted_);
    }
    // In [0, wanted]: how many threads the caller may start.
    int granted() const { return granted_; }

   private:
    friend class ThreadBudget;
    Lease(ThreadBudget* budget, int granted)
        : budget_(budget), granted_(granted) {}
    ThreadBudget* budget_;
    int granted_;
  };

  // At most `limit` (0 or more) threads leased at once.
  explicit ThreadBudget(int limit) : free_(std::max(limit, 0)) {}
  ThreadBudget(const ThreadBudget&) = delete;
  ThreadBudget& operator=(const ThreadBudget&) = delete;

  // Grants min(wanted, what is free) at once; never waits.
  Lease Take(int wanted) {
    absl::MutexLock lock(&mu_);
    const int granted = std::clamp(wanted, 0, free_);
    free_ -= granted;
    return Lease(this, granted);
  }

  int free() const {
    absl::MutexLock lock(&mu_);
    return free_;
  }

 private:
  void Return(int n) {
    absl::MutexLock lock(&mu_);
    free_ += n;
  }

  mutable absl::Mutex mu_;
  int free_ ABSL_GUARDED_BY(mu_);
};

}  // namespace spanlab

#endif  // SPANLAB_SERVICE_THREAD_BUDGET_H_
