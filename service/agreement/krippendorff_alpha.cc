#include "service/agreement/krippendorff_alpha.h"

#include <algorithm>
#include <limits>

namespace spanlab::agreement {
namespace {

// delta^2_ck for values c <= k.
long double Delta2(AlphaMetric metric, int c, int k,
                   const std::vector<long double>& value,
                   const std::vector<long double>& ordinal_prefix,
                   const std::vector<int64_t>& totals) {
  if (c == k) return 0;
  switch (metric) {
    case AlphaMetric::kNominal:
      return 1;
    case AlphaMetric::kOrdinal: {
      // sum_{g=c..k} n_g - (n_c + n_k) / 2.
      const long double d = ordinal_prefix[k + 1] - ordinal_prefix[c] -
                            (totals[c] + totals[k]) / 2.0L;
      return d * d;
    }
    case AlphaMetric::kInterval: {
      const long double d = value[c] - value[k];
      return d * d;
    }
    case AlphaMetric::kRatio: {
      const long double sum = value[c] + value[k];
      if (sum == 0) return 0;
      const long double d = (value[c] - value[k]) / sum;
      return d * d;
    }
  }
  return 0;
}

}  // namespace

void CoincidenceMatrix::AddUnits(absl::Span<const int> values, int64_t count) {
  const int m = static_cast<int>(values.size());
  if (m < 2) {
    unpairable_units_ += count;
    return;
  }
  std::vector<int64_t>& pairs = pairs_by_m_[m];
  if (pairs.empty()) {
    pairs.assign(static_cast<size_t>(num_values_) * num_values_, 0);
  }
  if (value_totals_.empty()) value_totals_.assign(num_values_, 0);
  // Ordered pairs of distinct coders: from per-value counts n_uc,
  // n_uc * n_uk pairs for c != k and n_uc * (n_uc - 1) for c == k. Counting
  // first keeps this O(m + distinct values^2) rather than O(m^2).
  scratch_.assign(num_values_, 0);
  for (int v : values) ++scratch_[v];
  for (int c = 0; c < num_values_; ++c) {
    const int64_t nc = scratch_[c];
    if (nc == 0) continue;
    value_totals_[c] += nc * count;
    for (int k = 0; k < num_values_; ++k) {
      const int64_t nk = scratch_[k];
      if (nk == 0) continue;
      pairs[static_cast<size_t>(c) * num_values_ + k] +=
          (c == k ? nc * (nc - 1) : nc * nk) * count;
    }
  }
  pairable_values_ += m * count;
  pairable_units_ += count;
}

void CoincidenceMatrix::Merge(const CoincidenceMatrix& other) {
  for (const auto& [m, other_pairs] : other.pairs_by_m_) {
    std::vector<int64_t>& pairs = pairs_by_m_[m];
    if (pairs.empty()) pairs.assign(other_pairs.size(), 0);
    for (size_t i = 0; i < pairs.size(); ++i) pairs[i] += other_pairs[i];
  }
  if (!other.value_totals_.empty()) {
    if (value_totals_.empty()) value_totals_.assign(num_values_, 0);
    for (int c = 0; c < num_values_; ++c) {
      value_totals_[c] += other.value_totals_[c];
    }
  }
  pairable_values_ += other.pairable_values_;
  pairable_units_ += other.pairable_units_;
  unpairable_units_ += other.unpairable_units_;
}

double CoincidenceMatrix::Coincidence(int c, int k) const {
  long double sum = 0;
  for (const auto& [m, pairs] : pairs_by_m_) {
    sum += static_cast<long double>(
               pairs[static_cast<size_t>(c) * num_values_ + k]) /
           (m - 1);
  }
  return static_cast<double>(sum);
}

int64_t CoincidenceMatrix::ValueTotal(int c) const {
  return value_totals_.empty() ? 0 : value_totals_[c];
}

AlphaResult KrippendorffAlpha(const CoincidenceMatrix& matrix,
                              AlphaMetric metric,
                              absl::Span<const double> numeric_values) {
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  AlphaResult result{kNaN, kNaN, kNaN, matrix.pairable_units(),
                     matrix.pairable_values()};
  const int v = matrix.num_values();
  const int64_t n = matrix.pairable_values();
  if (n == 0) return result;

  std::vector<int64_t> totals(v);
  for (int c = 0; c < v; ++c) totals[c] = matrix.ValueTotal(c);
  std::vector<long double> value(v);
  for (int c = 0; c < v; ++c) {
    value[c] = numeric_values.empty() ? c : numeric_values[c];
  }
  std::vector<long double> prefix(v + 1, 0);
  for (int c = 0; c < v; ++c) prefix[c + 1] = prefix[c] + totals[c];
  std::vector<long double> delta2(static_cast<size_t>(v) * v);
  for (int c = 0; c < v; ++c) {
    for (int k = 0; k < v; ++k) {
      delta2[static_cast<size_t>(c) * v + k] =
          Delta2(metric, std::min(c, k), std::max(c, k), value, prefix, totals);
    }
  }

  // D_o = (1/n) sum_m (1/(m-1)) sum_ck pairs_m[c][k] delta^2_ck.
  long double observed = 0;
  for (const auto& [m, pairs] : matrix.pairs_by_m_) {
    long double sum = 0;
    for (size_t i = 0; i < pairs.size(); ++i) {
      if (pairs[i] != 0) sum += pairs[i] * delta2[i];
    }
    observed += sum / (m - 1);
  }
  observed /= n;
  result.observed_disagreement = static_cast<double>(observed);
  if (n < 2) return result;

  long double expected = 0;
  for (int c = 0; c < v; ++c) {
    if (totals[c] == 0) continue;
    for (int k = 0; k < v; ++k) {
      expected += static_cast<long double>(totals[c]) * totals[k] *
                  delta2[static_cast<size_t>(c) * v + k];
    }
  }
  expected /= static_cast<long double>(n) * (n - 1);
  result.expected_disagreement = static_cast<double>(expected);
  if (expected == 0) return result;
  result.alpha = static_cast<double>(1 - observed / expected);
  return result;
}

}  // namespace spanlab::agreement
