#include "service/agreement/agreement.h"

#include <algorithm>
#include <cmath>
#include <tuple>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "service/agreement/token_categories.h"
#include "service/text/utf8.h"

namespace spanlab::agreement {
namespace {

constexpr char kNoneName[] = "none";

// NaN (no variation, or no spans at all) ranks as full agreement: nothing
// to fix in such a document.
double RankKey(double score) { return std::isnan(score) ? 1.0 : score; }

absl::Status CheckNames(const std::vector<std::string>& names,
                        absl::string_view what, size_t min_count) {
  if (names.size() < min_count) {
    return absl::InvalidArgumentError(absl::StrCat("agreement needs at least ",
                                                   min_count, " ", what,
                                                   ", got ", names.size()));
  }
  absl::flat_hash_set<std::string> seen;
  for (const std::string& name : names) {
    if (name.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("agreement: empty name among the ", what));
    }
    if (!seen.insert(name).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("agreement: ", what, " lists ", name, " twice"));
    }
  }
  return absl::OkStatus();
}

// One annotator's view of a document, ready for every measure.
struct PreparedLayer {
  int annotator;  // index into options.annotators
  std::vector<LabeledSpan> spans;
  std::vector<int> categories;  // one per token
};

}  // namespace

bool AgreementComputer::WorseFirst::operator()(const DocumentScore& a,
                                               const DocumentScore& b) const {
  return std::make_tuple(RankKey(a.token_alpha), RankKey(a.overlap_f1), a.id) <
         std::make_tuple(RankKey(b.token_alpha), RankKey(b.overlap_f1), b.id);
}

AgreementComputer::AgreementComputer(AgreementOptions options,
                                     std::unique_ptr<WordTokenizer> tokenizer)
    : options_(std::move(options)),
      tokenizer_(std::move(tokenizer)),
      coincidence_(static_cast<int>(options_.labels.size()) + 1),
      fleiss_(static_cast<int>(options_.labels.size()) + 1,
              static_cast<int>(options_.annotators.size())),
      group_unitizing_(static_cast<int>(options_.annotators.size()),
                       static_cast<int>(options_.labels.size())) {
  const int num_labels = static_cast<int>(options_.labels.size());
  const int num_annotators = static_cast<int>(options_.annotators.size());
  for (int i = 0; i < num_labels; ++i) label_index_[options_.labels[i]] = i;
  for (const std::string& annotator : options_.annotators) {
    summaries_.push_back(
        AnnotatorSummary{annotator, 0, std::vector<int64_t>(num_labels)});
  }
  for (int i = 0; i < num_annotators; ++i) {
    for (int j = i + 1; j < num_annotators; ++j) {
      PairReport pair;
      pair.a = options_.annotators[i];
      pair.b = options_.annotators[j];
      pair.exact.per_label.resize(num_labels);
      pair.overlap.per_label.resize(num_labels);
      pair.confusion = ConfusionMatrix(num_labels + 1);
      pairs_.push_back(std::move(pair));
      pair_unitizing_.emplace_back(2, num_labels);
    }
  }
}

absl::StatusOr<std::unique_ptr<AgreementComputer>> AgreementComputer::Create(
    AgreementOptions options) {
  if (absl::Status s = CheckNames(options.annotators, "annotators", 2);
      !s.ok()) {
    return s;
  }
  if (absl::Status s = CheckNames(options.labels, "labels", 1); !s.ok()) {
    return s;
  }
  for (const std::string& label : options.labels) {
    if (label == kNoneName) {
      return absl::InvalidArgumentError(
          "agreement: a label may not be called \"none\", the category of "
          "unlabeled tokens");
    }
  }
  if (options.max_worst_documents < 0) {
    return absl::InvalidArgumentError(
        "agreement: max_worst_documents must be >= 0");
  }
  absl::StatusOr<std::unique_ptr<WordTokenizer>> tokenizer =
      WordTokenizer::Create();
  if (!tokenizer.ok()) return tokenizer.status();
  return std::unique_ptr<AgreementComputer>(
      new AgreementComputer(std::move(options), *std::move(tokenizer)));
}

int AgreementComputer::PairIndex(int i, int j) const {
  // Pairs are laid out row by row: (0,1) .. (0,n-1), (1,2) .. (n-2,n-1).
  const int n = static_cast<int>(options_.annotators.size());
  return i * n - i * (i + 1) / 2 + (j - i - 1);
}

absl::Status AgreementComputer::Add(const Document& document) {
  if (!options_.documents.empty() &&
      !options_.documents.contains(document.id)) {
    ++documents_seen_;
    ++documents_filtered_;
    return absl::OkStatus();
  }
  if (absl::Status s = ValidateUtf8(
          document.text, absl::StrCat("document ", document.id, " text"));
      !s.ok()) {
    return s;
  }
  const int64_t length = CodePointCount(document.text);
  const int num_annotators = static_cast<int>(options_.annotators.size());
  const int num_labels = static_cast<int>(options_.labels.size());

  // Everything that can fail happens before the first accumulator changes.
  std::vector<PreparedLayer> layers;
  int64_t ignored = 0;
  for (int a = 0; a < num_annotators; ++a) {
    const auto it = document.layers.find(options_.annotators[a]);
    if (it == document.layers.end()) continue;
    absl::StatusOr<std::vector<LabeledSpan>> spans =
        PrepareLayer(it->second, length, label_index_, document.id,
                     options_.annotators[a], &ignored);
    if (!spans.ok()) return spans.status();
    layers.push_back(PreparedLayer{a, *std::move(spans), {}});
  }
  const int present = static_cast<int>(layers.size());
  std::vector<Token> tokens;
  if (present >= 2) {
    if (absl::Status s = tokenizer_->Tokenize(document.text, &tokens);
        !s.ok()) {
      return s;
    }
    for (PreparedLayer& layer : layers) {
      AssignTokenCategories(tokens, layer.spans, &layer.categories);
    }
  }
  std::vector<absl::Span<const LabeledSpan>> units;
  for (const PreparedLayer& layer : layers) units.emplace_back(layer.spans);
  UnitizingAlpha document_unitizing(std::max(present, 2), num_labels);
  if (present >= 2) {
    if (absl::Status s = document_unitizing.AddContinuum(length, units);
        !s.ok()) {
      return s;
    }
  }

  ++documents_seen_;
  spans_ignored_ += ignored;
  for (const PreparedLayer& layer : layers) {
    AnnotatorSummary& summary = summaries_[layer.annotator];
    ++summary.documents;
    for (const LabeledSpan& span : layer.spans) {
      ++summary.spans_per_label[span.label];
    }
  }
  if (present < 2) return absl::OkStatus();
  ++documents_compared_;
  const int64_t num_tokens = static_cast<int64_t>(tokens.size());
  tokens_compared_ += num_tokens;

  // Pairs. Layers are in annotator order, so x < y means a < b.
  MatchCounts document_exact;
  MatchCounts document_overlap;
  std::vector<MatchCounts> exact(num_labels);
  std::vector<MatchCounts> overlap(num_labels);
  for (int x = 0; x < present; ++x) {
    for (int y = x + 1; y < present; ++y) {
      const PreparedLayer& la = layers[x];
      const PreparedLayer& lb = layers[y];
      const int p = PairIndex(la.annotator, lb.annotator);
      PairReport& pair = pairs_[p];
      ++pair.documents;
      pair.tokens += num_tokens;
      std::fill(exact.begin(), exact.end(), MatchCounts{});
      std::fill(overlap.begin(), overlap.end(), MatchCounts{});
      CountMatches(la.spans, lb.spans, MatchMode::kExact, &exact);
      CountMatches(la.spans, lb.spans, MatchMode::kOverlap, &overlap);
      for (int l = 0; l < num_labels; ++l) {
        pair.exact.per_label[l].Add(exact[l]);
        pair.overlap.per_label[l].Add(overlap[l]);
      }
      document_exact.Add(Total(exact));
      document_overlap.Add(Total(overlap));
      for (int64_t t = 0; t < num_tokens; ++t) {
        pair.confusion.Add(la.categories[t], lb.categories[t]);
      }
      const absl::Span<const LabeledSpan> both[] = {la.spans, lb.spans};
      if (absl::Status s = pair_unitizing_[p].AddContinuum(length, both);
          !s.ok()) {
        return absl::InternalError(s.message());
      }
    }
  }

  // Group, token by token.
  const bool by_all = present == num_annotators;
  CoincidenceMatrix document_coincidence(num_labels + 1);
  std::vector<int> values(present);
  for (int64_t t = 0; t < num_tokens; ++t) {
    for (int x = 0; x < present; ++x) values[x] = layers[x].categories[t];
    coincidence_.AddUnit(values);
    document_coincidence.AddUnit(values);
    if (by_all) {
      if (absl::Status s = fleiss_.AddUnit(values); !s.ok()) {
        return absl::InternalError(s.message());
      }
    }
  }
  if (by_all) {
    ++documents_by_all_;
    if (absl::Status s = group_unitizing_.AddContinuum(length, units);
        !s.ok()) {
      return absl::InternalError(s.message());
    }
  }

  DocumentScore score;
  score.id = document.id;
  score.annotators = present;
  score.tokens = num_tokens;
  score.token_alpha =
      KrippendorffAlpha(document_coincidence, AlphaMetric::kNominal).alpha;
  score.overlap_f1 = document_overlap.F1();
  score.exact_f1 = document_exact.F1();
  score.unitizing_alpha = document_unitizing.Compute().alpha;
  if (options_.on_document) options_.on_document(score);
  KeepIfWorst(std::move(score));
  return absl::OkStatus();
}

void AgreementComputer::KeepIfWorst(DocumentScore score) {
  if (options_.max_worst_documents == 0) return;
  if (static_cast<int>(worst_.size()) < options_.max_worst_documents) {
    worst_.push(std::move(score));
    return;
  }
  if (WorseFirst()(score, worst_.top())) {
    worst_.pop();
    worst_.push(std::move(score));
  }
}

AgreementReport AgreementComputer::Report() const {
  AgreementReport report;
  report.annotators = options_.annotators;
  report.labels = options_.labels;
  report.categories.push_back(kNoneName);
  for (const std::string& label : options_.labels) {
    report.categories.push_back(label);
  }
  report.documents_seen = documents_seen_;
  report.documents_filtered = documents_filtered_;
  report.documents_compared = documents_compared_;
  report.tokens_compared = tokens_compared_;
  report.spans_ignored = spans_ignored_;
  report.annotator_summaries = summaries_;
  report.pairs = pairs_;
  for (size_t p = 0; p < report.pairs.size(); ++p) {
    PairReport& pair = report.pairs[p];
    pair.exact.overall = Total(pair.exact.per_label);
    pair.overlap.overall = Total(pair.overlap.per_label);
    pair.cohen_kappa = CohenKappa(pair.confusion);
    pair.unitizing_alpha = pair_unitizing_[p].Compute();
  }
  report.group.krippendorff_alpha =
      KrippendorffAlpha(coincidence_, AlphaMetric::kNominal);
  report.group.fleiss_kappa = fleiss_.Compute();
  report.group.documents_annotated_by_all = documents_by_all_;
  report.group.unitizing_alpha = group_unitizing_.Compute();
  auto worst = worst_;
  while (!worst.empty()) {
    report.worst_documents.push_back(worst.top());
    worst.pop();
  }
  std::reverse(report.worst_documents.begin(), report.worst_documents.end());
  return report;
}

absl::StatusOr<AgreementReport> ComputeAgreement(
    absl::Span<const Document> documents, const AgreementOptions& options) {
  absl::StatusOr<std::unique_ptr<AgreementComputer>> computer =
      AgreementComputer::Create(options);
  if (!computer.ok()) return computer.status();
  for (const Document& document : documents) {
    if (absl::Status s = (*computer)->Add(document); !s.ok()) return s;
  }
  return (*computer)->Report();
}

}  // namespace spanlab::agreement
