#include "service/agreement/unitizing_alpha.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "gtest/gtest.h"

namespace spanlab::agreement {
namespace {

// A unit as the sources give it: offset, length, rater, category.
struct Unit {
  int64_t offset;
  int64_t length;
  int rater;
  int category;
};

UnitizingAlphaResult Compute(int raters, int categories, int64_t length,
                             const std::vector<Unit>& units) {
  std::vector<std::vector<LabeledSpan>> by_rater(raters);
  for (const Unit& u : units) {
    by_rater[u.rater].push_back(
        LabeledSpan{u.offset, u.offset + u.length, u.category});
  }
  std::vector<absl::Span<const LabeledSpan>> spans(by_rater.begin(),
                                                   by_rater.end());
  UnitizingAlpha alpha(raters, categories);
  const absl::Status status = alpha.AddContinuum(length, spans);
  EXPECT_TRUE(status.ok()) << status;
  return alpha.Compute();
}

// Krippendorff (2004), Content Analysis, 2nd ed., p. 254, as set up in DKPro
// Statistics' unitizing Krippendorff2004Test
// (https://github.com/dkpro/dkpro-statistics, KrippendorffAlphaUnitizing-
// Agreement): 2 observers, continuum [150, 450), categories c and k.
// Published there: alpha_U = .8591 (checked there to .0005: the mean of
// the per-category disagreements below gives .8587); c: D_o = .0144,
// D_e = .0532, alpha = .7286; k: D_o = 0, D_e = .0490, alpha = 1. Offsets
// are shifted by -150 since continua here start at 0.
TEST(UnitizingAlphaTest, Krippendorff2004) {
  constexpr int kC = 0, kK = 1;
  const UnitizingAlphaResult r = Compute(2, 2, 300,
                                         {{225 - 150, 70, 0, kC},
                                          {370 - 150, 30, 0, kC},
                                          {220 - 150, 80, 1, kC},
                                          {355 - 150, 20, 1, kC},
                                          {400 - 150, 20, 1, kC},
                                          {180 - 150, 60, 0, kK},
                                          {300 - 150, 50, 0, kK},
                                          {180 - 150, 60, 1, kK},
                                          {300 - 150, 50, 1, kK}});
  EXPECT_NEAR(r.alpha, 0.8591, 0.0005);
  EXPECT_NEAR(r.per_category[kC].observed_disagreement, 0.0144, 0.00005);
  EXPECT_NEAR(r.per_category[kC].expected_disagreement, 0.0532, 0.00005);
  EXPECT_NEAR(r.per_category[kC].alpha, 0.7286, 0.00005);
  EXPECT_EQ(r.per_category[kK].observed_disagreement, 0.0);
  EXPECT_NEAR(r.per_category[kK].expected_disagreement, 0.0490, 0.00005);
  EXPECT_EQ(r.per_category[kK].alpha, 1.0);
  EXPECT_EQ(r.per_category[kC].units, 5);
  // delta^2 of the c segments, from the book: 50 + 850 + 400 = 1300, and
  // D_o = 2 * 1300 / (2 * 1 * 300^2).
  EXPECT_DOUBLE_EQ(r.per_category[kC].observed_disagreement, 1300.0 / 90000.0);
}

// Krippendorff (1995), "On the reliability of unitizing continuous data",
// p. 57: four two-observer examples A-D on a continuum of 24, as set up in
// DKPro Statistics' unitizing Krippendorff1995Test. `stretch` multiplies
// every position (truncating, as there) to approach the continuous case.
std::vector<Unit> Krippendorff1995(double stretch) {
  const auto s = [stretch](int64_t x) {
    return static_cast<int64_t>(x * stretch);
  };
  constexpr int kA = 0, kB = 1, kC = 2, kD = 3;
  std::vector<Unit> units;
  const auto add = [&](int64_t offset, int64_t length, int rater, int c) {
    units.push_back(Unit{s(offset), s(length), rater, c});
  };
  add(2, 8, 0, kA), add(14, 6, 0, kA), add(4, 4, 1, kA), add(15, 2, 1, kA);
  add(0, 18, 0, kB), add(0, 2, 1, kB), add(2, 1, 1, kB), add(3, 1, 1, kB);
  add(4, 1, 1, kB), add(5, 1, 1, kB), add(6, 3, 1, kB), add(9, 1, 1, kB);
  add(2, 6, 0, kC), add(10, 2, 0, kC), add(14, 4, 0, kC), add(20, 2, 0, kC);
  add(0, 2, 1, kC), add(4, 4, 1, kC), add(10, 4, 1, kC), add(16, 2, 1, kC);
  add(20, 2, 1, kC);
  add(0, 2, 0, kD), add(2, 8, 0, kD), add(10, 4, 0, kD), add(14, 6, 0, kD);
  add(20, 4, 0, kD), add(0, 4, 1, kD), add(4, 4, 1, kD), add(8, 7, 1, kD);
  add(15, 2, 1, kD), add(17, 7, 1, kD);
  return units;
}

TEST(UnitizingAlphaTest, Krippendorff1995ObservedDisagreement) {
  const UnitizingAlphaResult r = Compute(2, 4, 24, Krippendorff1995(1));
  // Published (and DKPro's) D_o for A, B, C, D.
  const double expected[] = {0.03125, 2.26736, 0.02777, 0.38715};
  for (int c = 0; c < 4; ++c) {
    EXPECT_NEAR(r.per_category[c].observed_disagreement, expected[c], 0.00001)
        << "example " << c;
  }
}

TEST(UnitizingAlphaTest, Krippendorff1995NearContinuous) {
  // DKPro notes a small error in the paper's D_e (a sign in
  // l_ik + l_hj + 1) and therefore checks D_e to 0.005 and alpha to 0.02;
  // the same tolerances here. Stretch 50000 = 1200000 / 24.
  const UnitizingAlphaResult r =
      Compute(2, 4, 24 * 50000, Krippendorff1995(50000));
  const double d_e[] = {0.06990, 1.17731, 0.08642, 0.41445};
  const double alpha[] = {0.553, -0.926, 0.679, 0.066};
  for (int c = 0; c < 4; ++c) {
    EXPECT_NEAR(r.per_category[c].expected_disagreement, d_e[c], 0.005)
        << "example " << c;
    EXPECT_NEAR(r.per_category[c].alpha, alpha[c], 0.02) << "example " << c;
  }
}

// Example C alone: at stretch 1/2 truncation gives some units of B length
// zero, which are not units.
std::vector<Unit> Krippendorff1995C(double stretch) {
  std::vector<Unit> units = Krippendorff1995(stretch);
  units.erase(std::remove_if(units.begin(), units.end(),
                             [](const Unit& u) { return u.category != 2; }),
              units.end());
  return units;
}

TEST(UnitizingAlphaTest, Krippendorff1995VaryingLengths) {
  // Example C at stretches 1/2 and 5, DKPro's testVaryingLengths.
  UnitizingAlphaResult r = Compute(2, 4, 12, Krippendorff1995C(0.5));
  EXPECT_NEAR(r.per_category[2].observed_disagreement, 0.02777, 0.00001);
  EXPECT_NEAR(r.per_category[2].expected_disagreement, 0.05494, 0.00001);
  EXPECT_NEAR(r.per_category[2].alpha, 0.494, 0.02);
  r = Compute(2, 4, 120, Krippendorff1995C(5));
  EXPECT_NEAR(r.per_category[2].observed_disagreement, 0.02777, 0.00001);
  EXPECT_NEAR(r.per_category[2].expected_disagreement, 0.08234, 0.005);
  EXPECT_NEAR(r.per_category[2].alpha, 0.663, 0.02);
}

// DKPro Statistics' UnitizingAgreementTest: r0 -11111111-, r1 --1-1-1---;
// D_o = .9100, D_e = .5351, alpha = -.7003, checked there to .0001. By
// hand: the long unit against each short one costs 37 + 25 + 29 = 91, so
// D_o = 2 * 91 / (2 * 10^2); D_e = 2 * 867 / (10 * (20 * 19 - 56)) =
// .535185, where 867 = 3 * (8 * 7 * 15 / 3) for the unit of 8 plus 9 for
// each unit of 1 (it fits 1 + 1 + 2 + 1 + 1 + 3 ways into the gaps).
TEST(UnitizingAlphaTest, DkproOneLongUnitAgainstThreeShortOnes) {
  const UnitizingAlphaResult r = Compute(
      2, 1, 10, {{1, 8, 0, 0}, {2, 1, 1, 0}, {4, 1, 1, 0}, {6, 1, 1, 0}});
  EXPECT_NEAR(r.per_category[0].observed_disagreement, 0.9100, 0.0001);
  EXPECT_NEAR(r.per_category[0].expected_disagreement, 0.5351, 0.0001);
  EXPECT_DOUBLE_EQ(r.per_category[0].expected_disagreement, 1734.0 / 3240.0);
  EXPECT_NEAR(r.per_category[0].alpha, -0.7003, 0.0001);
}

// DKPro Statistics' UnitizingAgreementTest: one unit among three raters
// gives D_o == D_e and so alpha 0; no unit at all gives NaN.
TEST(UnitizingAlphaTest, DkproSingleUnitAndEmptyStudy) {
  EXPECT_EQ(Compute(3, 1, 20, {{0, 1, 0, 0}}).alpha, 0.0);
  const UnitizingAlphaResult empty = Compute(3, 1, 20, {});
  EXPECT_TRUE(std::isnan(empty.alpha));
  // A category nobody used is undefined rather than DKPro's 0.
  EXPECT_TRUE(std::isnan(empty.per_category[0].alpha));
}

// Krippendorff (2004) distances as checked by DKPro's testDistanceMetric1:
// two overlapping units, one per rater, cost (b1-b2)^2 + (e1-e2)^2, so
// D_o * L^2 is that distance.
TEST(UnitizingAlphaTest, UnitDistances) {
  struct Case {
    int64_t o1, l1, o2, l2, distance;
  };
  for (const Case& c :
       {Case{5, 6, 4, 2, 26}, Case{5, 6, 5, 2, 16}, Case{5, 6, 6, 2, 10},
        Case{5, 6, 7, 2, 8}, Case{5, 6, 6, 4, 2}, Case{5, 6, 5, 6, 0}}) {
    const UnitizingAlphaResult r =
        Compute(2, 1, 20, {{c.o1, c.l1, 0, 0}, {c.o2, c.l2, 1, 0}});
    EXPECT_DOUBLE_EQ(r.per_category[0].observed_disagreement * 400, c.distance);
  }
}

TEST(UnitizingAlphaTest, RejectsBadContinua) {
  UnitizingAlpha alpha(2, 1);
  const std::vector<LabeledSpan> ok = {{0, 2, 0}};
  const std::vector<LabeledSpan> overlapping = {{0, 2, 0}, {1, 3, 0}};
  const std::vector<LabeledSpan> outside = {{0, 11, 0}};
  const std::vector<LabeledSpan> bad_category = {{0, 1, 1}};
  for (const auto* bad : {&overlapping, &outside, &bad_category}) {
    const absl::Span<const LabeledSpan> units[] = {ok, *bad};
    EXPECT_EQ(alpha.AddContinuum(10, units).code(),
              absl::StatusCode::kInvalidArgument);
  }
  const absl::Span<const LabeledSpan> one[] = {ok};
  EXPECT_EQ(alpha.AddContinuum(10, one).code(),
            absl::StatusCode::kInvalidArgument);
  // Nothing was added.
  EXPECT_EQ(alpha.Compute().continua, 0);
}

// An independent, quadratic implementation straight from the definition:
// cut each rater's continuum into unit and gap segments, compare every
// pair of intersecting segments, list every unit and gap. Used to check
// the streaming histogram arithmetic over several continua.
class Reference {
 public:
  explicit Reference(int raters) : raters(raters) {}

  int raters;
  long double observed = 0;
  std::vector<int64_t> unit_lengths;
  std::vector<int64_t> gap_lengths;
  int64_t length = 0;

  struct Segment {
    int64_t b, e;
    bool unit;
  };

  static std::vector<Segment> Segments(std::vector<LabeledSpan> units,
                                       int64_t length) {
    std::sort(units.begin(), units.end(),
              [](const LabeledSpan& x, const LabeledSpan& y) {
                return x.start < y.start;
              });
    std::vector<Segment> out;
    int64_t pos = 0;
    for (const LabeledSpan& u : units) {
      if (u.start > pos) out.push_back({pos, u.start, false});
      out.push_back({u.start, u.end, true});
      pos = u.end;
    }
    if (length > pos) out.push_back({pos, length, false});
    return out;
  }

  void Add(int64_t len, const std::vector<std::vector<LabeledSpan>>& units) {
    length += len;
    std::vector<std::vector<Segment>> segments;
    for (const auto& u : units) segments.push_back(Segments(u, len));
    for (int r1 = 0; r1 < raters; ++r1) {
      for (int r2 = r1 + 1; r2 < raters; ++r2) {
        for (const Segment& s1 : segments[r1]) {
          for (const Segment& s2 : segments[r2]) {
            if (std::min(s1.e, s2.e) <= std::max(s1.b, s2.b)) continue;
            if (s1.unit && s2.unit) {
              observed +=
                  (s1.b - s2.b) * (s1.b - s2.b) + (s1.e - s2.e) * (s1.e - s2.e);
            } else if (s1.unit && s2.b <= s1.b && s1.e <= s2.e) {
              observed += (s1.e - s1.b) * (s1.e - s1.b);
            } else if (s2.unit && s1.b <= s2.b && s2.e <= s1.e) {
              observed += (s2.e - s2.b) * (s2.e - s2.b);
            }
          }
        }
      }
    }
    for (const auto& rater : segments) {
      for (const Segment& s : rater) {
        (s.unit ? unit_lengths : gap_lengths).push_back(s.e - s.b);
      }
    }
  }

  long double Observed() const {
    return 2 * observed / (raters * (raters - 1.0L) * length * length);
  }
  long double Expected() const {
    const long double n = unit_lengths.size();
    long double sum = 0, pairs = 0;
    for (int64_t l : unit_lengths) {
      sum += (n - 1) * (2.0L * l * l * l - 3.0L * l * l + l) / 3;
      for (int64_t g : gap_lengths) {
        if (g >= l) sum += static_cast<long double>(l) * l * (g - l + 1);
      }
      pairs += static_cast<long double>(l) * (l - 1);
    }
    const long double rl = static_cast<long double>(raters) * length;
    return 2 * sum / (length * (rl * (rl - 1) - pairs));
  }
};

TEST(UnitizingAlphaTest, StreamingMatchesQuadraticReferenceOverManyContinua) {
  std::mt19937 rng(2024);
  for (int trial = 0; trial < 30; ++trial) {
    const int raters = 2 + trial % 3;
    UnitizingAlpha alpha(raters, 1);
    Reference reference(raters);
    const int continua = 1 + rng() % 4;
    for (int d = 0; d < continua; ++d) {
      const int64_t length = 5 + rng() % 60;
      std::vector<std::vector<LabeledSpan>> units(raters);
      for (auto& rater : units) {
        int64_t pos = rng() % 4;
        while (pos < length && rng() % 5 != 0) {
          const int64_t end = std::min<int64_t>(length, pos + 1 + rng() % 12);
          rater.push_back(LabeledSpan{pos, end, 0});
          pos = end + rng() % 6;  // 0 sometimes: touching units
        }
      }
      reference.Add(length, units);
      std::vector<absl::Span<const LabeledSpan>> spans(units.begin(),
                                                       units.end());
      ASSERT_TRUE(alpha.AddContinuum(length, spans).ok());
    }
    const UnitizingAlphaResult r = alpha.Compute();
    if (reference.unit_lengths.empty()) {
      EXPECT_TRUE(std::isnan(r.alpha));
      continue;
    }
    const double d_o = static_cast<double>(reference.Observed());
    const double d_e = static_cast<double>(reference.Expected());
    EXPECT_NEAR(r.per_category[0].observed_disagreement, d_o, 1e-12 * d_e);
    EXPECT_NEAR(r.per_category[0].expected_disagreement, d_e, 1e-12 * d_e);
    EXPECT_NEAR(r.alpha, 1 - d_o / d_e, 1e-9);
  }
}

TEST(UnitizingAlphaTest, ObservedDisagreementIsThatOfTheConcatenation) {
  // Two documents of 10 versus one continuum of 20 holding both: the same
  // D_o, since no term crosses the boundary.
  const std::vector<LabeledSpan> a1 = {{2, 6, 0}}, b1 = {{3, 9, 0}};
  const std::vector<LabeledSpan> a2 = {{0, 4, 0}}, b2 = {};
  UnitizingAlpha split(2, 1), joined(2, 1);
  const absl::Span<const LabeledSpan> doc1[] = {a1, b1};
  const absl::Span<const LabeledSpan> doc2[] = {a2, b2};
  ASSERT_TRUE(split.AddContinuum(10, doc1).ok());
  ASSERT_TRUE(split.AddContinuum(10, doc2).ok());
  const std::vector<LabeledSpan> a = {{2, 6, 0}, {10, 14, 0}};
  const std::vector<LabeledSpan> b = {{3, 9, 0}};
  const absl::Span<const LabeledSpan> both[] = {a, b};
  ASSERT_TRUE(joined.AddContinuum(20, both).ok());
  EXPECT_DOUBLE_EQ(split.Compute().observed_disagreement,
                   joined.Compute().observed_disagreement);
  EXPECT_EQ(split.Compute().continuum_length, 20);
  EXPECT_EQ(split.Compute().continua, 2);
}

// Equal as numbers, or both NaN.
void ExpectSame(double a, double b) {
  if (std::isnan(a)) {
    EXPECT_TRUE(std::isnan(b)) << b;
  } else {
    EXPECT_EQ(a, b);
  }
}

void ExpectSameResult(const UnitizingAlphaResult& a,
                      const UnitizingAlphaResult& b) {
  ExpectSame(a.alpha, b.alpha);
  ExpectSame(a.observed_disagreement, b.observed_disagreement);
  ExpectSame(a.expected_disagreement, b.expected_disagreement);
  EXPECT_EQ(a.raters, b.raters);
  EXPECT_EQ(a.continua, b.continua);
  EXPECT_EQ(a.continuum_length, b.continuum_length);
  ASSERT_EQ(a.per_category.size(), b.per_category.size());
  for (size_t c = 0; c < a.per_category.size(); ++c) {
    ExpectSame(a.per_category[c].alpha, b.per_category[c].alpha);
    ExpectSame(a.per_category[c].observed_disagreement,
               b.per_category[c].observed_disagreement);
    ExpectSame(a.per_category[c].expected_disagreement,
               b.per_category[c].expected_disagreement);
    EXPECT_EQ(a.per_category[c].units, b.per_category[c].units);
  }
}

// Accumulators over some raters of a shared UnitizedContinuum, and
// ComputeOne, give exactly what AddContinuum with those raters' units gives.
TEST(UnitizingAlphaTest, SharedContinuumEqualsAddContinuum) {
  std::mt19937 rng(99);
  constexpr int kRaters = 4, kCategories = 3;
  // Every subset of at least two raters, as increasing indices.
  std::vector<std::vector<int>> subsets;
  for (int mask = 0; mask < (1 << kRaters); ++mask) {
    std::vector<int> subset;
    for (int r = 0; r < kRaters; ++r) {
      if (mask & (1 << r)) subset.push_back(r);
    }
    if (subset.size() >= 2) subsets.push_back(subset);
  }
  std::vector<UnitizingAlpha> shared, direct;
  for (const auto& subset : subsets) {
    shared.emplace_back(subset.size(), kCategories);
    direct.emplace_back(subset.size(), kCategories);
  }
  for (int d = 0; d < 25; ++d) {
    const int64_t length = rng() % 400;
    std::vector<std::vector<LabeledSpan>> units(kRaters);
    for (auto& rater : units) {
      for (int c = 0; c < kCategories; ++c) {
        int64_t pos = rng() % 20;
        while (pos < length && rng() % 4 != 0) {
          const int64_t end = std::min<int64_t>(length, pos + 1 + rng() % 60);
          rater.push_back(LabeledSpan{pos, end, c});
          pos = end + rng() % 30;
        }
      }
      std::shuffle(rater.begin(), rater.end(), rng);
    }
    const std::vector<absl::Span<const LabeledSpan>> all(units.begin(),
                                                         units.end());
    absl::StatusOr<UnitizedContinuum> continuum =
        UnitizedContinuum::Create(length, kCategories, all);
    ASSERT_TRUE(continuum.ok()) << continuum.status();
    for (size_t s = 0; s < subsets.size(); ++s) {
      std::vector<absl::Span<const LabeledSpan>> some;
      for (int r : subsets[s]) some.push_back(units[r]);
      ASSERT_TRUE(shared[s].Add(*continuum, subsets[s]).ok());
      ASSERT_TRUE(direct[s].AddContinuum(length, some).ok());
      UnitizingAlpha one(subsets[s].size(), kCategories);
      ASSERT_TRUE(one.AddContinuum(length, some).ok());
      absl::StatusOr<UnitizingAlphaResult> computed =
          UnitizingAlpha::ComputeOne(*continuum, subsets[s]);
      ASSERT_TRUE(computed.ok());
      ExpectSameResult(*computed, one.Compute());
    }
  }
  for (size_t s = 0; s < subsets.size(); ++s) {
    ExpectSameResult(shared[s].Compute(), direct[s].Compute());
  }
}

TEST(UnitizingAlphaTest, SharedContinuumRejectsWrongRaters) {
  const std::vector<LabeledSpan> a = {{0, 2, 0}}, b = {{1, 3, 0}}, c = {};
  const absl::Span<const LabeledSpan> units[] = {a, b, c};
  absl::StatusOr<UnitizedContinuum> continuum =
      UnitizedContinuum::Create(10, 1, units);
  ASSERT_TRUE(continuum.ok());
  UnitizingAlpha pair(2, 1), other_categories(2, 2);
  for (const std::vector<int>& raters :
       {std::vector<int>{0}, {0, 1, 2}, {1, 0}, {0, 3}, {-1, 0}, {1, 1}}) {
    EXPECT_EQ(pair.Add(*continuum, raters).code(),
              absl::StatusCode::kInvalidArgument);
  }
  EXPECT_EQ(other_categories.Add(*continuum, {0, 1}).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(UnitizingAlpha::ComputeOne(*continuum, {2}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(pair.Compute().continua, 0);
  ASSERT_TRUE(pair.Add(*continuum, {0, 2}).ok());
  EXPECT_EQ(pair.Compute().continua, 1);
}

}  // namespace
}  // namespace spanlab::agreement
