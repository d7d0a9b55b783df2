// Krippendorff's alpha for coded units with any number of coders and
// missing values:
//   alpha = 1 - D_o / D_e
//   D_o = (1/n) sum_c sum_k o_ck delta^2_ck
//   D_e = (1/(n(n-1))) sum_c sum_k n_c n_k delta^2_ck
// where the coincidence matrix o_ck counts, over every unit u with m_u >= 2
// values, each ordered pair of values (c, k) from different coders with
// weight 1/(m_u - 1); n_c = sum_k o_ck and n = sum_c n_c is the number of
// pairable values. Units with fewer than two values carry no information
// about agreement and are left out, exactly as Krippendorff prescribes for
// missing data.
//
// Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability.
// https://repository.upenn.edu/asc_papers/43
// Krippendorff, K. (2004). Content Analysis: An Introduction to Its
// Methodology, 2nd ed., ch. 11. Sage.
//
// The coincidence matrix is an accumulator: memory is O(values^2 x distinct
// m_u) however many units are added, and counts are exact integers (one
// integer matrix per distinct m_u, divided by m_u - 1 only at the end).
#ifndef SPANLAB_SERVICE_AGREEMENT_KRIPPENDORFF_ALPHA_H_
#define SPANLAB_SERVICE_AGREEMENT_KRIPPENDORFF_ALPHA_H_

#include <cstdint>
#include <map>
#include <vector>

#include "absl/types/span.h"

namespace spanlab::agreement {

// The difference functions delta^2 of Krippendorff (2011).
enum class AlphaMetric {
  // 0 if c == k, else 1.
  kNominal,
  // (sum_{g=c..k} n_g - (n_c + n_k)/2)^2, values ranked by index.
  kOrdinal,
  // (v_c - v_k)^2.
  kInterval,
  // ((v_c - v_k) / (v_c + v_k))^2.
  kRatio,
};

struct AlphaResult;

class CoincidenceMatrix {
 public:
  // A matrix over values 0 .. num_values - 1.
  explicit CoincidenceMatrix(int num_values = 0) : num_values_(num_values) {}

  int num_values() const { return num_values_; }

  // Adds one unit given the values its coders assigned, one per coder who
  // coded it (coders who did not are simply absent), each in
  // [0, num_values()). A unit with fewer than two values is not pairable
  // and only counted in unpairable_units().
  void AddUnit(absl::Span<const int> values) { AddUnits(values, 1); }
  // Adds `count` >= 0 units with these same values.
  void AddUnits(absl::Span<const int> values, int64_t count);
  // Adds every unit of `other`, which must have the same num_values().
  void Merge(const CoincidenceMatrix& other);

  // o_ck.
  double Coincidence(int c, int k) const;
  // n_c: pairable values equal to c.
  int64_t ValueTotal(int c) const;
  // n: pairable values.
  int64_t pairable_values() const { return pairable_values_; }
  int64_t pairable_units() const { return pairable_units_; }
  int64_t unpairable_units() const { return unpairable_units_; }

 private:
  friend AlphaResult KrippendorffAlpha(const CoincidenceMatrix& matrix,
                                       AlphaMetric metric,
                                       absl::Span<const double> numeric_values);

  int num_values_;
  // For each m >= 2: sum over units with m values of the number of ordered
  // pairs of distinct coders whose values are (c, k); row-major.
  std::map<int, std::vector<int64_t>> pairs_by_m_;
  std::vector<int64_t> value_totals_;
  int64_t pairable_values_ = 0;
  int64_t pairable_units_ = 0;
  int64_t unpairable_units_ = 0;
  std::vector<int> scratch_;
};

struct AlphaResult {
  // NaN when undefined: fewer than two pairable values, or D_e = 0 (every
  // pairable value is the same, so there is no variation to be reliable
  // about).
  double alpha = 0;
  double observed_disagreement = 0;  // D_o; NaN when n = 0.
  double expected_disagreement = 0;  // D_e; NaN when n < 2.
  int64_t pairable_units = 0;
  int64_t pairable_values = 0;
};

// Alpha of the units in `matrix` under `metric`. `numeric_values[c]` is the
// number that value c stands for under kInterval and kRatio; when empty, c
// itself. kNominal and kOrdinal ignore it (ordinal ranks by index).
AlphaResult KrippendorffAlpha(const CoincidenceMatrix& matrix,
                              AlphaMetric metric,
                              absl::Span<const double> numeric_values = {});

}  // namespace spanlab::agreement

#endif  // SPANLAB_SERVICE_AGREEMENT_KRIPPENDORFF_ALPHA_H_
