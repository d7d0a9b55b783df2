#include "service/agreement/unitizing_alpha.h"

#include <algorithm>
#include <limits>
#include <utility>

#include "absl/numeric/int128.h"
#include "absl/strings/str_cat.h"

namespace spanlab::agreement {
namespace {

using Interval = std::pair<int64_t, int64_t>;  // [start, end)

// Sum of delta^2 between the units of two raters for one category within
// one continuum. Both lists sorted and disjoint. A unit overlapping no unit
// of the other rater lies inside one of that rater's gaps and costs l^2;
// overlapping units cost (b1 - b2)^2 + (e1 - e2)^2 per overlapping pair.
absl::int128 PairDisagreement(const std::vector<Interval>& a,
                              const std::vector<Interval>& b) {
  absl::int128 sum = 0;
  std::vector<bool> b_overlapped(b.size());
  size_t first = 0;
  for (const auto& [start, end] : a) {
    bool overlapped = false;
    while (first < b.size() && b[first].second <= start) ++first;
    for (size_t j = first; j < b.size() && b[j].first < end; ++j) {
      overlapped = true;
      b_overlapped[j] = true;
      const absl::int128 ds = start - b[j].first;
      const absl::int128 de = end - b[j].second;
      sum += ds * ds + de * de;
    }
    if (!overlapped) sum += absl::int128(end - start) * (end - start);
  }
  for (size_t j = 0; j < b.size(); ++j) {
    if (!b_overlapped[j]) {
      sum +=
          absl::int128(b[j].second - b[j].first) * (b[j].second - b[j].first);
    }
  }
  return sum;
}

long double ToLongDouble(absl::int128 x) { return static_cast<long double>(x); }

}  // namespace

UnitizingAlpha::UnitizingAlpha(int num_raters, int num_categories)
    : raters_(num_raters), categories_(num_categories) {}

absl::Status UnitizingAlpha::AddContinuum(
    int64_t length, absl::Span<const absl::Span<const LabeledSpan>> units) {
  if (static_cast<int>(units.size()) != raters_) {
    return absl::InvalidArgumentError(absl::StrCat(
        "unitizing alpha: expected ", raters_, " raters, got ", units.size()));
  }
  if (length < 0) {
    return absl::InvalidArgumentError("unitizing alpha: negative length");
  }
  const int num_categories = static_cast<int>(categories_.size());
  // by_category[c][r]: rater r's c-units, sorted.
  std::vector<std::vector<std::vector<Interval>>> by_category(
      num_categories, std::vector<std::vector<Interval>>(raters_));
  for (int r = 0; r < raters_; ++r) {
    for (const LabeledSpan& u : units[r]) {
      if (u.label < 0 || u.label >= num_categories) {
        return absl::InvalidArgumentError(
            absl::StrCat("unitizing alpha: category ", u.label,
                         " is outside [0, ", num_categories, ")"));
      }
      if (u.start < 0 || u.start >= u.end || u.end > length) {
        return absl::InvalidArgumentError(
            absl::StrCat("unitizing alpha: unit [", u.start, ", ", u.end,
                         ") is not within a continuum of length ", length));
      }
      by_category[u.label][r].emplace_back(u.start, u.end);
    }
  }
  for (int c = 0; c < num_categories; ++c) {
    for (int r = 0; r < raters_; ++r) {
      std::vector<Interval>& list = by_category[c][r];
      std::sort(list.begin(), list.end());
      for (size_t i = 1; i < list.size(); ++i) {
        if (list[i].first < list[i - 1].second) {
          return absl::InvalidArgumentError(absl::StrCat(
              "unitizing alpha: rater ", r, " has overlapping units [",
              list[i - 1].first, ", ", list[i - 1].second, ") and [",
              list[i].first, ", ", list[i].second, ") of category ", c));
        }
      }
    }
  }

  // Validated: from here on nothing fails.
  ++continua_;
  length_ += length;
  for (int c = 0; c < num_categories; ++c) {
    Category& category = categories_[c];
    const std::vector<std::vector<Interval>>& lists = by_category[c];
    for (int r1 = 0; r1 < raters_; ++r1) {
      for (int r2 = r1 + 1; r2 < raters_; ++r2) {
        if (lists[r1].empty() && lists[r2].empty()) continue;
        category.observed_sum +=
            ToLongDouble(PairDisagreement(lists[r1], lists[r2]));
      }
    }
    for (int r = 0; r < raters_; ++r) {
      int64_t pos = 0;
      for (const auto& [start, end] : lists[r]) {
        ++category.unit_lengths[end - start];
        if (start > pos) ++category.gap_lengths[start - pos];
        pos = end;
      }
      if (length > pos) ++category.gap_lengths[length - pos];
    }
  }
  return absl::OkStatus();
}

UnitizingAlphaResult UnitizingAlpha::Compute() const {
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  UnitizingAlphaResult result;
  result.raters = raters_;
  result.continua = continua_;
  result.continuum_length = length_;
  result.alpha = result.observed_disagreement = result.expected_disagreement =
      kNaN;
  const long double r = raters_;
  const long double l = length_;
  long double observed_total = 0;
  long double expected_total = 0;
  int used_categories = 0;
  for (const Category& category : categories_) {
    UnitizingCategoryResult out{kNaN, 0, 0, 0};
    // N_c, sum l (l-1), and sum over units of l (l-1)(2l-1)/3 (an integer:
    // l (l-1)(2l-1) is six times a sum of squares).
    int64_t units = 0;
    long double pairs_in_units = 0;
    long double cubic = 0;
    for (const auto& [len, count] : category.unit_lengths) {
      units += count;
      const absl::int128 x = len;
      pairs_in_units += ToLongDouble(x * (x - 1) * count);
      cubic += ToLongDouble(x * (x - 1) * (2 * x - 1) / 3 * count);
    }
    out.units = units;
    if (units > 0 && length_ > 0) {
      // Placements of each unit inside the gaps at least as long as it:
      // sum_{g >= len} count_g (g - len + 1), from suffix sums over the
      // sorted gap histogram.
      std::vector<std::pair<int64_t, int64_t>> gaps(
          category.gap_lengths.begin(), category.gap_lengths.end());
      std::vector<absl::int128> suffix_count(gaps.size() + 1, 0);
      std::vector<absl::int128> suffix_length(gaps.size() + 1, 0);
      for (size_t i = gaps.size(); i-- > 0;) {
        suffix_count[i] = suffix_count[i + 1] + gaps[i].second;
        suffix_length[i] =
            suffix_length[i + 1] + absl::int128(gaps[i].first) * gaps[i].second;
      }
      long double placements = 0;
      size_t g = 0;
      for (const auto& [len, count] : category.unit_lengths) {
        while (g < gaps.size() && gaps[g].first < len) ++g;
        const absl::int128 fits =
            suffix_length[g] - absl::int128(len - 1) * suffix_count[g];
        placements += ToLongDouble(absl::int128(len) * len * fits * count);
      }
      const long double expected_sum = (units - 1) * cubic + placements;
      const long double observed =
          2 * category.observed_sum / (r * (r - 1) * l * l);
      const long double expected =
          2 * expected_sum / (l * (r * l * (r * l - 1) - pairs_in_units));
      out.observed_disagreement = static_cast<double>(observed);
      out.expected_disagreement = static_cast<double>(expected);
      out.alpha = observed == expected
                      ? 0.0
                      : static_cast<double>(1 - observed / expected);
      observed_total += observed;
      expected_total += expected;
      ++used_categories;
    }
    result.per_category.push_back(out);
  }
  if (used_categories > 0) {
    const long double observed = observed_total / used_categories;
    const long double expected = expected_total / used_categories;
    result.observed_disagreement = static_cast<double>(observed);
    result.expected_disagreement = static_cast<double>(expected);
    result.alpha = observed == expected
                       ? 0.0
                       : static_cast<double>(1 - observed / expected);
  }
  return result;
}

}  // namespace spanlab::agreement
