// A bounded cache of immutable records by key.
//
// The store keeps records that never change once written (projects and
// documents) here, so that a write does not re-read and re-parse a 5 KB
// document on every call. Entries are shared: a caller holding a value keeps
// it alive after eviction. When the summed cost of the entries passes the
// capacity, the least recently used ones are evicted; a value costing more
// than the whole capacity is not kept. Capacity 0 disables the cache.
//
// Thread-safe.
#ifndef SPANLAB_STORAGE_LRU_CACHE_H_
#define SPANLAB_STORAGE_LRU_CACHE_H_

#include <cstddef>
#include <list>
#include <memory>
#include <string>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"

namespace spanlab {

template <typename T>
class LruCache {
 public:
  explicit LruCache(size_t capacity) : capacity_(capacity) {}
  LruCache(const LruCache&) = delete;
  LruCache& operator=(const LruCache&) = delete;

  // The value under `key`, or null.
  std::shared_ptr<const T> Get(absl::string_view key) {
    absl::MutexLock lock(&mu_);
    auto it = entries_.find(key);
    if (it == entries_.end()) return nullptr;
    order_.splice(order_.begin(), order_, it->second.position);
    return it->second.value;
  }

  // Stores `value` under `key` (replacing any entry there) at `cost`.
  void Put(absl::string_view key, std::shared_ptr<const T> value, size_t cost) {
    if (cost > capacity_) return;
    absl::MutexLock lock(&mu_);
    auto it = entries_.find(key);
    if (it != entries_.end()) {
      cost_ -= it->second.cost;
      order_.erase(it->second.position);
      entries_.erase(it);
    }
    order_.emplace_front(key);
    entries_.emplace(key, Entry{std::move(value), cost, order_.begin()});
    cost_ += cost;
    while (cost_ > capacity_) {
      auto last = entries_.find(order_.back());
      cost_ -= last->second.cost;
      entries_.erase(last);
      order_.pop_back();
    }
  }

  size_t size() const {
    absl::MutexLock lock(&mu_);
    return entries_.size();
  }

 private:
  struct Entry {
    std::shared_ptr<const T> value;
    size_t cost = 0;
    std::list<std::string>::iterator position;
  };

  const size_t capacity_;
  mutable absl::Mutex mu_;
  // Keys, most recently used first.
  std::list<std::string> order_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<std::string, Entry> entries_ ABSL_GUARDED_BY(mu_);
  size_t cost_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace spanlab

#endif  // SPANLAB_STORAGE_LRU_CACHE_H_
