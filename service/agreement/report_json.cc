#include "service/agreement/report_json.h"

#include <cmath>

namespace spanlab::agreement {
namespace {

using Json = nlohmann::ordered_json;

// JSON has no NaN or infinity; an undefined measure is null.
Json Number(double x) { return std::isfinite(x) ? Json(x) : Json(nullptr); }

Json MatchJson(const MatchCounts& c) {
  Json j;
  j["a_spans"] = c.a_spans;
  j["b_spans"] = c.b_spans;
  j["matched"] = c.matched;
  j["precision"] = Number(c.Precision());
  j["recall"] = Number(c.Recall());
  j["f1"] = Number(c.F1());
  return j;
}

Json SpanScoresJson(const SpanScores& scores,
                    const std::vector<std::string>& labels) {
  Json j;
  j["overall"] = MatchJson(scores.overall);
  Json per_label = Json::object();
  for (size_t l = 0; l < labels.size(); ++l) {
    per_label[labels[l]] = MatchJson(scores.per_label[l]);
  }
  j["per_label"] = std::move(per_label);
  return j;
}

Json UnitizingJson(const UnitizingAlphaResult& u,
                   const std::vector<std::string>& labels) {
  Json j;
  j["alpha"] = Number(u.alpha);
  j["observed_disagreement"] = Number(u.observed_disagreement);
  j["expected_disagreement"] = Number(u.expected_disagreement);
  j["raters"] = u.raters;
  j["continua"] = u.continua;
  j["continuum_length"] = u.continuum_length;
  Json per_label = Json::object();
  for (size_t l = 0; l < labels.size() && l < u.per_category.size(); ++l) {
    const UnitizingCategoryResult& c = u.per_category[l];
    Json cj;
    cj["alpha"] = Number(c.alpha);
    cj["observed_disagreement"] = Number(c.observed_disagreement);
    cj["expected_disagreement"] = Number(c.expected_disagreement);
    cj["units"] = c.units;
    per_label[labels[l]] = std::move(cj);
  }
  j["per_label"] = std::move(per_label);
  return j;
}

Json ConfusionJson(const ConfusionMatrix& m,
                   const std::vector<std::string>& categories) {
  Json j;
  j["rows"] = "a";
  j["columns"] = "b";
  j["categories"] = categories;
  Json rows = Json::array();
  for (int r = 0; r < m.size(); ++r) {
    Json row = Json::array();
    for (int c = 0; c < m.size(); ++c) row.push_back(m.count(r, c));
    rows.push_back(std::move(row));
  }
  j["counts"] = std::move(rows);
  return j;
}

Json PairJson(const PairReport& pair, const AgreementReport& report) {
  Json j;
  j["a"] = pair.a;
  j["b"] = pair.b;
  j["documents"] = pair.documents;
  j["tokens"] = pair.tokens;
  j["span_exact"] = SpanScoresJson(pair.exact, report.labels);
  j["span_overlap"] = SpanScoresJson(pair.overlap, report.labels);
  Json kappa;
  kappa["kappa"] = Number(pair.cohen_kappa.kappa);
  kappa["observed_agreement"] = Number(pair.cohen_kappa.observed_agreement);
  kappa["expected_agreement"] = Number(pair.cohen_kappa.expected_agreement);
  kappa["units"] = pair.cohen_kappa.units;
  j["token_cohen_kappa"] = std::move(kappa);
  j["token_confusion"] = ConfusionJson(pair.confusion, report.categories);
  j["unitizing_alpha"] = UnitizingJson(pair.unitizing_alpha, report.labels);
  return j;
}

Json GroupJson(const GroupReport& group, const AgreementReport& report) {
  Json j;
  const AlphaResult& a = group.krippendorff_alpha;
  Json alpha;
  alpha["alpha"] = Number(a.alpha);
  alpha["observed_disagreement"] = Number(a.observed_disagreement);
  alpha["expected_disagreement"] = Number(a.expected_disagreement);
  alpha["pairable_units"] = a.pairable_units;
  alpha["pairable_values"] = a.pairable_values;
  alpha["metric"] = "nominal";
  j["token_krippendorff_alpha"] = std::move(alpha);
  const FleissResult& f = group.fleiss_kappa;
  Json fleiss;
  fleiss["kappa"] = Number(f.kappa);
  fleiss["observed_agreement"] = Number(f.observed_agreement);
  fleiss["expected_agreement"] = Number(f.expected_agreement);
  fleiss["units"] = f.units;
  fleiss["raters_per_unit"] = f.raters_per_unit;
  Json per_category = Json::object();
  for (size_t c = 0; c < report.categories.size() && c < f.per_category.size();
       ++c) {
    per_category[report.categories[c]] = Number(f.per_category[c]);
  }
  fleiss["per_category"] = std::move(per_category);
  j["token_fleiss_kappa"] = std::move(fleiss);
  j["documents_annotated_by_all"] = group.documents_annotated_by_all;
  j["unitizing_alpha"] = UnitizingJson(group.unitizing_alpha, report.labels);
  return j;
}

}  // namespace

nlohmann::ordered_json ReportToJson(const AgreementReport& report) {
  Json j;
  j["annotators"] = report.annotators;
  j["labels"] = report.labels;
  j["categories"] = report.categories;
  Json documents;
  documents["seen"] = report.documents_seen;
  documents["filtered"] = report.documents_filtered;
  documents["compared"] = report.documents_compared;
  documents["annotated_by_all"] = report.group.documents_annotated_by_all;
  j["documents"] = std::move(documents);
  j["tokens_compared"] = report.tokens_compared;
  j["spans_ignored"] = report.spans_ignored;
  Json summaries = Json::array();
  for (const AnnotatorSummary& s : report.annotator_summaries) {
    Json sj;
    sj["annotator"] = s.annotator;
    sj["documents"] = s.documents;
    int64_t total = 0;
    Json per_label = Json::object();
    for (size_t l = 0; l < report.labels.size(); ++l) {
      per_label[report.labels[l]] = s.spans_per_label[l];
      total += s.spans_per_label[l];
    }
    sj["spans"] = total;
    sj["spans_per_label"] = std::move(per_label);
    summaries.push_back(std::move(sj));
  }
  j["annotator_summaries"] = std::move(summaries);
  Json pairs = Json::array();
  for (const PairReport& pair : report.pairs) {
    pairs.push_back(PairJson(pair, report));
  }
  j["pairs"] = std::move(pairs);
  j["group"] = GroupJson(report.group, report);
  Json worst = Json::array();
  for (const DocumentScore& d : report.worst_documents) {
    Json dj;
    dj["id"] = d.id;
    dj["annotators"] = d.annotators;
    dj["tokens"] = d.tokens;
    dj["token_alpha"] = Number(d.token_alpha);
    dj["overlap_f1"] = Number(d.overlap_f1);
    dj["exact_f1"] = Number(d.exact_f1);
    dj["unitizing_alpha"] = Number(d.unitizing_alpha);
    worst.push_back(std::move(dj));
  }
  j["worst_documents"] = std::move(worst);
  return j;
}

std::string ReportToJsonString(const AgreementReport& report, int indent) {
  // Replace rather than throw on invalid UTF-8 in ids and labels: a report
  // should always print.
  return ReportToJson(report).dump(indent, ' ', false,
                                   nlohmann::json::error_handler_t::replace);
}

}  // namespace spanlab::agreement
