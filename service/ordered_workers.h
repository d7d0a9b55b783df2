// Runs a function over a stream of inputs on a few worker threads and hands
// the results back in input order on the thread that pushes the inputs.
// What consumes the results then stays single-threaded and deterministic
// (an accumulator that must see items in order) while the per-item work
// runs in parallel. Memory is bounded: at most `window` inputs are queued,
// running or finished but not yet consumed.
//
//   OrderedWorkers<Doc, Result> workers(2, 8, [](Doc d, int worker) {...});
//   for (...) RETURN_IF_ERROR(workers.Push(std::move(doc), consume));
//   RETURN_IF_ERROR(workers.Finish(consume));
#ifndef SPANLAB_SERVICE_ORDERED_WORKERS_H_
#define SPANLAB_SERVICE_ORDERED_WORKERS_H_

#include <algorithm>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"

namespace spanlab {

template <typename In, typename Out>
class OrderedWorkers {
 public:
  // Called on a worker thread with the input and the worker's index in
  // [0, threads), e.g. to use per-thread state.
  using Work = std::function<Out(In, int)>;
  // Called on the pushing thread with each result, in input order.
  using Consume = std::function<absl::Status(Out)>;

  // Starts `threads` threads; with none (0 or less), Push does the work
  // itself, worker 0, and hands the result straight to `consume`.
  // `window` is at least 1.
  OrderedWorkers(int threads, int window, Work work)
      : work_(std::move(work)),
        window_(static_cast<size_t>(std::max(1, window))),
        batch_(std::max<size_t>(1, window_ / 2)) {
    for (int i = 0; i < threads; ++i) {
      threads_.emplace_back([this, i] { Run(i); });
    }
  }

  // Waits for the work in progress; inputs not yet started and results not
  // yet consumed are dropped.
  ~OrderedWorkers() {
    {
      absl::MutexLock lock(&mu_);
      stopping_ = true;
    }
    for (std::thread& t : threads_) t.join();
  }

  OrderedWorkers(const OrderedWorkers&) = delete;
  OrderedWorkers& operator=(const OrderedWorkers&) = delete;

  // Queues `input`. When the window is full it first waits for the oldest
  // results and hands them to `consume`; returns the first error `consume`
  // returns, after which nothing more should be pushed.
  absl::Status Push(In input, const Consume& consume) {
    if (threads_.empty()) return consume(work_(std::move(input), 0));
    {
      absl::MutexLock lock(&mu_);
      if (items_.size() < window_) {
        Queue(std::move(input));
        return absl::OkStatus();
      }
    }
    // Waiting for half a window at a time, rather than for each result,
    // wakes this thread once per batch instead of once per item.
    if (absl::Status s = ConsumeDone(batch_, consume); !s.ok()) return s;
    absl::MutexLock lock(&mu_);
    Queue(std::move(input));
    return absl::OkStatus();
  }

  // Hands every remaining result to `consume`, in order; stops at its first
  // error.
  absl::Status Finish(const Consume& consume) {
    for (;;) {
      {
        absl::MutexLock lock(&mu_);
        if (items_.empty()) return absl::OkStatus();
      }
      if (absl::Status s = ConsumeDone(1, consume); !s.ok()) return s;
    }
  }

 private:
  struct Item {
    std::optional<In> input;    // until a worker takes it
    std::optional<Out> output;  // once the work is done
  };

  // The condition ConsumeDone waits for.
  struct OldestDone {
    const OrderedWorkers* self;
    size_t count;
    bool operator()() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(self->mu_) {
      const size_t n = std::min(count, self->items_.size());
      for (size_t i = 0; i < n; ++i) {
        if (!self->items_[i]->output.has_value()) return false;
      }
      return true;
    }
  };

  void Queue(In input) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    auto item = std::make_unique<Item>();
    item->input.emplace(std::move(input));
    items_.push_back(std::move(item));
  }

  bool HasWork() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return stopping_ || started_ < items_.size();
  }

  // Waits until the oldest `count` results (or all, if fewer are pending)
  // are done, then hands every done result at the front to `consume`.
  absl::Status ConsumeDone(size_t count, const Consume& consume) {
    std::vector<std::unique_ptr<Item>> done;
    {
      absl::MutexLock lock(&mu_);
      OldestDone oldest_done{this, count};
      mu_.Await(absl::Condition(&oldest_done));
      while (!items_.empty() && items_.front()->output.has_value()) {
        done.push_back(std::move(items_.front()));
        items_.pop_front();
        --started_;
      }
    }
    for (std::unique_ptr<Item>& item : done) {
      if (absl::Status s = consume(std::move(*item->output)); !s.ok()) {
        return s;
      }
    }
    return absl::OkStatus();
  }

  void Run(int worker) {
    Item* item = nullptr;
    std::optional<Out> output;
    for (;;) {
      std::optional<In> input;
      {
        // Hands in the last result and takes the next input under one lock.
        absl::MutexLock lock(&mu_);
        if (item != nullptr) item->output = std::move(output);
        mu_.Await(absl::Condition(this, &OrderedWorkers::HasWork));
        if (stopping_) return;
        // Items are only removed once done, so the pointer stays valid.
        item = items_[started_++].get();
        input.swap(item->input);
      }
      output.emplace(work_(std::move(*input), worker));
    }
  }

  const Work work_;
  const size_t window_;
  const size_t batch_;
  absl::Mutex mu_;
  // Oldest first; the first `started_` have been taken by a worker.
  std::deque<std::unique_ptr<Item>> items_ ABSL_GUARDED_BY(mu_);
  size_t started_ ABSL_GUARDED_BY(mu_) = 0;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::vector<std::thread> threads_;
};

}  // namespace spanlab

#endif  // SPANLAB_SERVICE_ORDERED_WORKERS_H_
