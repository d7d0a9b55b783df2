// Krippendorff's unitizing alpha (alpha_U): agreement on where units are
// and which category they have, measured on the continuum itself (here the
// code points of each document) rather than on pre-cut items.
//
// Definitions follow Krippendorff, K. (1995). On the reliability of
// unitizing continuous data. Sociological Methodology 25:47-76,
// https://doi.org/10.2307/271061, and Krippendorff, K. (2004). Measuring the
// reliability of qualitative text analysis data. Quality & Quantity
// 38:787-800, https://doi.org/10.1007/s11135-004-8107-7, exactly as
// implemented by KrippendorffAlphaUnitizingAgreement in DKPro Statistics
// (https://github.com/dkpro/dkpro-statistics). For a category c, R raters
// and a continuum of length L, each rater's continuum is cut into c-units
// and gaps (the maximal stretches without a c-unit of that rater), and:
//   D_o(c) = 2 / (R L^2) * sum over rater pairs of the sum over pairs
//            of overlapping segments of delta^2, where
//              unit vs unit (overlapping): (b1 - b2)^2 + (e1 - e2)^2,
//              unit vs gap: l^2 if the unit lies inside the gap, else 0,
//              gap vs gap: 0;
//   D_e(c) = 2 / L * sum over c-units u of all raters of
//              [ (N_c - 1) l_u (l_u - 1) (2 l_u - 1) / 3
//                + l_u^2 * sum over gaps g of all raters with |g| >= l_u of
//                  (|g| - l_u + 1) ]
//            / (R L (R L - 1) - sum over c-units of l_u (l_u - 1)),
//   alpha(c) = 0 if D_o(c) == D_e(c), else 1 - D_o(c) / D_e(c);
// overall, over the categories that have at least one unit:
//   alpha = 0 if D_O == D_E, else 1 - D_O / D_E with D_O, D_E the means of
//   D_o(c), D_e(c).
//
// Several documents: each document is its own continuum. Unit-versus-unit
// and unit-versus-gap terms never cross a document boundary, so D_o is the
// same as for the documents laid end to end; a document's gaps end at its
// boundaries, so D_e never imagines a unit straddling two documents. L is
// the total length. On a single document this is DKPro's value exactly.
//
// The one departure from DKPro: alpha(c) of a category that has no unit at
// all is NaN (DKPro would report 0 for a category outside its study); the
// category also stays out of the overall means, as in DKPro.
//
// Streaming: per category the accumulator keeps a histogram of unit lengths
// and one of gap lengths plus a few sums, never the units themselves.
#ifndef SPANLAB_SERVICE_AGREEMENT_UNITIZING_ALPHA_H_
#define SPANLAB_SERVICE_AGREEMENT_UNITIZING_ALPHA_H_

#include <cstdint>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/numeric/int128.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "service/agreement/document.h"

namespace spanlab::agreement {

struct UnitizingCategoryResult {
  // NaN when the category has no unit; see above.
  double alpha = 0;
  double observed_disagreement = 0;  // D_o(c)
  double expected_disagreement = 0;  // D_e(c)
  int64_t units = 0;                 // N_c, over all raters
};

struct UnitizingAlphaResult {
  // NaN when no category has a unit or the continuum is empty.
  double alpha = 0;
  double observed_disagreement = 0;  // D_O
  double expected_disagreement = 0;  // D_E
  int raters = 0;
  int64_t continua = 0;
  int64_t continuum_length = 0;  // L, summed over continua
  std::vector<UnitizingCategoryResult> per_category;
};

// One continuum's units, checked, sorted and cut per category and rater,
// with the disagreement of every pair of raters. Accumulators over subsets
// of the same raters (each pair, the whole group, one document) share this
// work instead of each repeating it.
class UnitizedContinuum {
 public:
  // INVALID_ARGUMENT unless every unit has 0 <= start < end <= length and
  // a category in [0, num_categories), and one rater's units of one
  // category are disjoint (touching is fine). `units[r]` are rater r's
  // units, in any order.
  static absl::StatusOr<UnitizedContinuum> Create(
      int64_t length, int num_categories,
      absl::Span<const absl::Span<const LabeledSpan>> units);

  int64_t length() const { return length_; }
  int raters() const { return raters_; }

 private:
  friend class UnitizingAlpha;
  using Interval = std::pair<int64_t, int64_t>;  // [start, end)

  UnitizedContinuum() = default;
  absl::Span<const Interval> Units(int category, int rater) const;
  // Index of the pair r1 < r2 among the pairs in row order.
  int PairIndex(int r1, int r2) const;

  int64_t length_ = 0;
  int raters_ = 0;
  int categories_ = 0;
  // Rater r's units of category c, sorted, are intervals_[begin_[i] ..
  // begin_[i + 1]) with i = c * raters_ + r.
  std::vector<Interval> intervals_;
  std::vector<size_t> begin_;
  // Sum of delta^2 between two raters' units of one category, at
  // c * pairs + PairIndex(r1, r2).
  std::vector<absl::int128> pair_disagreement_;
};

class UnitizingAlpha {
 public:
  // Requires num_raters >= 2 and num_categories >= 1.
  UnitizingAlpha(int num_raters, int num_categories);

  // Adds one continuum [0, length): `units[r]` are rater r's units, in any
  // order, with LabeledSpan::label the category. INVALID_ARGUMENT, changing
  // nothing, unless there are num_raters lists, every unit has
  // 0 <= start < end <= length and a category in range, and one rater's
  // units of one category are disjoint (touching is fine).
  absl::Status AddContinuum(
      int64_t length, absl::Span<const absl::Span<const LabeledSpan>> units);

  // Adds `continuum` as seen by some of its raters: rater i here is rater
  // raters[i] of the continuum. The same as AddContinuum with those raters'
  // units. INVALID_ARGUMENT, changing nothing, unless there are num_raters
  // raters, increasing and in range, and the categories match.
  absl::Status Add(const UnitizedContinuum& continuum,
                   absl::Span<const int> raters);

  UnitizingAlphaResult Compute() const;

  // The Compute() of a new UnitizingAlpha(raters.size(), categories) after
  // Add(continuum, raters), without building its histograms.
  // INVALID_ARGUMENT unless there are 2 raters or more, increasing and in
  // range.
  static absl::StatusOr<UnitizingAlphaResult> ComputeOne(
      const UnitizedContinuum& continuum, absl::Span<const int> raters);

 private:
  static absl::Status CheckRaters(const UnitizedContinuum& continuum,
                                  absl::Span<const int> raters);

  // Length -> count, updated for every unit and gap of every continuum.
  // Short lengths, by far the most common, are counted in a table, the
  // rest hashed; a map would cost a tree walk per update.
  class LengthHistogram {
   public:
    void Add(int64_t length) {
      if (length < kTableSize) {
        if (static_cast<size_t>(length) >= table_.size()) {
          table_.resize(length + 1);
        }
        ++table_[length];
      } else {
        ++hashed_[length];
      }
    }
    // (length, count) by increasing length.
    std::vector<std::pair<int64_t, int64_t>> Sorted() const;

   private:
    static constexpr int64_t kTableSize = 2048;
    std::vector<int64_t> table_;
    absl::flat_hash_map<int64_t, int64_t> hashed_;
  };

  struct Category {
    // Exact while below 2^64, which any realistic corpus stays.
    long double observed_sum = 0;  // sum of delta^2 over rater pairs
    LengthHistogram unit_lengths;
    LengthHistogram gap_lengths;
  };

  int raters_;
  std::vector<Category> categories_;
  int64_t continua_ = 0;
  int64_t length_ = 0;
};

}  // namespace spanlab::agreement

#endif  // SPANLAB_SERVICE_AGREEMENT_UNITIZING_ALPHA_H_
