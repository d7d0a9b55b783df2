// JSON form of an AgreementReport, for `--json` output and the API.
//
// Shape (keys in this order; per-label objects keyed by label in the
// report's label order; every undefined number is null, never NaN):
// {
//   "annotators": [...], "labels": [...], "categories": ["none", ...],
//   "documents": {"seen", "filtered", "compared", "annotated_by_all"},
//   "tokens_compared", "spans_ignored",
//   "annotator_summaries": [{"annotator", "documents", "spans",
//                            "spans_per_label": {label: n}}],
//   "pairs": [{"a", "b", "documents", "tokens",
//              "span_exact": {"overall": S, "per_label": {label: S}},
//              "span_overlap": {...},
//              "token_cohen_kappa": {"kappa", "observed_agreement",
//                                    "expected_agreement", "units"},
//              "token_confusion": {"rows": "a", "columns": "b",
//                                  "categories": [...], "counts": [[...]]},
//              "unitizing_alpha": U}],
//   "group": {"token_krippendorff_alpha": {"alpha", "observed_disagreement",
//               "expected_disagreement", "pairable_units", "pairable_values",
//               "metric": "nominal"},
//             "token_fleiss_kappa": {"kappa", "observed_agreement",
//               "expected_agreement", "units", "raters_per_unit",
//               "per_category": {category: kappa}},
//             "documents_annotated_by_all",
//             "unitizing_alpha": U},
//   "worst_documents": [{"id", "annotators", "tokens", "token_alpha",
//                        "overlap_f1", "exact_f1", "unitizing_alpha"}]
// }
// with S = {"a_spans", "b_spans", "matched", "precision", "recall", "f1"}
// and U = {"alpha", "observed_disagreement", "expected_disagreement",
//          "raters", "continua", "continuum_length",
//          "per_label": {label: {"alpha", "observed_disagreement",
//                                "expected_disagreement", "units"}}}.
#ifndef SPANLAB_SERVICE_AGREEMENT_REPORT_JSON_H_
#define SPANLAB_SERVICE_AGREEMENT_REPORT_JSON_H_

#include <string>

#include "nlohmann/json.hpp"
#include "service/agreement/report.h"

namespace spanlab::agreement {

nlohmann::ordered_json ReportToJson(const AgreementReport& report);

// ReportToJson(report).dump(indent): indent < 0 gives one line.
std::string ReportToJsonString(const AgreementReport& report, int indent = 2);

}  // namespace spanlab::agreement

#endif  // SPANLAB_SERVICE_AGREEMENT_REPORT_JSON_H_
