// Limits on calls rather than on their content, free of gRPC: how a long
// operation learns that its call has ended, and how many streaming calls
// may run at once.
#ifndef SPANLAB_SERVICE_CALL_LIMITS_H_
#define SPANLAB_SERVICE_CALL_LIMITS_H_

#include <functional>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"

namespace spanlab {

// Asked by a long operation between units of work (stream messages,
// documents, records): OK while the call is still wanted, otherwise why it
// ended (DEADLINE_EXCEEDED, CANCELLED). The operation then returns that
// status without starting the next unit, so every unit is done whole or
// not at all and no work continues for a client that is gone.
using CallCheck = std::function<absl::Status()>;

// A CallCheck for callers without a deadline (in-process use, tests).
inline absl::Status NeverEnded() { return absl::OkStatus(); }

// Counts the streaming calls running at once. Streams can last as long as
// their client wants, so this bounds the threads and memory they hold
// together; a call over the limit is refused at once rather than queued.
class StreamSlots {
 public:
  // A held slot; released when destroyed.
  class Slot {
   public:
    Slot(Slot&& other) : slots_(other.slots_) { other.slots_ = nullptr; }
    Slot& operator=(Slot&&) = delete;
    ~Slot();

   private:
    friend class StreamSlots;
    explicit Slot(StreamSlots* slots) : slots_(slots) {}
    StreamSlots* slots_;
  };

  explicit StreamSlots(int limit) : limit_(limit) {}

  // RESOURCE_EXHAUSTED naming --max_concurrent_streams when all are taken.
  absl::StatusOr<Slot> Acquire();
  int in_use() const;

 private:
  void Release();

  const int limit_;
  mutable absl::Mutex mu_;
  int in_use_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace spanlab

#endif  // SPANLAB_SERVICE_CALL_LIMITS_H_
