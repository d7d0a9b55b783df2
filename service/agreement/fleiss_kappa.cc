#include "service/agreement/fleiss_kappa.h"

#include <algorithm>
#include <limits>

#include "absl/strings/str_cat.h"

namespace spanlab::agreement {
namespace {

double Ratio(absl::int128 numerator, absl::int128 denominator) {
  return static_cast<double>(static_cast<long double>(numerator) /
                             static_cast<long double>(denominator));
}

}  // namespace

FleissKappa::FleissKappa(int num_categories, int raters_per_unit)
    : num_categories_(num_categories),
      raters_(raters_per_unit),
      category_totals_(num_categories),
      disagreements_(num_categories),
      scratch_(num_categories) {}

absl::Status FleissKappa::AddUnits(absl::Span<const int> categories,
                                   int64_t count) {
  if (static_cast<int>(categories.size()) != raters_) {
    return absl::InvalidArgumentError(
        absl::StrCat("Fleiss' kappa needs ", raters_, " ratings per unit, got ",
                     categories.size()));
  }
  std::fill(scratch_.begin(), scratch_.end(), 0);
  for (int c : categories) {
    if (c < 0 || c >= num_categories_) {
      return absl::InvalidArgumentError(absl::StrCat(
          "category ", c, " is outside [0, ", num_categories_, ")"));
    }
    ++scratch_[c];
  }
  if (count < 0) return absl::InvalidArgumentError("negative unit count");
  AddValidCounts(scratch_, count);
  return absl::OkStatus();
}

absl::Status FleissKappa::AddUnitCounts(absl::Span<const int64_t> counts) {
  if (static_cast<int>(counts.size()) != num_categories_) {
    return absl::InvalidArgumentError(absl::StrCat(
        "expected ", num_categories_, " category counts, got ", counts.size()));
  }
  int64_t sum = 0;
  for (int64_t c : counts) {
    if (c < 0) return absl::InvalidArgumentError("negative category count");
    sum += c;
  }
  if (sum != raters_) {
    return absl::InvalidArgumentError(absl::StrCat(
        "Fleiss' kappa needs ", raters_, " ratings per unit, got ", sum));
  }
  AddValidCounts(counts);
  return absl::OkStatus();
}

absl::Status FleissKappa::Merge(const FleissKappa& other) {
  if (other.num_categories_ != num_categories_ || other.raters_ != raters_) {
    return absl::InvalidArgumentError(
        absl::StrCat("Fleiss' kappa: cannot merge ", other.num_categories_,
                     " categories and ", other.raters_, " raters into ",
                     num_categories_, " and ", raters_));
  }
  units_ += other.units_;
  sum_squares_ += other.sum_squares_;
  for (int j = 0; j < num_categories_; ++j) {
    category_totals_[j] += other.category_totals_[j];
    disagreements_[j] += other.disagreements_[j];
  }
  return absl::OkStatus();
}

void FleissKappa::AddValidCounts(absl::Span<const int64_t> counts,
                                 int64_t units) {
  units_ += units;
  for (int j = 0; j < num_categories_; ++j) {
    const int64_t c = counts[j];
    sum_squares_ += absl::int128(c) * c * units;
    category_totals_[j] += c * units;
    disagreements_[j] += absl::int128(c) * (raters_ - c) * units;
  }
}

FleissResult FleissKappa::Compute() const {
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  FleissResult result{kNaN,    kNaN,
                      kNaN,    units_,
                      raters_, std::vector<double>(num_categories_, kNaN)};
  if (units_ == 0) return result;
  // With N units, n ratings each, T_j the category totals, A = sum n_ij^2 -
  // N n and T2 = sum_j T_j^2:
  //   P = A / (N n (n-1)), P_e = T2 / (N n)^2,
  //   kappa = (A N n - T2 (n-1)) / ((n-1) ((N n)^2 - T2)).
  const absl::int128 n = raters_;
  const absl::int128 ratings = absl::int128(units_) * n;  // N n
  const absl::int128 a = sum_squares_ - ratings;
  absl::int128 t2 = 0;
  for (int64_t t : category_totals_) t2 += absl::int128(t) * t;
  result.observed_agreement = Ratio(a, ratings * (n - 1));
  result.expected_agreement = Ratio(t2, ratings * ratings);
  if (t2 != ratings * ratings) {
    result.kappa =
        Ratio(a * ratings - t2 * (n - 1), (n - 1) * (ratings * ratings - t2));
  }
  // kappa_j = 1 - B_j N n / ((n-1) T_j (N n - T_j)), B_j the disagreements.
  for (int j = 0; j < num_categories_; ++j) {
    const absl::int128 t = category_totals_[j];
    if (t == 0 || t == ratings) continue;
    const absl::int128 denominator = (n - 1) * t * (ratings - t);
    result.per_category[j] =
        Ratio(denominator - disagreements_[j] * ratings, denominator);
  }
  return result;
}

}  // namespace spanlab::agreement
