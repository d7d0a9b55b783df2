#include "service/agreement/cohen_kappa.h"

#include <limits>

#include "absl/numeric/int128.h"

namespace spanlab::agreement {

KappaResult CohenKappa(const ConfusionMatrix& matrix) {
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  KappaResult result{kNaN, kNaN, kNaN, matrix.total()};
  const absl::int128 n = matrix.total();
  if (n == 0) return result;
  // With D the diagonal sum and S = sum_i row_i * col_i:
  //   p_o = D / n, p_e = S / n^2, kappa = (n D - S) / (n^2 - S).
  // Integers keep the result exact until the final division.
  absl::int128 chance = 0;
  for (int i = 0; i < matrix.size(); ++i) {
    chance += absl::int128(matrix.RowTotal(i)) * matrix.ColumnTotal(i);
  }
  const absl::int128 agreements = matrix.Agreements();
  result.observed_agreement = static_cast<double>(
      static_cast<long double>(agreements) / static_cast<long double>(n));
  result.expected_agreement = static_cast<double>(
      static_cast<long double>(chance) / static_cast<long double>(n * n));
  if (chance == n * n) return result;
  result.kappa =
      static_cast<double>(static_cast<long double>(n * agreements - chance) /
                          static_cast<long double>(n * n - chance));
  return result;
}

}  // namespace spanlab::agreement
