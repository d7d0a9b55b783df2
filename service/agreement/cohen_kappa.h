// Cohen's (1960) kappa for two annotators:
//   kappa = (p_o - p_e) / (1 - p_e)
// with p_o the share of units both put in the same category and p_e the
// agreement expected if each annotator chose categories independently at
// their own observed rates (the product of the two marginal
// distributions). Cohen, J. (1960). A coefficient of agreement for nominal
// scales. Educational and Psychological Measurement 20(1):37-46,
// https://doi.org/10.1177/001316446002000104
#ifndef SPANLAB_SERVICE_AGREEMENT_COHEN_KAPPA_H_
#define SPANLAB_SERVICE_AGREEMENT_COHEN_KAPPA_H_

#include <cstdint>

#include "service/agreement/confusion_matrix.h"

namespace spanlab::agreement {

struct KappaResult {
  // NaN when undefined: no units, or p_e = 1 (both annotators used one and
  // the same category for everything, so chance explains all agreement).
  double kappa = 0;
  double observed_agreement = 0;  // p_o; NaN without units.
  double expected_agreement = 0;  // p_e; NaN without units.
  int64_t units = 0;
};

// Kappa of the two annotators whose joint choices `matrix` counts (rows:
// first annotator, columns: second). Computed from exact integer sums, so
// kappa(M) == kappa(transpose(M)) bit for bit.
KappaResult CohenKappa(const ConfusionMatrix& matrix);

}  // namespace spanlab::agreement

#endif  // SPANLAB_SERVICE_AGREEMENT_COHEN_KAPPA_H_
