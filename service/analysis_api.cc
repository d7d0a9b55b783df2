#include "service/analysis_api.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <thread>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "service/agreement/agreement.h"
#include "service/agreement/report_json.h"
#include "service/agreement/span_match.h"
#include "service/layer_scan.h"
#include "service/names.h"
#include "service/ordered_workers.h"

namespace spanlab {
namespace {

// Analyses compare everyone's layers, which annotators must not see.
absl::Status RequireReviewer(const Principal& caller,
                             absl::string_view action) {
  if (caller.role() == v1::ADMIN || caller.role() == v1::ADJUDICATOR) {
    return absl::OkStatus();
  }
  return absl::PermissionDeniedError(
      absl::StrCat(action, " needs the ADJUDICATOR or ADMIN role; ",
                   caller.annotator_id(), " is ", v1::Role_Name(caller.role()),
                   " (annotators work blind to each other)"));
}

// The schema's labels, or the requested subset checked against it.
absl::StatusOr<std::vector<std::string>> SelectLabels(
    const v1::Project& project,
    const google::protobuf::RepeatedPtrField<std::string>& requested) {
  std::vector<std::string> all;
  for (const auto& l : project.schema().labels()) all.push_back(l.name());
  if (requested.empty()) return all;
  std::vector<std::string> out;
  for (int i = 0; i < requested.size(); ++i) {
    if (std::find(all.begin(), all.end(), requested[i]) == all.end()) {
      return absl::InvalidArgumentError(
          absl::StrCat("labels[", i, "]=", Quote(requested[i]),
                       ": not a label of the project's schema"));
    }
    out.push_back(requested[i]);
  }
  return out;
}

absl::StatusOr<std::vector<LayerSpec>> SelectLayers(
    Store* store, absl::string_view project,
    const google::protobuf::RepeatedPtrField<std::string>& requested) {
  std::vector<LayerSpec> out;
  for (int i = 0; i < requested.size(); ++i) {
    auto spec = ParseLayerSpec(requested[i], absl::StrCat("layers[", i, "]"));
    if (!spec.ok()) return spec.status();
    for (const auto& l : out) {
      if (l.key == spec->key) {
        return absl::InvalidArgumentError(absl::StrCat(
            "layers[", i, "]=", Quote(requested[i]), ": given twice"));
      }
    }
    out.push_back(*std::move(spec));
  }
  if (out.empty()) {
    auto humans = HumanLayers(store, project);
    if (!humans.ok()) return humans.status();
    out = *std::move(humans);
  }
  if (out.size() < 2) {
    return absl::FailedPreconditionError(absl::StrCat(
        "layers: agreement needs at least two layers; the project has ",
        out.size(), " (name them, e.g. human:alice and automatic:tagger)"));
  }
  return out;
}

std::string Normalized(absl::string_view s) {
  return absl::AsciiStrToLower(absl::StripAsciiWhitespace(s));
}

}  // namespace

// Up to a few: the documents are read and prepared on the helpers while
// the calling thread only folds them in.
int AnalysisApi::DefaultHelperThreads() {
  const unsigned cores = std::thread::hardware_concurrency();
  return static_cast<int>(std::clamp(cores, 1u, 4u));
}

absl::StatusOr<v1::AgreementResponse> AnalysisApi::ComputeAgreement(
    const Principal& caller, const v1::ComputeAgreementRequest& r,
    const CallCheck& ended) {
  absl::Status s = RequireReviewer(caller, "ComputeAgreement");
  if (!s.ok()) return s;
  auto project_id = ParseProjectName(r.parent(), "parent");
  if (!project_id.ok()) return project_id.status();
  auto project = store_->GetProject(*project_id);
  if (!project.ok()) return project.status();
  auto labels = SelectLabels(**project, r.labels());
  if (!labels.ok()) return labels.status();
  auto layers = SelectLayers(store_, *project_id, r.layers());
  if (!layers.ok()) return layers.status();

  agreement::AgreementOptions options;
  for (const auto& l : *layers) options.annotators.push_back(l.key);
  options.labels = *labels;
  if (r.worst_documents() > 0)
    options.max_worst_documents = r.worst_documents();
  // The store checked every text at import.
  options.text_is_valid_utf8 = true;
  auto computer = agreement::AgreementComputer::Create(options);
  if (!computer.ok()) return computer.status();

  ScanOptions scan;
  scan.layers = *layers;
  scan.documents.insert(r.documents().begin(), r.documents().end());
  scan.only_finished = r.only_finished();
  auto reader = LayerReader::Create(store_, *project_id, scan);
  if (!reader.ok()) return reader.status();

  // Reading a document's layers, tokenizing it and its per-document
  // measures run on worker threads; the accumulators take the prepared
  // documents in document order on this thread, so the report is the one a
  // single thread would compute.
  const ThreadBudget::Lease helpers = helpers_.Take(DefaultHelperThreads());
  const int threads = helpers.granted();
  std::vector<std::unique_ptr<agreement::WordTokenizer>> tokenizers;
  for (int i = 0; i < std::max(threads, 1); ++i) {
    auto tokenizer = agreement::WordTokenizer::Create();
    if (!tokenizer.ok()) return tokenizer.status();
    tokenizers.push_back(*std::move(tokenizer));
  }
  using Prepared = absl::StatusOr<agreement::PreparedDocument>;
  const auto consume = [&](Prepared prepared) {
    if (!prepared.ok()) return prepared.status();
    return (*computer)->Add(*std::move(prepared));
  };
  OrderedWorkers<v1::Document, Prepared> workers(
      threads, 16 * std::max(threads, 1),
      [&](v1::Document doc, int worker) -> Prepared {
        auto found = (*reader)->ReadSpans(doc);
        if (!found.ok()) return found.status();
        agreement::Document d;
        d.id = doc.document_id();
        d.text = std::move(*doc.mutable_text());
        for (auto& [key, layer] : *found) {
          d.MarkAnnotated(key);
          if (absl::StartsWith(key, "automatic:")) {
            layer = DisjointPerLabel(std::move(layer));
          }
          std::vector<agreement::Span>& spans = d.layers[key];
          spans.reserve(layer.size());
          for (LayerSpan& span : layer) {
            spans.push_back(
                agreement::Span{span.start, span.end, std::move(span.label)});
          }
        }
        return (*computer)->Prepare(d, tokenizers[worker].get());
      });
  s = (*reader)->ForEachDocument([&](v1::Document doc) {
    absl::Status still = ended();
    if (!still.ok()) return still;
    return workers.Push(std::move(doc), consume);
  });
  if (s.ok()) s = workers.Finish(consume);
  if (!s.ok()) return s;

  const agreement::AgreementReport report = (*computer)->Report();
  v1::AgreementResponse out;
  out.set_documents(report.documents_compared);
  out.set_tokens(report.tokens_compared);
  out.set_krippendorff_alpha(report.group.krippendorff_alpha.alpha);
  out.set_fleiss_kappa(report.group.fleiss_kappa.kappa);
  out.set_unitizing_alpha(report.group.unitizing_alpha.alpha);
  for (const auto& p : report.pairs) {
    v1::PairAgreement* pair = out.add_pairs();
    pair->set_a(p.a);
    pair->set_b(p.b);
    pair->set_documents(p.documents);
    pair->set_exact_f1(p.exact.overall.F1());
    pair->set_overlap_f1(p.overlap.overall.F1());
    pair->set_cohen_kappa(p.cohen_kappa.kappa);
    pair->set_unitizing_alpha(p.unitizing_alpha.alpha);
  }
  out.set_report_json(agreement::ReportToJsonString(report));
  return out;
}

absl::StatusOr<v1::EvaluateResponse> AnalysisApi::Evaluate(
    const Principal& caller, const v1::EvaluateRequest& r,
    const CallCheck& ended) {
  absl::Status s = RequireReviewer(caller, "Evaluate");
  if (!s.ok()) return s;
  auto project_id = ParseProjectName(r.parent(), "parent");
  if (!project_id.ok()) return project_id.status();
  auto project = store_->GetProject(*project_id);
  if (!project.ok()) return project.status();
  auto labels = SelectLabels(**project, r.labels());
  if (!labels.ok()) return labels.status();
  auto reference = ParseLayerSpec(r.reference(), "reference");
  if (!reference.ok()) return reference.status();
  auto candidate = ParseLayerSpec(r.candidate(), "candidate");
  if (!candidate.ok()) return candidate.status();
  if (reference->key == candidate->key) {
    return absl::InvalidArgumentError(absl::StrCat(
        "candidate=", Quote(r.candidate()), ": same layer as the reference"));
  }
  agreement::LabelIndex label_index;
  for (size_t i = 0; i < labels->size(); ++i) {
    label_index[(*labels)[i]] = static_cast<int>(i);
  }

  std::vector<agreement::MatchCounts> exact(labels->size()),
      overlap(labels->size());
  v1::EvaluateResponse out;
  // Keeps the spans of selected labels, disjoint per label, with the
  // annotations they came from (for the source attribute).
  const auto prepare = [&](const std::vector<v1::Annotation>& layer,
                           std::vector<agreement::LabeledSpan>* spans,
                           std::vector<const v1::Annotation*>* from) {
    for (const v1::Annotation& a : layer) {
      auto it = label_index.find(a.label());
      if (it == label_index.end()) continue;
      spans->push_back({a.start(), a.end(), it->second});
      from->push_back(&a);
    }
  };
  ScanOptions scan;
  scan.layers = {*reference, *candidate};
  scan.documents.insert(r.documents().begin(), r.documents().end());
  s = ScanLayers(
      store_, *project_id, scan,
      [&](const v1::Document&,
          const std::map<std::string, std::vector<v1::Annotation>>& found) {
        absl::Status still = ended();
        if (!still.ok()) return still;
        auto ref_it = found.find(reference->key);
        if (ref_it == found.end()) return absl::OkStatus();
        static const std::vector<v1::Annotation> kNone;
        auto cand_it = found.find(candidate->key);
        const std::vector<v1::Annotation> ref =
            DisjointPerLabel(ref_it->second);
        const std::vector<v1::Annotation> cand =
            DisjointPerLabel(cand_it == found.end() ? kNone : cand_it->second);
        std::vector<agreement::LabeledSpan> a, b;
        std::vector<const v1::Annotation*> a_from, b_from;
        prepare(ref, &a, &a_from);
        prepare(cand, &b, &b_from);
        agreement::CountMatches(a, b, agreement::MatchMode::kExact, &exact);
        agreement::CountMatches(a, b, agreement::MatchMode::kOverlap, &overlap);
        for (const auto& [i, j] :
             agreement::MatchSpans(a, b, agreement::MatchMode::kOverlap)) {
          const v1::Annotation& x = *a_from[i];
          if (x.label() != "attributed_claim" && x.label() != "disputed") {
            continue;
          }
          auto source = x.attributes().find("source");
          if (source == x.attributes().end()) continue;
          out.set_source_compared(out.source_compared() + 1);
          auto theirs = b_from[j]->attributes().find("source");
          if (theirs != b_from[j]->attributes().end() &&
              Normalized(theirs->second) == Normalized(source->second)) {
            out.set_source_correct(out.source_correct() + 1);
          }
        }
        out.set_documents(out.documents() + 1);
        return absl::OkStatus();
      });
  if (!s.ok()) return s;

  const auto fill = [](v1::LabelScores* row, const agreement::MatchCounts& e,
                       const agreement::MatchCounts& o) {
    row->set_reference_spans(e.a_spans);
    row->set_candidate_spans(e.b_spans);
    row->set_exact_matches(e.matched);
    row->set_exact_precision(e.Precision());
    row->set_exact_recall(e.Recall());
    row->set_exact_f1(e.F1());
    row->set_overlap_matches(o.matched);
    row->set_overlap_precision(o.Precision());
    row->set_overlap_recall(o.Recall());
    row->set_overlap_f1(o.F1());
  };
  for (size_t i = 0; i < labels->size(); ++i) {
    v1::LabelScores* row = out.add_scores();
    row->set_label((*labels)[i]);
    fill(row, exact[i], overlap[i]);
  }
  v1::LabelScores* all = out.add_scores();
  all->set_label("(all)");
  fill(all, agreement::Total(exact), agreement::Total(overlap));
  out.set_source_accuracy(out.source_compared() > 0
                              ? static_cast<double>(out.source_correct()) /
                                    out.source_compared()
                              : std::nan(""));
  return out;
}

}  // namespace spanlab
