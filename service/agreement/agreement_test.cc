#include "service/agreement/agreement.h"

#include <cmath>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "service/agreement/krippendorff_alpha.h"
#include "service/agreement/report_json.h"
#include "service/agreement/token_categories.h"
#include "service/agreement/word_tokenizer.h"

namespace spanlab::agreement {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// Six tokens: [0,3) [4,7) [8,11) [12,15) [16,19) [20,23).
constexpr char kText[] = "aaa bbb ccc ddd eee fff";
constexpr int kNone = kNoneCategory;
constexpr int kClaim = CategoryOfLabel(0);
constexpr int kOpinion = CategoryOfLabel(1);

AgreementOptions Options() {
  AgreementOptions options;
  options.annotators = {"alice", "bob", "carol"};
  options.labels = {"claim", "opinion"};
  return options;
}

Document Doc(const std::string& id) {
  Document doc;
  doc.id = id;
  doc.text = kText;
  return doc;
}

AgreementReport MustCompute(const std::vector<Document>& docs,
                            const AgreementOptions& options = Options()) {
  absl::StatusOr<AgreementReport> report = ComputeAgreement(docs, options);
  EXPECT_TRUE(report.ok()) << report.status();
  return report.ok() ? *std::move(report) : AgreementReport{};
}

const PairReport& FindPair(const AgreementReport& report, const std::string& a,
                           const std::string& b) {
  for (const PairReport& pair : report.pairs) {
    if (pair.a == a && pair.b == b) return pair;
  }
  ADD_FAILURE() << "no pair " << a << ", " << b;
  return report.pairs.front();
}

TEST(ComputeAgreementTest, IdenticalLayersAgreePerfectly) {
  Document doc = Doc("d1");
  for (const char* who : {"alice", "bob", "carol"}) {
    doc.AddSpan(who, 0, 7, "claim");
    doc.AddSpan(who, 12, 15, "opinion");
  }
  const AgreementReport report = MustCompute({doc});
  ASSERT_EQ(report.pairs.size(), 3u);
  for (const PairReport& pair : report.pairs) {
    EXPECT_EQ(pair.exact.overall.F1(), 1.0);
    EXPECT_EQ(pair.overlap.overall.F1(), 1.0);
    EXPECT_EQ(pair.cohen_kappa.kappa, 1.0);
    EXPECT_EQ(pair.unitizing_alpha.alpha, 1.0);
  }
  EXPECT_EQ(report.group.fleiss_kappa.kappa, 1.0);
  EXPECT_EQ(report.group.krippendorff_alpha.alpha, 1.0);
  EXPECT_EQ(report.group.unitizing_alpha.alpha, 1.0);
  EXPECT_THAT(report.categories, ElementsAre("none", "claim", "opinion"));
  EXPECT_EQ(report.tokens_compared, 6);
}

TEST(ComputeAgreementTest, MissingLayerIsMissingDataEmptyLayerIsNone) {
  // d1: carol did not annotate. d2: carol annotated and found nothing.
  Document d1 = Doc("d1");
  d1.AddSpan("alice", 0, 7, "claim");
  d1.AddSpan("bob", 0, 7, "claim");
  Document d2 = Doc("d2");
  d2.AddSpan("alice", 8, 11, "opinion");
  d2.AddSpan("bob", 8, 11, "opinion");
  d2.MarkAnnotated("carol");

  AgreementReport report = MustCompute({d1, d2});
  EXPECT_EQ(FindPair(report, "alice", "bob").documents, 2);
  const PairReport& with_carol = FindPair(report, "alice", "carol");
  EXPECT_EQ(with_carol.documents, 1);
  EXPECT_EQ(with_carol.tokens, 6);
  EXPECT_EQ(with_carol.confusion.count(kOpinion, kNone), 1);
  EXPECT_EQ(with_carol.confusion.count(kNone, kNone), 5);
  EXPECT_EQ(with_carol.overlap.overall.a_spans, 1);
  EXPECT_EQ(with_carol.overlap.overall.b_spans, 0);
  EXPECT_EQ(with_carol.overlap.overall.F1(), 0.0);
  // Fleiss and group alpha_U: d2 only. Krippendorff: both documents, d1's
  // tokens with two values each, d2's with three.
  EXPECT_EQ(report.group.documents_annotated_by_all, 1);
  EXPECT_EQ(report.group.fleiss_kappa.units, 6);
  EXPECT_EQ(report.group.unitizing_alpha.continua, 1);
  EXPECT_EQ(report.group.krippendorff_alpha.pairable_units, 12);
  EXPECT_EQ(report.group.krippendorff_alpha.pairable_values, 6 * 2 + 6 * 3);
  EXPECT_EQ(report.annotator_summaries[2].documents, 1);
  const double alpha_with_missing = report.group.krippendorff_alpha.alpha;

  // Had carol read d1 and found nothing, that would be disagreement.
  d1.MarkAnnotated("carol");
  report = MustCompute({d1, d2});
  EXPECT_EQ(FindPair(report, "alice", "carol").documents, 2);
  EXPECT_EQ(report.group.fleiss_kappa.units, 12);
  EXPECT_EQ(report.group.krippendorff_alpha.pairable_values, 36);
  EXPECT_LT(report.group.krippendorff_alpha.alpha, alpha_with_missing);

  // Without carol anywhere, her pairs have no data at all.
  d1.layers.erase("carol");
  d2.layers.erase("carol");
  report = MustCompute({d1, d2});
  EXPECT_EQ(FindPair(report, "bob", "carol").documents, 0);
  EXPECT_TRUE(std::isnan(FindPair(report, "bob", "carol").cohen_kappa.kappa));
  EXPECT_TRUE(std::isnan(report.group.fleiss_kappa.kappa));
  EXPECT_EQ(report.group.documents_annotated_by_all, 0);
  EXPECT_EQ(report.group.krippendorff_alpha.alpha, 1.0);
}

TEST(ComputeAgreementTest, FiltersAnnotatorsLabelsAndDocuments) {
  Document d1 = Doc("d1");
  d1.AddSpan("alice", 0, 3, "claim");
  d1.AddSpan("alice", 4, 7, "sarcasm");
  d1.AddSpan("bob", 0, 3, "claim");
  d1.AddSpan("dave", 16, 19, "opinion");  // not compared
  Document d2 = Doc("d2");
  d2.AddSpan("alice", 0, 3, "claim");
  d2.AddSpan("bob", 4, 7, "claim");
  AgreementOptions options = Options();
  options.annotators = {"alice", "bob"};
  options.documents = {"d1"};
  const AgreementReport report = MustCompute({d1, d2}, options);
  EXPECT_EQ(report.documents_seen, 2);
  EXPECT_EQ(report.documents_filtered, 1);
  EXPECT_EQ(report.documents_compared, 1);
  EXPECT_EQ(report.spans_ignored, 1);
  ASSERT_EQ(report.pairs.size(), 1u);
  EXPECT_EQ(report.pairs[0].exact.overall.F1(), 1.0);
  EXPECT_EQ(report.pairs[0].confusion.count(kNone, kNone), 5);
  EXPECT_EQ(report.pairs[0].confusion.count(kClaim, kClaim), 1);
}

TEST(ComputeAgreementTest, PairsFollowTheAnnotatorOrder) {
  // Each pair gets a different number of shared documents, so a wrong
  // pair index would show.
  AgreementOptions options;
  options.annotators = {"w", "x", "y", "z"};
  options.labels = {"claim"};
  std::vector<Document> docs;
  int n = 0;
  for (int i = 0; i < 4; ++i) {
    for (int j = i + 1; j < 4; ++j) {
      ++n;
      for (int k = 0; k < n; ++k) {
        Document doc = Doc("d" + std::to_string(docs.size()));
        doc.MarkAnnotated(options.annotators[i]);
        doc.MarkAnnotated(options.annotators[j]);
        docs.push_back(doc);
      }
    }
  }
  const AgreementReport report = MustCompute(docs, options);
  n = 0;
  ASSERT_EQ(report.pairs.size(), 6u);
  for (int i = 0; i < 4; ++i) {
    for (int j = i + 1; j < 4; ++j) {
      const PairReport& pair = report.pairs[n++];
      EXPECT_EQ(pair.a, options.annotators[i]);
      EXPECT_EQ(pair.b, options.annotators[j]);
      EXPECT_EQ(pair.documents, n);
    }
  }
}

TEST(ComputeAgreementTest, CodePointOffsetsOnNonAsciiText) {
  // “Mårten” is code points [0, 8); "said" [9, 13); 👍 [14, 15); "yes"
  // [16, 19). In bytes "said" would start at 13.
  Document doc;
  doc.id = "unicode";
  doc.text = "\u201CM\u00E5rten\u201D said \U0001F44D yes";
  doc.AddSpan("alice", 9, 13, "claim");
  doc.AddSpan("bob", 9, 13, "claim");
  doc.AddSpan("alice", 16, 19, "opinion");
  doc.AddSpan("bob", 14, 19, "opinion");  // includes the emoji
  AgreementOptions options = Options();
  options.annotators = {"alice", "bob"};
  const AgreementReport report = MustCompute({doc}, options);
  const PairReport& pair = report.pairs[0];
  EXPECT_EQ(pair.tokens, 3);  // Mårten, said, yes
  EXPECT_EQ(pair.confusion.count(kNone, kNone), 1);
  EXPECT_EQ(pair.confusion.count(kClaim, kClaim), 1);
  EXPECT_EQ(pair.confusion.count(kOpinion, kOpinion), 1);
  EXPECT_EQ(pair.exact.overall.matched, 1);
  EXPECT_EQ(pair.overlap.overall.matched, 2);
  EXPECT_EQ(pair.cohen_kappa.kappa, 1.0);
  // The character-level measure sees the one code point of difference.
  EXPECT_LT(pair.unitizing_alpha.per_category[1].alpha, 1.0);
  EXPECT_EQ(pair.unitizing_alpha.per_category[0].alpha, 1.0);
}

TEST(ComputeAgreementTest, InvalidDocumentChangesNothing) {
  Document good = Doc("good");
  good.AddSpan("alice", 0, 3, "claim");
  good.MarkAnnotated("bob");
  Document overlapping = Doc("bad");
  overlapping.AddSpan("alice", 0, 7, "claim");
  overlapping.AddSpan("alice", 4, 11, "claim");
  overlapping.MarkAnnotated("bob");
  Document past_end = Doc("bad2");
  past_end.AddSpan("carol", 20, 24, "opinion");
  past_end.MarkAnnotated("bob");
  Document bad_utf8 = Doc("bad3");
  bad_utf8.text = "caf\xC3";
  bad_utf8.MarkAnnotated("alice");

  absl::StatusOr<std::unique_ptr<AgreementComputer>> computer =
      AgreementComputer::Create(Options());
  ASSERT_TRUE(computer.ok());
  ASSERT_TRUE((*computer)->Add(good).ok());
  const std::string before = ReportToJsonString((*computer)->Report());
  for (const Document* bad : {&overlapping, &past_end, &bad_utf8}) {
    const absl::Status status = (*computer)->Add(*bad);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(status.message(), HasSubstr(bad->id));
  }
  EXPECT_EQ(ReportToJsonString((*computer)->Report()), before);
}

TEST(ComputeAgreementTest, WorstDocumentsAndCallback) {
  std::vector<Document> docs;
  // d0 agrees fully; d1..d3 increasingly disagree; d4 has one annotator.
  for (int i = 0; i < 5; ++i) {
    Document doc = Doc("d" + std::to_string(i));
    doc.AddSpan("alice", 0, 11, "claim");
    if (i < 4) doc.AddSpan("bob", 0, 11 - 4 * std::min(i, 2), "claim");
    if (i == 3) doc.AddSpan("bob", 12, 23, "opinion");
    docs.push_back(doc);
  }
  AgreementOptions options = Options();
  options.max_worst_documents = 2;
  std::vector<std::string> called;
  options.on_document = [&](const DocumentScore& score) {
    called.push_back(score.id);
  };
  const AgreementReport report = MustCompute(docs, options);
  EXPECT_THAT(called, ElementsAre("d0", "d1", "d2", "d3"));
  EXPECT_EQ(report.documents_compared, 4);
  ASSERT_EQ(report.worst_documents.size(), 2u);
  EXPECT_EQ(report.worst_documents[0].id, "d3");
  EXPECT_EQ(report.worst_documents[1].id, "d2");
  EXPECT_LT(report.worst_documents[0].token_alpha,
            report.worst_documents[1].token_alpha);
  EXPECT_EQ(report.worst_documents[0].annotators, 2);
  EXPECT_EQ(report.worst_documents[0].tokens, 6);
}

TEST(ComputeAgreementTest, StreamingEqualsBatchAndReportIsRepeatable) {
  std::vector<Document> docs;
  for (int i = 0; i < 6; ++i) {
    Document doc = Doc("d" + std::to_string(i));
    doc.AddSpan("alice", 4 * (i % 3), 4 * (i % 3) + 3, "claim");
    doc.AddSpan("bob", 4 * (i % 2), 4 * (i % 2) + 7,
                i % 2 ? "claim" : "opinion");
    if (i % 2) doc.AddSpan("carol", 16, 23, "opinion");
    docs.push_back(doc);
  }
  const std::string batch = ReportToJsonString(MustCompute(docs));
  absl::StatusOr<std::unique_ptr<AgreementComputer>> computer =
      AgreementComputer::Create(Options());
  ASSERT_TRUE(computer.ok());
  for (const Document& doc : docs) ASSERT_TRUE((*computer)->Add(doc).ok());
  EXPECT_EQ(ReportToJsonString((*computer)->Report()), batch);
  EXPECT_EQ(ReportToJsonString((*computer)->Report()), batch);
}

TEST(ComputeAgreementTest, RejectsBadOptions) {
  AgreementOptions options = Options();
  options.annotators = {"alice"};
  EXPECT_EQ(AgreementComputer::Create(options).status().code(),
            absl::StatusCode::kInvalidArgument);
  options = Options();
  options.annotators = {"alice", "bob", "alice"};
  EXPECT_EQ(AgreementComputer::Create(options).status().code(),
            absl::StatusCode::kInvalidArgument);
  options = Options();
  options.labels = {};
  EXPECT_EQ(AgreementComputer::Create(options).status().code(),
            absl::StatusCode::kInvalidArgument);
  options = Options();
  options.labels = {"claim", "none"};
  EXPECT_EQ(AgreementComputer::Create(options).status().code(),
            absl::StatusCode::kInvalidArgument);
}

// Random documents over `annotators`: missing, empty and full layers, spans
// of every label (some touching or overlapping across labels, some with a
// label nobody compares) on text with multi-byte code points.
std::vector<Document> RandomDocuments(
    int count, const std::vector<std::string>& annotators, std::mt19937* rng) {
  const std::vector<std::string> words = {
      "the", "minister",  "said",       "\u201Cit",
      "is",  "caf\u00E9", "\U0001F44D", "M\u00E5rten",
      "--",  "3.5%",      "don\u2019t", "\u6771\u4EAC",
      "."};
  const auto uniform = [&](int lo, int hi) {
    return std::uniform_int_distribution<int>(lo, hi)(*rng);
  };
  std::vector<Document> docs;
  for (int d = 0; d < count; ++d) {
    Document doc;
    doc.id = "d" + std::to_string(d);
    const int n = uniform(0, 60);
    int64_t length = 0;
    for (int w = 0; w < n; ++w) {
      if (w > 0) doc.text += uniform(0, 5) == 0 ? "\u00A0" : " ";
      doc.text += words[uniform(0, words.size() - 1)];
    }
    for (unsigned char c : doc.text) length += (c & 0xC0) != 0x80;
    for (const std::string& who : annotators) {
      const int kind = uniform(0, 9);
      if (kind == 0) continue;
      doc.MarkAnnotated(who);
      if (kind == 1) continue;
      for (const char* label : {"claim", "opinion", "other"}) {
        int64_t pos = uniform(0, 6);
        while (pos < length && uniform(0, 2) != 0) {
          const int64_t end = std::min<int64_t>(length, pos + uniform(1, 20));
          doc.AddSpan(who, pos, end, label);
          pos = end + uniform(0, 15);
        }
      }
    }
    docs.push_back(std::move(doc));
  }
  return docs;
}

TEST(ComputeAgreementTest, PreparedOnThreadsEqualsAddInOrder) {
  std::mt19937 rng(7);
  AgreementOptions options = Options();
  options.max_worst_documents = 5;
  std::vector<Document> docs = RandomDocuments(60, options.annotators, &rng);
  docs[7].text = "caf\xC3";  // invalid UTF-8: both ways reject it
  options.documents = {};
  std::vector<std::string> scores_in_order;
  options.on_document = [&](const DocumentScore& s) {
    scores_in_order.push_back(s.id);
  };

  absl::StatusOr<std::unique_ptr<AgreementComputer>> one =
      AgreementComputer::Create(options);
  ASSERT_TRUE(one.ok());
  std::vector<absl::Status> added;
  for (const Document& doc : docs) added.push_back((*one)->Add(doc));
  const std::string expected = ReportToJsonString((*one)->Report());
  const std::vector<std::string> expected_scores = scores_in_order;
  scores_in_order.clear();

  absl::StatusOr<std::unique_ptr<AgreementComputer>> two =
      AgreementComputer::Create(options);
  ASSERT_TRUE(two.ok());
  std::vector<absl::StatusOr<PreparedDocument>> prepared(docs.size());
  std::vector<std::thread> threads;
  for (int t = 0; t < 2; ++t) {
    threads.emplace_back([&, t] {
      std::unique_ptr<WordTokenizer> tokenizer = *WordTokenizer::Create();
      for (size_t i = t; i < docs.size(); i += 2) {
        prepared[i] = (*two)->Prepare(docs[i], tokenizer.get());
      }
    });
  }
  for (std::thread& t : threads) t.join();
  for (size_t i = 0; i < docs.size(); ++i) {
    ASSERT_EQ(prepared[i].status(), added[i]) << docs[i].id;
    if (prepared[i].ok()) {
      ASSERT_TRUE((*two)->Add(*std::move(prepared[i])).ok());
    }
  }
  EXPECT_FALSE(added[7].ok());
  EXPECT_EQ(ReportToJsonString((*two)->Report()), expected);
  EXPECT_EQ(scores_in_order, expected_scores);
}

TEST(ComputeAgreementTest, PreparedDocumentBelongsToItsComputer) {
  absl::StatusOr<std::unique_ptr<AgreementComputer>> a =
      AgreementComputer::Create(Options());
  absl::StatusOr<std::unique_ptr<AgreementComputer>> b =
      AgreementComputer::Create(Options());
  ASSERT_TRUE(a.ok() && b.ok());
  Document doc = Doc("d1");
  doc.AddSpan("alice", 0, 3, "claim");
  doc.MarkAnnotated("bob");
  std::unique_ptr<WordTokenizer> tokenizer = *WordTokenizer::Create();
  absl::StatusOr<PreparedDocument> prepared =
      (*a)->Prepare(doc, tokenizer.get());
  ASSERT_TRUE(prepared.ok());
  const std::string before = ReportToJsonString((*b)->Report());
  EXPECT_EQ((*b)->Add(*std::move(prepared)).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ReportToJsonString((*b)->Report()), before);
}

TEST(ComputeAgreementTest, TrustedTextIsNotCheckedAgain) {
  Document doc = Doc("d1");
  doc.text = "caf\xC3 ok";
  doc.AddSpan("alice", 0, 3, "claim");
  doc.MarkAnnotated("bob");
  AgreementOptions options = Options();
  EXPECT_EQ(ComputeAgreement({doc}, options).status().code(),
            absl::StatusCode::kInvalidArgument);
  options.text_is_valid_utf8 = true;
  absl::StatusOr<AgreementReport> report = ComputeAgreement({doc}, options);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->documents_compared, 1);
}

// With more layers than fit the table of category combinations, tokens are
// counted one at a time; the token measures must not notice.
TEST(ComputeAgreementTest, ManyLayersTokenMeasures) {
  std::mt19937 rng(11);
  AgreementOptions options;
  for (int a = 0; a < 8; ++a)
    options.annotators.push_back("a" + std::to_string(a));
  options.labels = {"claim", "opinion"};
  LabelIndex labels = {{"claim", 0}, {"opinion", 1}};
  const std::vector<Document> docs =
      RandomDocuments(30, options.annotators, &rng);
  const AgreementReport report = MustCompute(docs, options);

  // The same measures straight from each token's categories.
  std::unique_ptr<WordTokenizer> tokenizer = *WordTokenizer::Create();
  CoincidenceMatrix coincidence(3);
  int64_t tokens = 0;
  std::vector<ConfusionMatrix> confusion(28, ConfusionMatrix(3));
  for (const Document& doc : docs) {
    std::vector<Token> t;
    ASSERT_TRUE(tokenizer->Tokenize(doc.text, &t).ok());
    int64_t length = 0;
    for (unsigned char c : doc.text) length += (c & 0xC0) != 0x80;
    std::vector<int> present;
    std::vector<std::vector<int>> categories;
    for (int a = 0; a < 8; ++a) {
      auto it = doc.layers.find(options.annotators[a]);
      if (it == doc.layers.end()) continue;
      auto spans =
          PrepareLayer(it->second, length, labels, doc.id, it->first, nullptr);
      ASSERT_TRUE(spans.ok());
      present.push_back(a);
      AssignTokenCategories(t, *spans, &categories.emplace_back());
    }
    if (present.size() < 2) continue;
    tokens += t.size();
    for (size_t i = 0; i < t.size(); ++i) {
      std::vector<int> values;
      for (const auto& c : categories) values.push_back(c[i]);
      coincidence.AddUnit(values);
      for (size_t x = 0; x < present.size(); ++x) {
        for (size_t y = x + 1; y < present.size(); ++y) {
          const int a = present[x], b = present[y];
          confusion[a * 8 - a * (a + 1) / 2 + (b - a - 1)].Add(values[x],
                                                               values[y]);
        }
      }
    }
  }
  EXPECT_EQ(report.tokens_compared, tokens);
  const AlphaResult alpha =
      KrippendorffAlpha(coincidence, AlphaMetric::kNominal);
  EXPECT_EQ(report.group.krippendorff_alpha.alpha, alpha.alpha);
  EXPECT_EQ(report.group.krippendorff_alpha.pairable_values,
            alpha.pairable_values);
  ASSERT_EQ(report.pairs.size(), 28u);
  for (size_t p = 0; p < 28; ++p) {
    for (int r = 0; r < 3; ++r) {
      for (int c = 0; c < 3; ++c) {
        EXPECT_EQ(report.pairs[p].confusion.count(r, c),
                  confusion[p].count(r, c));
      }
    }
  }
}

}  // namespace
}  // namespace spanlab::agreement
