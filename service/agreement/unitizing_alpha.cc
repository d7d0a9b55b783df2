#include "service/agreement/unitizing_alpha.h"

#include <algorithm>
#include <limits>
#include <utility>

#include "absl/numeric/int128.h"
#include "absl/strings/str_cat.h"

namespace spanlab::agreement {
namespace {

using Interval = std::pair<int64_t, int64_t>;  // [start, end)

absl::int128 Square(int64_t x) { return absl::int128(x) * x; }

// Sum of (b1 - b2)^2 + (e1 - e2)^2 over the overlapping pairs of a unit of
// `a` and a unit of `b`. Both lists sorted and disjoint.
absl::int128 OverlapDisagreement(absl::Span<const Interval> a,
                                 absl::Span<const Interval> b) {
  absl::int128 sum = 0;
  size_t first = 0;
  for (const auto& [start, end] : a) {
    while (first < b.size() && b[first].second <= start) ++first;
    for (size_t j = first; j < b.size() && b[j].first < end; ++j) {
      sum += Square(start - b[j].first) + Square(end - b[j].second);
    }
  }
  return sum;
}

// Sum of l^2 over the units of `a` that overlap no unit of `b`: each lies
// inside one of b's gaps. Both lists sorted and disjoint.
absl::int128 UnmatchedDisagreement(absl::Span<const Interval> a,
                                   absl::Span<const Interval> b) {
  absl::int128 sum = 0;
  size_t j = 0;
  for (const auto& [start, end] : a) {
    while (j < b.size() && b[j].second <= start) ++j;
    if (j == b.size() || b[j].first >= end) sum += Square(end - start);
  }
  return sum;
}

// Sum of delta^2 between the units of two raters for one category within
// one continuum. A unit overlapping no unit of the other rater lies inside
// one of that rater's gaps and costs l^2; overlapping units cost
// (b1 - b2)^2 + (e1 - e2)^2 per overlapping pair.
absl::int128 PairDisagreement(absl::Span<const Interval> a,
                              absl::Span<const Interval> b) {
  return OverlapDisagreement(a, b) + UnmatchedDisagreement(a, b) +
         UnmatchedDisagreement(b, a);
}

long double ToLongDouble(absl::int128 x) { return static_cast<long double>(x); }

// The histogram of `lengths` as (length, count) pairs by increasing length.
std::vector<std::pair<int64_t, int64_t>> Histogram(
    std::vector<int64_t>* lengths) {
  std::sort(lengths->begin(), lengths->end());
  std::vector<std::pair<int64_t, int64_t>> out;
  for (int64_t len : *lengths) {
    if (out.empty() || out.back().first != len) out.emplace_back(len, 0);
    ++out.back().second;
  }
  return out;
}

// What Compute needs of one category.
struct CategoryTotals {
  long double observed_sum = 0;
  // (length, count) by increasing length.
  std::vector<std::pair<int64_t, int64_t>> unit_lengths;
  std::vector<std::pair<int64_t, int64_t>> gap_lengths;
};

absl::Status WrongRaters(int expected, size_t got) {
  return absl::InvalidArgumentError(absl::StrCat(
      "unitizing alpha: expected ", expected, " raters, got ", got));
}

UnitizingAlphaResult ComputeFrom(int raters, int64_t continua,
                                 int64_t total_length,
                                 absl::Span<const CategoryTotals> categories) {
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  UnitizingAlphaResult result;
  result.raters = raters;
  result.continua = continua;
  result.continuum_length = total_length;
  result.alpha = result.observed_disagreement = result.expected_disagreement =
      kNaN;
  const long double r = raters;
  const long double l = total_length;
  long double observed_total = 0;
  long double expected_total = 0;
  int used_categories = 0;
  for (const CategoryTotals& category : categories) {
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
    if (units > 0 && total_length > 0) {
      // Placements of each unit inside the gaps at least as long as it:
      // sum_{g >= len} count_g (g - len + 1), from suffix sums over the
      // sorted gap histogram.
      const std::vector<std::pair<int64_t, int64_t>>& gaps =
          category.gap_lengths;
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

}  // namespace

absl::StatusOr<UnitizedContinuum> UnitizedContinuum::Create(
    int64_t length, int num_categories,
    absl::Span<const absl::Span<const LabeledSpan>> units) {
  if (length < 0) {
    return absl::InvalidArgumentError("unitizing alpha: negative length");
  }
  UnitizedContinuum out;
  out.length_ = length;
  out.raters_ = static_cast<int>(units.size());
  out.categories_ = num_categories;
  const int raters = out.raters_;
  // Counting sort by (category, rater): one allocation for all the lists.
  out.begin_.assign(static_cast<size_t>(num_categories) * raters + 1, 0);
  for (int r = 0; r < raters; ++r) {
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
      ++out.begin_[static_cast<size_t>(u.label) * raters + r + 1];
    }
  }
  for (size_t i = 1; i < out.begin_.size(); ++i) {
    out.begin_[i] += out.begin_[i - 1];
  }
  out.intervals_.resize(out.begin_.back());
  std::vector<size_t> next(out.begin_.begin(), out.begin_.end() - 1);
  for (int r = 0; r < raters; ++r) {
    for (const LabeledSpan& u : units[r]) {
      out.intervals_[next[static_cast<size_t>(u.label) * raters + r]++] = {
          u.start, u.end};
    }
  }
  for (int c = 0; c < num_categories; ++c) {
    for (int r = 0; r < raters; ++r) {
      const size_t i = static_cast<size_t>(c) * raters + r;
      const auto first = out.intervals_.begin() + out.begin_[i];
      const auto last = out.intervals_.begin() + out.begin_[i + 1];
      std::sort(first, last);
      for (auto it = first + (first == last ? 0 : 1); it < last; ++it) {
        if (it->first < (it - 1)->second) {
          return absl::InvalidArgumentError(absl::StrCat(
              "unitizing alpha: rater ", r, " has overlapping units [",
              (it - 1)->first, ", ", (it - 1)->second, ") and [", it->first,
              ", ", it->second, ") of category ", c));
        }
      }
    }
  }
  const int pairs = raters * (raters - 1) / 2;
  out.pair_disagreement_.assign(static_cast<size_t>(num_categories) * pairs, 0);
  for (int c = 0; c < num_categories; ++c) {
    for (int r1 = 0; r1 < raters; ++r1) {
      for (int r2 = r1 + 1; r2 < raters; ++r2) {
        const absl::Span<const Interval> a = out.Units(c, r1);
        const absl::Span<const Interval> b = out.Units(c, r2);
        if (a.empty() && b.empty()) continue;
        out.pair_disagreement_[static_cast<size_t>(c) * pairs +
                               out.PairIndex(r1, r2)] = PairDisagreement(a, b);
      }
    }
  }
  return out;
}

absl::Span<const UnitizedContinuum::Interval> UnitizedContinuum::Units(
    int category, int rater) const {
  const size_t i = static_cast<size_t>(category) * raters_ + rater;
  return absl::MakeConstSpan(intervals_.data() + begin_[i],
                             begin_[i + 1] - begin_[i]);
}

int UnitizedContinuum::PairIndex(int r1, int r2) const {
  return r1 * raters_ - r1 * (r1 + 1) / 2 + (r2 - r1 - 1);
}

UnitizingAlpha::UnitizingAlpha(int num_raters, int num_categories)
    : raters_(num_raters), categories_(num_categories) {}

absl::Status UnitizingAlpha::AddContinuum(
    int64_t length, absl::Span<const absl::Span<const LabeledSpan>> units) {
  if (static_cast<int>(units.size()) != raters_) {
    return WrongRaters(raters_, units.size());
  }
  absl::StatusOr<UnitizedContinuum> continuum = UnitizedContinuum::Create(
      length, static_cast<int>(categories_.size()), units);
  if (!continuum.ok()) return continuum.status();
  std::vector<int> all(raters_);
  for (int r = 0; r < raters_; ++r) all[r] = r;
  return Add(*continuum, all);
}

absl::Status UnitizingAlpha::CheckRaters(const UnitizedContinuum& continuum,
                                         absl::Span<const int> raters) {
  if (raters.size() < 2) {
    return absl::InvalidArgumentError(absl::StrCat(
        "unitizing alpha: needs 2 raters or more, got ", raters.size()));
  }
  for (size_t i = 0; i < raters.size(); ++i) {
    if (raters[i] < 0 || raters[i] >= continuum.raters_ ||
        (i > 0 && raters[i] <= raters[i - 1])) {
      return absl::InvalidArgumentError(
          absl::StrCat("unitizing alpha: raters must increase within [0, ",
                       continuum.raters_, ")"));
    }
  }
  return absl::OkStatus();
}

absl::Status UnitizingAlpha::Add(const UnitizedContinuum& continuum,
                                 absl::Span<const int> raters) {
  if (static_cast<int>(raters.size()) != raters_) {
    return WrongRaters(raters_, raters.size());
  }
  const int num_categories = static_cast<int>(categories_.size());
  if (continuum.categories_ != num_categories) {
    return absl::InvalidArgumentError(
        absl::StrCat("unitizing alpha: expected ", num_categories,
                     " categories, the continuum has ", continuum.categories_));
  }
  if (absl::Status s = CheckRaters(continuum, raters); !s.ok()) return s;

  // Validated: from here on nothing fails.
  ++continua_;
  const int64_t length = continuum.length_;
  length_ += length;
  const int pairs = continuum.raters_ * (continuum.raters_ - 1) / 2;
  for (int c = 0; c < num_categories; ++c) {
    Category& category = categories_[c];
    for (int i = 0; i < raters_; ++i) {
      for (int j = i + 1; j < raters_; ++j) {
        const int r1 = raters[i], r2 = raters[j];
        if (continuum.Units(c, r1).empty() && continuum.Units(c, r2).empty()) {
          continue;
        }
        category.observed_sum += ToLongDouble(
            continuum.pair_disagreement_[static_cast<size_t>(c) * pairs +
                                         continuum.PairIndex(r1, r2)]);
      }
    }
    for (int r : raters) {
      int64_t pos = 0;
      for (const auto& [start, end] : continuum.Units(c, r)) {
        category.unit_lengths.Add(end - start);
        if (start > pos) category.gap_lengths.Add(start - pos);
        pos = end;
      }
      if (length > pos) category.gap_lengths.Add(length - pos);
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<UnitizingAlphaResult> UnitizingAlpha::ComputeOne(
    const UnitizedContinuum& continuum, absl::Span<const int> raters) {
  if (absl::Status s = CheckRaters(continuum, raters); !s.ok()) return s;
  const int pairs = continuum.raters_ * (continuum.raters_ - 1) / 2;
  std::vector<CategoryTotals> categories(continuum.categories_);
  std::vector<int64_t> units, gaps;
  for (int c = 0; c < continuum.categories_; ++c) {
    CategoryTotals& category = categories[c];
    for (size_t i = 0; i < raters.size(); ++i) {
      for (size_t j = i + 1; j < raters.size(); ++j) {
        const int r1 = raters[i], r2 = raters[j];
        if (continuum.Units(c, r1).empty() && continuum.Units(c, r2).empty()) {
          continue;
        }
        category.observed_sum += ToLongDouble(
            continuum.pair_disagreement_[static_cast<size_t>(c) * pairs +
                                         continuum.PairIndex(r1, r2)]);
      }
    }
    units.clear();
    gaps.clear();
    for (int r : raters) {
      int64_t pos = 0;
      for (const auto& [start, end] : continuum.Units(c, r)) {
        units.push_back(end - start);
        if (start > pos) gaps.push_back(start - pos);
        pos = end;
      }
      if (continuum.length_ > pos) gaps.push_back(continuum.length_ - pos);
    }
    category.unit_lengths = Histogram(&units);
    category.gap_lengths = Histogram(&gaps);
  }
  return ComputeFrom(static_cast<int>(raters.size()), 1, continuum.length_,
                     categories);
}

std::vector<std::pair<int64_t, int64_t>>
UnitizingAlpha::LengthHistogram::Sorted() const {
  std::vector<std::pair<int64_t, int64_t>> out;
  for (size_t length = 0; length < table_.size(); ++length) {
    if (table_[length] != 0) out.emplace_back(length, table_[length]);
  }
  // All longer than the table's lengths.
  const size_t hashed = out.size();
  out.insert(out.end(), hashed_.begin(), hashed_.end());
  std::sort(out.begin() + hashed, out.end());
  return out;
}

UnitizingAlphaResult UnitizingAlpha::Compute() const {
  std::vector<CategoryTotals> categories;
  for (const Category& category : categories_) {
    categories.push_back(CategoryTotals{category.observed_sum,
                                        category.unit_lengths.Sorted(),
                                        category.gap_lengths.Sorted()});
  }
  return ComputeFrom(raters_, continua_, length_, categories);
}

}  // namespace spanlab::agreement
