// Inter-annotator agreement of a set of documents: the entry point that
// runs every measure of this folder and returns one AgreementReport.
//
//   AgreementOptions options;
//   options.annotators = {"alice", "bob", "carol"};
//   options.labels = {"attributed_claim", "opinion", "disputed"};
//   ASSIGN_OR_RETURN(auto computer, AgreementComputer::Create(options));
//   for (each stored document) RETURN_IF_ERROR(computer->Add(document));
//   AgreementReport report = computer->Report();
//
// Streaming: Add looks at one document and folds it into fixed-size
// accumulators (confusion and coincidence matrices, span counts, length
// histograms for alpha_U, a bounded list of worst documents), so memory is
// one document plus the accumulators however many documents there are.
//
// Per document, for the annotators in the options that have a layer:
//  - spans are matched pairwise, exactly and by overlap (span_match.h);
//  - the text is cut into ICU word tokens (word_tokenizer.h), each token
//    gets a category per annotator: "none" or the label of the span that
//    covers it (token_categories.h); Cohen's kappa per pair, Fleiss' kappa
//    and Krippendorff's alpha (nominal) for the group are computed on those
//    tokens;
//  - Krippendorff's alpha_U is computed on the code points
//    (unitizing_alpha.h), per pair and for the group.
// Which documents feed which measure, given missing layers:
//  - a pair: the documents both annotated;
//  - Krippendorff's alpha: every document at least two annotated, each
//    absent annotator a missing value, as alpha prescribes;
//  - Fleiss' kappa and group alpha_U: the documents every annotator
//    annotated, the only ones where their definitions (a fixed number of
//    raters per unit; every rater unitizes the whole continuum) hold.
#ifndef SPANLAB_SERVICE_AGREEMENT_AGREEMENT_H_
#define SPANLAB_SERVICE_AGREEMENT_AGREEMENT_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <queue>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "service/agreement/confusion_matrix.h"
#include "service/agreement/document.h"
#include "service/agreement/fleiss_kappa.h"
#include "service/agreement/krippendorff_alpha.h"
#include "service/agreement/report.h"
#include "service/agreement/span_match.h"
#include "service/agreement/unitizing_alpha.h"
#include "service/agreement/word_tokenizer.h"

namespace spanlab::agreement {

struct AgreementOptions {
  // The annotators compared: at least two, no duplicates. Layers of anyone
  // else are ignored. The order fixes the order of pairs in the report.
  std::vector<std::string> annotators;
  // The labels compared: at least one, no duplicates, none spelled "none"
  // (the token category of unlabeled text). Spans with other labels are
  // ignored, as if they were not there.
  std::vector<std::string> labels;
  // If not empty, only documents with these ids are used; the others are
  // counted in AgreementReport::documents_filtered and otherwise ignored.
  absl::flat_hash_set<std::string> documents;
  // How many of the worst documents the report keeps.
  int max_worst_documents = 20;
  // If set, called with the score of every compared document as it is
  // added, for callers who want them all without holding them all.
  std::function<void(const DocumentScore&)> on_document;
  // Set when every document's text is known to be valid UTF-8 (spanlab's
  // store checks it at import) to skip checking it again. Offsets into text
  // that is not valid UTF-8 come out meaningless (invalid bytes count as
  // code points); nothing else goes wrong.
  bool text_is_valid_utf8 = false;
};

class AgreementComputer;

// One document with its per-document work done (validation, tokens, token
// categories, span matching, unitizing), ready for
// AgreementComputer::Add(PreparedDocument). Small: counts and spans, not
// the text or its tokens.
class PreparedDocument {
 public:
  PreparedDocument(PreparedDocument&&) = default;
  PreparedDocument& operator=(PreparedDocument&&) = default;

 private:
  friend class AgreementComputer;

  // A compared pair's share of the document.
  struct Pair {
    int index;  // into the report's pairs
    int x, y;   // positions of its two layers among `present`
    std::vector<MatchCounts> exact, overlap;  // per label
    ConfusionMatrix confusion;
  };

  PreparedDocument() = default;

  const AgreementComputer* computer_ = nullptr;
  bool filtered_ = false;
  int64_t spans_ignored_ = 0;
  // Annotator index of each layer present, increasing, and its spans per
  // label.
  std::vector<int> present_;
  std::vector<std::vector<int64_t>> spans_per_label_;
  // The rest only when two or more layers are present.
  int64_t tokens_ = 0;
  std::vector<Pair> pairs_;
  CoincidenceMatrix coincidence_;
  std::optional<UnitizedContinuum> continuum_;
  // Only when every annotator's layer is present.
  std::optional<FleissKappa> fleiss_;
  DocumentScore score_;
};

// One per computation. Add and Report are not thread-safe; Prepare is.
class AgreementComputer {
 public:
  // INVALID_ARGUMENT if the options break the rules above; INTERNAL if ICU
  // cannot create its word break iterator.
  static absl::StatusOr<std::unique_ptr<AgreementComputer>> Create(
      AgreementOptions options);

  // Folds one document in. INVALID_ARGUMENT, leaving every accumulator as
  // it was, if the text is not valid UTF-8 or a span of a compared layer
  // and label is out of range or overlaps another span of its label in its
  // layer (document.h).
  absl::Status Add(const Document& document);

  // Add in two steps, so that the expensive per-document part can run on
  // several threads while the accumulators stay single-threaded:
  // Add(*Prepare(d, t)) is Add(d), and prepared documents added in the same
  // order as the documents give the same report. Prepare does not change
  // the computer: any number of threads may call it at once, each with its
  // own tokenizer, also while another thread calls Add. It fails as Add
  // would for the document.
  absl::StatusOr<PreparedDocument> Prepare(const Document& document,
                                           WordTokenizer* tokenizer) const;
  // INVALID_ARGUMENT, changing nothing, if `document` was prepared by
  // another computer.
  absl::Status Add(PreparedDocument document);

  // The report of the documents added so far. Cheap relative to Add; may be
  // called more than once.
  AgreementReport Report() const;

 private:
  struct WorseFirst {
    bool operator()(const DocumentScore& a, const DocumentScore& b) const;
  };

  AgreementComputer(AgreementOptions options,
                    std::unique_ptr<WordTokenizer> tokenizer);
  int PairIndex(int i, int j) const;
  void KeepIfWorst(DocumentScore score);

  AgreementOptions options_;
  LabelIndex label_index_;
  std::unique_ptr<WordTokenizer> tokenizer_;

  int64_t documents_seen_ = 0;
  int64_t documents_filtered_ = 0;
  int64_t documents_compared_ = 0;
  int64_t documents_by_all_ = 0;
  int64_t tokens_compared_ = 0;
  int64_t spans_ignored_ = 0;
  std::vector<AnnotatorSummary> summaries_;
  std::vector<PairReport> pairs_;
  std::vector<UnitizingAlpha> pair_unitizing_;
  CoincidenceMatrix coincidence_;
  FleissKappa fleiss_;
  UnitizingAlpha group_unitizing_;
  // Max-heap on "least bad" so the best of the kept documents is dropped
  // first when a worse one arrives.
  std::priority_queue<DocumentScore, std::vector<DocumentScore>, WorseFirst>
      worst_;
};

// Convenience: all of `documents` through one AgreementComputer.
absl::StatusOr<AgreementReport> ComputeAgreement(
    absl::Span<const Document> documents, const AgreementOptions& options);

}  // namespace spanlab::agreement

#endif  // SPANLAB_SERVICE_AGREEMENT_AGREEMENT_H_
