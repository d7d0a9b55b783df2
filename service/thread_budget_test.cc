#include "service/thread_budget.h"

#include <atomic>
#include <thread>
#include <utility>
#include <vector>

#include "gtest/gtest.h"

namespace spanlab {
namespace {

TEST(ThreadBudgetTest, GrantsWhatIsFreeAndTakesItBack) {
  ThreadBudget budget(4);
  {
    ThreadBudget::Lease a = budget.Take(3);
    EXPECT_EQ(a.granted(), 3);
    ThreadBudget::Lease b = budget.Take(3);
    EXPECT_EQ(b.granted(), 1);
    ThreadBudget::Lease c = budget.Take(2);
    EXPECT_EQ(c.granted(), 0);
    EXPECT_EQ(budget.free(), 0);
  }
  EXPECT_EQ(budget.free(), 4);
  EXPECT_EQ(budget.Take(-1).granted(), 0);
  EXPECT_EQ(ThreadBudget(0).Take(2).granted(), 0);
}

TEST(ThreadBudgetTest, AMovedLeaseReturnsOnce) {
  ThreadBudget budget(2);
  {
    ThreadBudget::Lease a = budget.Take(2);
    ThreadBudget::Lease b = std::move(a);
    EXPECT_EQ(b.granted(), 2);
    EXPECT_EQ(a.granted(), 0);  // NOLINT(bugprone-use-after-move): checked.
  }
  EXPECT_EQ(budget.free(), 2);
}

TEST(ThreadBudgetTest, ConcurrentLeasesNeverExceedTheLimit) {
  constexpr int kLimit = 3;
  ThreadBudget budget(kLimit);
  std::atomic<int> held{0};
  std::atomic<int> over{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 2000; ++i) {
        ThreadBudget::Lease lease = budget.Take(2);
        if (held.fetch_add(lease.granted()) + lease.granted() > kLimit) {
          ++over;
        }
        held.fetch_sub(lease.granted());
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(over.load(), 0);
  EXPECT_EQ(budget.free(), kLimit);
}

}  // namespace
}  // namespace spanlab
