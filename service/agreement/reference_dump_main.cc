// Writes random data sets with this library's results as one JSON document
// on stdout, for reference_check.py to recompute with scikit-learn,
// statsmodels and NLTK. Deterministic: the same build prints the same data.
//
// Data sets:
//  - "cohen": two label sequences; CohenKappa of their confusion matrix.
//  - "fleiss": a units x categories count table; FleissKappa.
//  - "alpha": (coder, item, value) triples with missing values;
//    KrippendorffAlpha nominal and interval.
//  - "corpus": random documents with missing and empty layers run through
//    ComputeAgreement, with every layer's token categories, so the
//    aggregation over documents (which documents feed which measure) is
//    checked too.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iterator>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "nlohmann/json.hpp"
#include "service/agreement/agreement.h"
#include "service/agreement/cohen_kappa.h"
#include "service/agreement/fleiss_kappa.h"
#include "service/agreement/krippendorff_alpha.h"
#include "service/agreement/token_categories.h"
#include "service/agreement/word_tokenizer.h"
#include "service/text/utf8.h"

namespace spanlab::agreement {
namespace {

using Json = nlohmann::json;
using Rng = std::mt19937_64;

int Uniform(Rng& rng, int lo, int hi) {  // inclusive
  return std::uniform_int_distribution<int>(lo, hi)(rng);
}

// A category drawn from a skewed distribution, so data sets range from
// near-constant to uniform.
int Skewed(Rng& rng, const std::vector<double>& weights) {
  return std::discrete_distribution<int>(weights.begin(), weights.end())(rng);
}

std::vector<double> RandomWeights(Rng& rng, int k) {
  std::vector<double> w(k);
  for (double& x : w)
    x = std::pow(std::uniform_real_distribution<>(0.01, 1)(rng), 2);
  return w;
}

Json Number(double x) { return std::isfinite(x) ? Json(x) : Json(nullptr); }

Json CohenSets(Rng& rng, int count) {
  Json sets = Json::array();
  for (int s = 0; s < count; ++s) {
    const int k = Uniform(rng, 2, 5);
    const int n = Uniform(rng, 1, 200);
    const std::vector<double> w = RandomWeights(rng, k);
    const double agree = std::uniform_real_distribution<>(0, 1)(rng);
    ConfusionMatrix m(k);
    std::vector<int> y1, y2;
    for (int i = 0; i < n; ++i) {
      const int a = Skewed(rng, w);
      const int b = std::uniform_real_distribution<>(0, 1)(rng) < agree
                        ? a
                        : Skewed(rng, w);
      y1.push_back(a);
      y2.push_back(b);
      m.Add(a, b);
    }
    sets.push_back(
        {{"y1", y1}, {"y2", y2}, {"kappa", Number(CohenKappa(m).kappa)}});
  }
  return sets;
}

Json FleissSets(Rng& rng, int count) {
  Json sets = Json::array();
  for (int s = 0; s < count; ++s) {
    const int k = Uniform(rng, 2, 5);
    const int raters = Uniform(rng, 2, 8);
    const int units = Uniform(rng, 1, 100);
    const std::vector<double> w = RandomWeights(rng, k);
    FleissKappa fleiss(k, raters);
    Json table = Json::array();
    for (int u = 0; u < units; ++u) {
      std::vector<int64_t> counts(k);
      // Each unit has a "true" category most raters pick.
      const int truth = Skewed(rng, w);
      const double p = std::uniform_real_distribution<>(0.2, 1)(rng);
      for (int r = 0; r < raters; ++r) {
        ++counts[std::uniform_real_distribution<>(0, 1)(rng) < p
                     ? truth
                     : Skewed(rng, w)];
      }
      if (!fleiss.AddUnitCounts(counts).ok()) std::abort();
      table.push_back(counts);
    }
    sets.push_back(
        {{"table", table}, {"kappa", Number(fleiss.Compute().kappa)}});
  }
  return sets;
}

Json AlphaSets(Rng& rng, int count) {
  Json sets = Json::array();
  while (static_cast<int>(sets.size()) < count) {
    const int k = Uniform(rng, 2, 5);
    const int coders = Uniform(rng, 2, 6);
    const int items = Uniform(rng, 1, 60);
    const double missing = std::uniform_real_distribution<>(0, 0.6)(rng);
    const std::vector<double> w = RandomWeights(rng, k);
    CoincidenceMatrix matrix(k);
    Json triples = Json::array();
    for (int i = 0; i < items; ++i) {
      const int truth = Skewed(rng, w);
      const double p = std::uniform_real_distribution<>(0, 1)(rng);
      std::vector<int> values;
      for (int c = 0; c < coders; ++c) {
        if (std::uniform_real_distribution<>(0, 1)(rng) < missing) continue;
        const int v = std::uniform_real_distribution<>(0, 1)(rng) < p
                          ? truth
                          : Skewed(rng, w);
        values.push_back(v);
        triples.push_back({c, i, v});
      }
      matrix.AddUnit(values);
    }
    const AlphaResult nominal =
        KrippendorffAlpha(matrix, AlphaMetric::kNominal);
    // NLTK returns 1 for a single value overall and divides by zero when
    // the pairable values do not vary; alpha is undefined there, so such
    // draws are not comparable and are drawn again.
    if (!std::isfinite(nominal.alpha)) continue;
    const AlphaResult interval =
        KrippendorffAlpha(matrix, AlphaMetric::kInterval);
    sets.push_back({{"triples", triples},
                    {"nominal", nominal.alpha},
                    {"interval", Number(interval.alpha)}});
  }
  return sets;
}

constexpr const char* kWords[] = {
    "the",         "minister",  "said",       "\u201Cit",   "is",
    "safe\u201D",  "caf\u00E9", "na\u00EFve", "\U0001F44D", "bridge",
    "M\u00E5rten", "--",        "3.5%",       "don\u2019t", "\u6771\u4EAC",
    "report",      "denied",    "claims",     "."};

Document RandomDocument(Rng& rng, int id,
                        const std::vector<std::string>& annotators,
                        const std::vector<std::string>& labels) {
  Document doc;
  doc.id = "doc" + std::to_string(id);
  const int words = Uniform(rng, 1, 40);
  for (int i = 0; i < words; ++i) {
    if (i > 0) doc.text += Uniform(rng, 0, 6) == 0 ? "\u00A0" : " ";
    doc.text += kWords[Uniform(rng, 0, std::size(kWords) - 1)];
  }
  const int64_t length = CodePointCount(doc.text);
  for (const std::string& who : annotators) {
    const int kind = Uniform(rng, 0, 9);
    if (kind == 0) continue;  // missing layer
    doc.MarkAnnotated(who);   // kind == 1 leaves it empty
    if (kind == 1) continue;
    for (const std::string& label : labels) {
      int64_t pos = Uniform(rng, 0, 8);
      while (pos < length && Uniform(rng, 0, 2) != 0) {
        const int64_t end =
            std::min<int64_t>(length, pos + Uniform(rng, 1, 25));
        doc.AddSpan(who, pos, end, label);
        pos = end + Uniform(rng, 0, 30);
      }
    }
  }
  return doc;
}

Json CorpusSets(Rng& rng, int count) {
  Json sets = Json::array();
  std::unique_ptr<WordTokenizer> tokenizer = *WordTokenizer::Create();
  for (int s = 0; s < count; ++s) {
    AgreementOptions options;
    const int n = Uniform(rng, 2, 4);
    for (int a = 0; a < n; ++a)
      options.annotators.push_back("ann" + std::to_string(a));
    options.labels = {"attributed_claim", "opinion", "disputed"};
    options.labels.resize(Uniform(rng, 1, 3));
    LabelIndex label_index;
    for (size_t l = 0; l < options.labels.size(); ++l) {
      label_index[options.labels[l]] = static_cast<int>(l);
    }
    std::unique_ptr<AgreementComputer> computer =
        *AgreementComputer::Create(options);
    Json documents = Json::array();
    const int docs = Uniform(rng, 1, 25);
    for (int d = 0; d < docs; ++d) {
      const Document doc =
          RandomDocument(rng, d, options.annotators, options.labels);
      if (!computer->Add(doc).ok()) std::abort();
      std::vector<Token> tokens;
      if (!tokenizer->Tokenize(doc.text, &tokens).ok()) std::abort();
      Json layers = Json::object();
      for (const std::string& who : options.annotators) {
        const auto it = doc.layers.find(who);
        if (it == doc.layers.end()) {
          layers[who] = nullptr;
          continue;
        }
        const std::vector<LabeledSpan> spans =
            *PrepareLayer(it->second, CodePointCount(doc.text), label_index,
                          doc.id, who, nullptr);
        std::vector<int> categories;
        AssignTokenCategories(tokens, spans, &categories);
        layers[who] = categories;
      }
      documents.push_back({{"id", doc.id}, {"layers", layers}});
    }
    const AgreementReport report = computer->Report();
    Json pairs = Json::array();
    for (const PairReport& pair : report.pairs) {
      pairs.push_back({{"a", pair.a},
                       {"b", pair.b},
                       {"kappa", Number(pair.cohen_kappa.kappa)},
                       {"units", pair.cohen_kappa.units}});
    }
    sets.push_back({{"annotators", options.annotators},
                    {"categories", options.labels.size() + 1},
                    {"documents", documents},
                    {"pairs", pairs},
                    {"fleiss", Number(report.group.fleiss_kappa.kappa)},
                    {"fleiss_units", report.group.fleiss_kappa.units},
                    {"alpha", Number(report.group.krippendorff_alpha.alpha)}});
  }
  return sets;
}

}  // namespace
}  // namespace spanlab::agreement

int main() {
  using namespace spanlab::agreement;
  Rng rng(20240601);
  nlohmann::json out;
  out["cohen"] = CohenSets(rng, 300);
  out["fleiss"] = FleissSets(rng, 300);
  out["alpha"] = AlphaSets(rng, 300);
  out["corpus"] = CorpusSets(rng, 40);
  // 17 significant digits: doubles survive the trip exactly.
  std::printf("%s\n", out.dump().c_str());
  return 0;
}
