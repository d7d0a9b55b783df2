#include "storage/lru_cache.h"

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace spanlab {
namespace {

std::shared_ptr<const std::string> Value(const std::string& s) {
  return std::make_shared<const std::string>(s);
}

TEST(LruCacheTest, ReturnsWhatWasPutAndNullForTheRest) {
  LruCache<std::string> cache(100);
  cache.Put("a", Value("alpha"), 5);
  ASSERT_NE(cache.Get("a"), nullptr);
  EXPECT_EQ(*cache.Get("a"), "alpha");
  EXPECT_EQ(cache.Get("b"), nullptr);
}

TEST(LruCacheTest, EvictsTheLeastRecentlyUsedPastTheCapacity) {
  LruCache<std::string> cache(10);
  cache.Put("a", Value("1"), 4);
  cache.Put("b", Value("2"), 4);
  ASSERT_NE(cache.Get("a"), nullptr);  // now "b" is the oldest
  cache.Put("c", Value("3"), 4);
  EXPECT_NE(cache.Get("a"), nullptr);
  EXPECT_EQ(cache.Get("b"), nullptr);
  EXPECT_NE(cache.Get("c"), nullptr);
  EXPECT_EQ(cache.size(), 2u);
}

TEST(LruCacheTest, ReplacingAKeyKeepsOneEntryAndItsNewCost) {
  LruCache<std::string> cache(10);
  cache.Put("a", Value("old"), 9);
  cache.Put("a", Value("new"), 2);
  cache.Put("b", Value("b"), 8);  // fits only if "a" now costs 2
  EXPECT_EQ(*cache.Get("a"), "new");
  EXPECT_NE(cache.Get("b"), nullptr);
  EXPECT_EQ(cache.size(), 2u);
}

TEST(LruCacheTest, ValuesLargerThanTheCapacityAndAZeroCapacityKeepNothing) {
  LruCache<std::string> small(3);
  small.Put("a", Value("big"), 4);
  EXPECT_EQ(small.Get("a"), nullptr);
  LruCache<std::string> off(0);
  off.Put("a", Value("x"), 0 + 1);
  EXPECT_EQ(off.Get("a"), nullptr);
}

TEST(LruCacheTest, AHeldValueOutlivesItsEviction) {
  LruCache<std::string> cache(4);
  cache.Put("a", Value("kept"), 4);
  std::shared_ptr<const std::string> held = cache.Get("a");
  cache.Put("b", Value("evicts a"), 4);
  EXPECT_EQ(cache.Get("a"), nullptr);
  EXPECT_EQ(*held, "kept");
}

TEST(LruCacheTest, ManyThreadsStayWithinTheCapacity) {
  LruCache<std::string> cache(50);
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&cache, t] {
      for (int i = 0; i < 2000; ++i) {
        const std::string key = absl::StrCat((t * 7 + i) % 97);
        if (auto v = cache.Get(key)) {
          EXPECT_EQ(*v, key);
        } else {
          cache.Put(key, Value(key), 1);
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_LE(cache.size(), 50u);
}

}  // namespace
}  // namespace spanlab
