// Latency samples and their percentiles.
#ifndef SPANLAB_BENCH_LATENCY_H_
#define SPANLAB_BENCH_LATENCY_H_

#include <algorithm>
#include <cstdint>
#include <vector>

namespace spanlab::bench {

// Not thread-safe: one per thread, then Merge.
class Latencies {
 public:
  void Add(int64_t nanos) { samples_.push_back(nanos); }
  void Merge(const Latencies& other) {
    samples_.insert(samples_.end(), other.samples_.begin(),
                    other.samples_.end());
  }
  size_t count() const { return samples_.size(); }

  // The q-quantile (0 <= q <= 1) in milliseconds; 0 with no samples.
  double QuantileMs(double q) {
    if (samples_.empty()) return 0;
    const size_t k =
        std::min(samples_.size() - 1, static_cast<size_t>(q * samples_.size()));
    std::nth_element(samples_.begin(), samples_.begin() + k, samples_.end());
    return samples_[k] / 1e6;
  }

 private:
  std::vector<int64_t> samples_;
};

}  // namespace spanlab::bench

#endif  // SPANLAB_BENCH_LATENCY_H_
