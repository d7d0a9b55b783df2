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

// Most combinations of token categories (one per layer) counted in a dense
// table; more layers than that fit are counted token by token.
constexpr int64_t kMaxCombinations = 4096;

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
  absl::StatusOr<PreparedDocument> prepared =
      Prepare(document, tokenizer_.get());
  if (!prepared.ok()) return prepared.status();
  return Add(*std::move(prepared));
}

absl::StatusOr<PreparedDocument> AgreementComputer::Prepare(
    const Document& document, WordTokenizer* tokenizer) const {
  PreparedDocument out;
  out.computer_ = this;
  if (!options_.documents.empty() &&
      !options_.documents.contains(document.id)) {
    out.filtered_ = true;
    return out;
  }
  if (!options_.text_is_valid_utf8) {
    if (absl::Status s = ValidateUtf8(
            document.text, absl::StrCat("document ", document.id, " text"));
        !s.ok()) {
      return s;
    }
  }
  const int64_t length = CodePointCount(document.text);
  const int num_annotators = static_cast<int>(options_.annotators.size());
  const int num_labels = static_cast<int>(options_.labels.size());

  std::vector<PreparedLayer> layers;
  for (int a = 0; a < num_annotators; ++a) {
    const auto it = document.layers.find(options_.annotators[a]);
    if (it == document.layers.end()) continue;
    absl::StatusOr<std::vector<LabeledSpan>> spans =
        PrepareLayer(it->second, length, label_index_, document.id,
                     options_.annotators[a], &out.spans_ignored_);
    if (!spans.ok()) return spans.status();
    layers.push_back(PreparedLayer{a, *std::move(spans), {}});
  }
  const int present = static_cast<int>(layers.size());
  for (const PreparedLayer& layer : layers) {
    out.present_.push_back(layer.annotator);
    std::vector<int64_t>& counts =
        out.spans_per_label_.emplace_back(num_labels);
    for (const LabeledSpan& span : layer.spans) ++counts[span.label];
  }
  if (present < 2) return out;

  std::vector<Token> tokens;
  // Checked above unless the caller vouched for it.
  if (absl::Status s = tokenizer->TokenizeValidUtf8(document.text, &tokens);
      !s.ok()) {
    return s;
  }
  for (PreparedLayer& layer : layers) {
    AssignTokenCategories(tokens, layer.spans, &layer.categories);
  }
  std::vector<absl::Span<const LabeledSpan>> units;
  for (const PreparedLayer& layer : layers) units.emplace_back(layer.spans);
  absl::StatusOr<UnitizedContinuum> continuum =
      UnitizedContinuum::Create(length, num_labels, units);
  if (!continuum.ok()) return continuum.status();
  std::vector<int> all(present);
  for (int x = 0; x < present; ++x) all[x] = x;
  absl::StatusOr<UnitizingAlphaResult> document_unitizing =
      UnitizingAlpha::ComputeOne(*continuum, all);
  if (!document_unitizing.ok()) {
    return absl::InternalError(document_unitizing.status().message());
  }

  const int64_t num_tokens = static_cast<int64_t>(tokens.size());
  out.tokens_ = num_tokens;

  // Pairs. Layers are in annotator order, so x < y means a < b.
  MatchCounts document_exact;
  MatchCounts document_overlap;
  for (int x = 0; x < present; ++x) {
    for (int y = x + 1; y < present; ++y) {
      const PreparedLayer& la = layers[x];
      const PreparedLayer& lb = layers[y];
      PreparedDocument::Pair& pair = out.pairs_.emplace_back(
          PreparedDocument::Pair{PairIndex(la.annotator, lb.annotator), x, y,
                                 std::vector<MatchCounts>(num_labels),
                                 std::vector<MatchCounts>(num_labels),
                                 ConfusionMatrix(num_labels + 1)});
      CountMatches(la.spans, lb.spans, MatchMode::kExact, &pair.exact);
      CountMatches(la.spans, lb.spans, MatchMode::kOverlap, &pair.overlap);
      document_exact.Add(Total(pair.exact));
      document_overlap.Add(Total(pair.overlap));
    }
  }

  // Token measures: pairs and group.
  const bool by_all = present == num_annotators;
  out.coincidence_ = CoincidenceMatrix(num_labels + 1);
  if (by_all) out.fleiss_.emplace(num_labels + 1, num_annotators);
  const auto add_tokens = [&](absl::Span<const int> values,
                              int64_t count) -> absl::Status {
    for (PreparedDocument::Pair& pair : out.pairs_) {
      pair.confusion.Add(values[pair.x], values[pair.y], count);
    }
    out.coincidence_.AddUnits(values, count);
    if (by_all) return out.fleiss_->AddUnits(values, count);
    return absl::OkStatus();
  };
  // Every measure counts tokens by the categories the layers gave them, and
  // few combinations of categories occur: count each combination once and
  // hand the measures counts rather than one token at a time.
  const int num_values = num_labels + 1;
  int64_t combinations = 1;
  for (int x = 0; x < present && combinations <= kMaxCombinations; ++x) {
    combinations *= num_values;
  }
  std::vector<int> values(present);
  if (combinations <= kMaxCombinations) {
    std::vector<int64_t> tokens_of(combinations);
    for (int64_t t = 0; t < num_tokens; ++t) {
      int64_t code = 0;
      for (const PreparedLayer& layer : layers) {
        code = code * num_values + layer.categories[t];
      }
      ++tokens_of[code];
    }
    for (int64_t code = 0; code < combinations; ++code) {
      if (tokens_of[code] == 0) continue;
      int64_t rest = code;
      for (int x = present - 1; x >= 0; --x) {
        values[x] = static_cast<int>(rest % num_values);
        rest /= num_values;
      }
      if (absl::Status s = add_tokens(values, tokens_of[code]); !s.ok()) {
        return absl::InternalError(s.message());
      }
    }
  } else {
    for (int64_t t = 0; t < num_tokens; ++t) {
      for (int x = 0; x < present; ++x) values[x] = layers[x].categories[t];
      if (absl::Status s = add_tokens(values, 1); !s.ok()) {
        return absl::InternalError(s.message());
      }
    }
  }
  out.continuum_.emplace(*std::move(continuum));

  DocumentScore& score = out.score_;
  score.id = document.id;
  score.annotators = present;
  score.tokens = num_tokens;
  score.token_alpha =
      KrippendorffAlpha(out.coincidence_, AlphaMetric::kNominal).alpha;
  score.overlap_f1 = document_overlap.F1();
  score.exact_f1 = document_exact.F1();
  score.unitizing_alpha = document_unitizing->alpha;
  return out;
}

absl::Status AgreementComputer::Add(PreparedDocument document) {
  if (document.computer_ != this) {
    return absl::InvalidArgumentError(
        "agreement: the document was prepared by another AgreementComputer");
  }
  ++documents_seen_;
  if (document.filtered_) {
    ++documents_filtered_;
    return absl::OkStatus();
  }
  spans_ignored_ += document.spans_ignored_;
  const int present = static_cast<int>(document.present_.size());
  for (int x = 0; x < present; ++x) {
    AnnotatorSummary& summary = summaries_[document.present_[x]];
    ++summary.documents;
    for (size_t l = 0; l < summary.spans_per_label.size(); ++l) {
      summary.spans_per_label[l] += document.spans_per_label_[x][l];
    }
  }
  if (present < 2) return absl::OkStatus();
  ++documents_compared_;
  tokens_compared_ += document.tokens_;

  const UnitizedContinuum& continuum = *document.continuum_;
  for (const PreparedDocument::Pair& p : document.pairs_) {
    PairReport& pair = pairs_[p.index];
    ++pair.documents;
    pair.tokens += document.tokens_;
    for (size_t l = 0; l < p.exact.size(); ++l) {
      pair.exact.per_label[l].Add(p.exact[l]);
      pair.overlap.per_label[l].Add(p.overlap[l]);
    }
    pair.confusion.Merge(p.confusion);
    const int both[] = {p.x, p.y};
    if (absl::Status s = pair_unitizing_[p.index].Add(continuum, both);
        !s.ok()) {
      return absl::InternalError(s.message());
    }
  }
  coincidence_.Merge(document.coincidence_);
  if (document.fleiss_.has_value()) {
    if (absl::Status s = fleiss_.Merge(*document.fleiss_); !s.ok()) {
      return absl::InternalError(s.message());
    }
    ++documents_by_all_;
    std::vector<int> all(present);
    for (int x = 0; x < present; ++x) all[x] = x;
    if (absl::Status s = group_unitizing_.Add(continuum, all); !s.ok()) {
      return absl::InternalError(s.message());
    }
  }

  if (options_.on_document) options_.on_document(document.score_);
  KeepIfWorst(std::move(document.score_));
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
