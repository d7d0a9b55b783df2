#include "service/ordered_workers.h"

#include <atomic>
#include <chrono>
#include <memory>
#include <random>
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace spanlab {
namespace {

// Work that takes a little, varying time, so later inputs often finish
// before earlier ones.
void Dawdle(int seed) {
  std::this_thread::sleep_for(std::chrono::microseconds((seed * 7919) % 300));
}

TEST(OrderedWorkersTest, WithoutThreadsPushDoesTheWork) {
  const std::thread::id pusher = std::this_thread::get_id();
  std::atomic<int> elsewhere{0};
  OrderedWorkers<int, int> workers(0, 8, [&](int in, int worker) {
    if (std::this_thread::get_id() != pusher || worker != 0) ++elsewhere;
    return 2 * in;
  });
  std::vector<int> out;
  const auto consume = [&](int result) {
    out.push_back(result);
    if (result == 20) return absl::CancelledError("enough");
    return absl::OkStatus();
  };
  for (int i = 0; i < 10; ++i) {
    ASSERT_TRUE(workers.Push(i, consume).ok());
    ASSERT_EQ(out.size(), static_cast<size_t>(i + 1));  // Consumed at once.
  }
  EXPECT_EQ(workers.Push(10, consume).code(), absl::StatusCode::kCancelled);
  EXPECT_TRUE(workers.Finish(consume).ok());
  EXPECT_EQ(out.size(), 11u);
  for (int i = 0; i < 11; ++i) EXPECT_EQ(out[i], 2 * i);
  EXPECT_EQ(elsewhere.load(), 0);
}

TEST(OrderedWorkersTest, ResultsComeInInputOrder) {
  std::atomic<int> bad_worker{0};
  OrderedWorkers<int, int> workers(3, 8, [&](int in, int worker) {
    if (worker < 0 || worker >= 3) ++bad_worker;
    Dawdle(in);
    return 2 * in;
  });
  std::vector<int> out;
  const auto consume = [&](int result) {
    out.push_back(result);
    return absl::OkStatus();
  };
  for (int i = 0; i < 200; ++i) ASSERT_TRUE(workers.Push(i, consume).ok());
  ASSERT_TRUE(workers.Finish(consume).ok());
  ASSERT_EQ(out.size(), 200u);
  for (int i = 0; i < 200; ++i) EXPECT_EQ(out[i], 2 * i);
  EXPECT_EQ(bad_worker, 0);
}

TEST(OrderedWorkersTest, AtMostAWindowIsPending) {
  constexpr int kWindow = 5;
  std::atomic<int> running{0}, most_running{0};
  OrderedWorkers<int, int> workers(2, kWindow, [&](int in, int) {
    const int now = ++running;
    int seen = most_running;
    while (now > seen && !most_running.compare_exchange_weak(seen, now)) {
    }
    Dawdle(in);
    --running;
    return in;
  });
  int pushed = 0, consumed = 0;
  const auto consume = [&](int) {
    ++consumed;
    return absl::OkStatus();
  };
  for (int i = 0; i < 100; ++i) {
    ASSERT_TRUE(workers.Push(i, consume).ok());
    ++pushed;
    EXPECT_LE(pushed - consumed, kWindow);
  }
  ASSERT_TRUE(workers.Finish(consume).ok());
  EXPECT_EQ(consumed, 100);
  EXPECT_LE(most_running, 2);
}

TEST(OrderedWorkersTest, StopsAtTheFirstErrorOfConsume) {
  std::atomic<int> worked{0};
  OrderedWorkers<int, int> workers(2, 4, [&](int in, int) {
    ++worked;
    return in;
  });
  std::vector<int> out;
  const auto consume = [&](int result) {
    if (result == 10) return absl::CancelledError("ten");
    out.push_back(result);
    return absl::OkStatus();
  };
  absl::Status status;
  int i = 0;
  for (; i < 100 && status.ok(); ++i) status = workers.Push(i, consume);
  EXPECT_EQ(status, absl::CancelledError("ten"));
  // 10 is consumed once later inputs need its room in the window.
  EXPECT_GT(i, 11);
  EXPECT_LE(i, 15);
  ASSERT_EQ(out.size(), 10u);
  for (int k = 0; k < 10; ++k) EXPECT_EQ(out[k], k);
  EXPECT_LE(worked, i);
}

TEST(OrderedWorkersTest, DestroyedWithWorkInFlight) {
  std::atomic<int> finished{0};
  {
    OrderedWorkers<int, int> workers(2, 16, [&](int in, int) {
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
      ++finished;
      return in;
    });
    const auto consume = [](int) { return absl::OkStatus(); };
    for (int i = 0; i < 16; ++i) ASSERT_TRUE(workers.Push(i, consume).ok());
  }
  // Whatever was started ran to its end; the rest was dropped.
  EXPECT_LE(finished, 16);
}

TEST(OrderedWorkersTest, MoveOnlyValues) {
  OrderedWorkers<std::unique_ptr<int>, std::unique_ptr<int>> workers(
      2, 3, [](std::unique_ptr<int> in, int) {
        *in += 1;
        return in;
      });
  int sum = 0;
  const auto consume = [&](std::unique_ptr<int> result) {
    sum += *result;
    return absl::OkStatus();
  };
  for (int i = 0; i < 10; ++i) {
    ASSERT_TRUE(workers.Push(std::make_unique<int>(i), consume).ok());
  }
  ASSERT_TRUE(workers.Finish(consume).ok());
  EXPECT_EQ(sum, 55);
}

}  // namespace
}  // namespace spanlab
