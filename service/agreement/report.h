// What ComputeAgreement returns: every measure for the group, every pair of
// annotators and the worst documents. Plain data; report_json.h turns it
// into JSON. Undefined values (no data, no variation) are NaN.
#ifndef SPANLAB_SERVICE_AGREEMENT_REPORT_H_
#define SPANLAB_SERVICE_AGREEMENT_REPORT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "service/agreement/cohen_kappa.h"
#include "service/agreement/confusion_matrix.h"
#include "service/agreement/fleiss_kappa.h"
#include "service/agreement/krippendorff_alpha.h"
#include "service/agreement/span_match.h"
#include "service/agreement/unitizing_alpha.h"

namespace spanlab::agreement {

// Span matching of one pair under one MatchMode.
struct SpanScores {
  MatchCounts overall;                 // micro: sum over labels
  std::vector<MatchCounts> per_label;  // indexed like AgreementReport::labels
};

// Everything about annotators a and b (a first in the annotator list, and
// the reference for precision and recall), over the documents both
// annotated.
struct PairReport {
  std::string a;
  std::string b;
  int64_t documents = 0;
  int64_t tokens = 0;
  SpanScores exact;
  SpanScores overlap;
  // Tokens: rows a's category, columns b's, indexed like
  // AgreementReport::categories.
  ConfusionMatrix confusion;
  KappaResult cohen_kappa;
  UnitizingAlphaResult unitizing_alpha;
};

// Measures over all annotators together.
struct GroupReport {
  // Token-level, every document with at least two of the annotators; the
  // annotators missing from a document are missing values.
  AlphaResult krippendorff_alpha;
  // Token-level, only documents that every annotator annotated: Fleiss'
  // kappa needs the same number of ratings for every unit.
  FleissResult fleiss_kappa;
  int64_t documents_annotated_by_all = 0;
  // Character-level, over the same documents as Fleiss' kappa: alpha_U
  // assumes every rater unitized the whole continuum.
  UnitizingAlphaResult unitizing_alpha;
};

struct AnnotatorSummary {
  std::string annotator;
  int64_t documents = 0;                 // documents with a layer of theirs
  std::vector<int64_t> spans_per_label;  // indexed like labels
};

// Scores of one document among the annotators who annotated it.
struct DocumentScore {
  std::string id;
  int annotators = 0;
  int64_t tokens = 0;
  double token_alpha = 0;      // nominal Krippendorff's alpha over its tokens
  double overlap_f1 = 0;       // over all pairs, pooled (micro)
  double exact_f1 = 0;         // over all pairs, pooled (micro)
  double unitizing_alpha = 0;  // alpha_U over its code points
};

struct AgreementReport {
  std::vector<std::string> annotators;
  std::vector<std::string> labels;
  // Token categories: "none" then the labels.
  std::vector<std::string> categories;

  int64_t documents_seen = 0;      // passed to Add
  int64_t documents_filtered = 0;  // left out by AgreementOptions::documents
  int64_t documents_compared = 0;  // annotated by >= 2 annotators
  int64_t tokens_compared = 0;     // tokens of the compared documents
  // Spans whose label is not among the labels (so not compared).
  int64_t spans_ignored = 0;

  std::vector<AnnotatorSummary> annotator_summaries;
  // One per pair (i < j) of annotators, in annotator-list order.
  std::vector<PairReport> pairs;
  GroupReport group;
  // The compared documents with the lowest token alpha (undefined alpha,
  // i.e. no variation at all, ranks as 1), then lowest overlap F1, then id;
  // at most AgreementOptions::max_worst_documents, worst first.
  std::vector<DocumentScore> worst_documents;
};

}  // namespace spanlab::agreement

#endif  // SPANLAB_SERVICE_AGREEMENT_REPORT_H_
