// Fleiss' (1971) kappa for a fixed number n >= 2 of ratings per unit:
//   P_i  = (sum_j n_ij^2 - n) / (n (n - 1))   agreement within unit i
//   P    = mean of P_i over the N units
//   p_j  = sum_i n_ij / (N n)                 share of category j
//   P_e  = sum_j p_j^2
//   kappa = (P - P_e) / (1 - P_e)
// and per category j (Fleiss 1971, eq. 20):
//   kappa_j = 1 - sum_i n_ij (n - n_ij) / (N n (n - 1) p_j (1 - p_j)).
// Fleiss, J. L. (1971). Measuring nominal scale agreement among many raters.
// Psychological Bulletin 76(5):378-382, https://doi.org/10.1037/h0031619
//
// The formula needs the same n for every unit; units with fewer ratings
// cannot be added (callers restrict themselves to units every annotator
// rated; Krippendorff's alpha is the measure that uses the others).
// Accumulation is streaming and exact (integer sums), so memory does not
// grow with the number of units.
#ifndef SPANLAB_SERVICE_AGREEMENT_FLEISS_KAPPA_H_
#define SPANLAB_SERVICE_AGREEMENT_FLEISS_KAPPA_H_

#include <cstdint>
#include <vector>

#include "absl/numeric/int128.h"
#include "absl/status/status.h"
#include "absl/types/span.h"

namespace spanlab::agreement {

struct FleissResult {
  // NaN when undefined: no units, or P_e = 1 (one category used for
  // everything).
  double kappa = 0;
  double observed_agreement = 0;  // P; NaN without units.
  double expected_agreement = 0;  // P_e; NaN without units.
  int64_t units = 0;
  int raters_per_unit = 0;
  // kappa_j per category; NaN for a category that was never or always used.
  std::vector<double> per_category;
};

class FleissKappa {
 public:
  // Requires num_categories >= 1 and raters_per_unit >= 2.
  FleissKappa(int num_categories, int raters_per_unit);

  // Adds one unit given its ratings: `categories` holds one category per
  // rating, in any order. INVALID_ARGUMENT unless there are exactly
  // raters_per_unit ratings, each in [0, num_categories).
  absl::Status AddUnit(absl::Span<const int> categories) {
    return AddUnits(categories, 1);
  }
  // Adds `count` >= 0 units with these same ratings; INVALID_ARGUMENT as
  // AddUnit.
  absl::Status AddUnits(absl::Span<const int> categories, int64_t count);
  // Adds one unit given counts[j] = number of ratings of category j
  // (Fleiss' n_ij). INVALID_ARGUMENT unless there are num_categories
  // non-negative counts summing to raters_per_unit.
  absl::Status AddUnitCounts(absl::Span<const int64_t> counts);
  // Adds every unit of `other`. INVALID_ARGUMENT, changing nothing, unless
  // it has the same number of categories and ratings per unit.
  absl::Status Merge(const FleissKappa& other);

  FleissResult Compute() const;

 private:
  void AddValidCounts(absl::Span<const int64_t> counts, int64_t units = 1);

  int num_categories_;
  int raters_;
  int64_t units_ = 0;
  absl::int128 sum_squares_ = 0;             // sum_ij n_ij^2
  std::vector<int64_t> category_totals_;     // sum_i n_ij
  std::vector<absl::int128> disagreements_;  // sum_i n_ij (n - n_ij)
  std::vector<int64_t> scratch_;
};

}  // namespace spanlab::agreement

#endif  // SPANLAB_SERVICE_AGREEMENT_FLEISS_KAPPA_H_
