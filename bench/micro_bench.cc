// Google Benchmark micro-benchmarks of the hot pure functions.
#include <string>

#include "absl/strings/str_cat.h"
#include "bench/synthetic.h"
#include "benchmark/benchmark.h"
#include "service/agreement/agreement.h"
#include "service/tagger/tagger.h"
#include "service/text/utf8.h"
#include "storage/key_encoding.h"
#include "storage/keys.h"

namespace spanlab::bench {
namespace {

void BM_AnnotationKey(benchmark::State& state) {
  uint64_t id = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        keys::Annotation("news-project", "doc-12345", ++id));
  }
}
BENCHMARK(BM_AnnotationKey);

void BM_KeyDecode(benchmark::State& state) {
  const std::string key = keys::Annotation("news-project", "doc-12345", 77);
  for (auto _ : state) {
    KeyReader r(key);
    std::string project, doc;
    uint64_t id;
    benchmark::DoNotOptimize(r.ReadString(&project).ok() &&
                             r.ReadString(&doc).ok() && r.ReadUint64(&id).ok());
  }
}
BENCHMARK(BM_KeyDecode);

const std::string& Article() {
  static const std::string* text =
      new std::string(SyntheticCorpus(1).Document(0).text);
  return *text;
}

void BM_ValidateUtf8(benchmark::State& state) {
  for (auto _ : state) {
    benchmark::DoNotOptimize(IsValidUtf8(Article()));
  }
  state.SetBytesProcessed(state.iterations() * Article().size());
}
BENCHMARK(BM_ValidateUtf8);

void BM_Utf8IndexBuild(benchmark::State& state) {
  for (auto _ : state) {
    Utf8Index index(Article());
    benchmark::DoNotOptimize(index.size());
  }
  state.SetBytesProcessed(state.iterations() * Article().size());
}
BENCHMARK(BM_Utf8IndexBuild);

void BM_CodePointToByteOffset(benchmark::State& state) {
  const Utf8Index index(Article());
  int64_t cp = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(index.ByteOffset(cp));
    cp = (cp + 977) % index.size();
  }
}
BENCHMARK(BM_CodePointToByteOffset);

// Agreement of three layers on one news-length document: tokenising,
// token categories, span matching and every accumulator.
void BM_AgreementOneDocument(benchmark::State& state) {
  SyntheticCorpus corpus(3);
  const SyntheticDocument doc = corpus.Document(0);
  agreement::Document d;
  d.id = doc.id;
  d.text = doc.text;
  agreement::AgreementOptions options;
  options.labels = {"attributed_claim", "opinion", "disputed"};
  for (int a = 0; a < 3; ++a) {
    const std::string name = absl::StrCat("annotator-", a);
    options.annotators.push_back(name);
    d.MarkAnnotated(name);
    for (const auto& s : corpus.Spans(doc, a, 20)) {
      d.AddSpan(name, s.start, s.end, s.label);
    }
  }
  auto computer = agreement::AgreementComputer::Create(options);
  for (auto _ : state) {
    benchmark::DoNotOptimize((*computer)->Add(d).ok());
  }
}
BENCHMARK(BM_AgreementOneDocument);

// The tagger on one article written like news (quotes, cues, a denial).
void BM_TaggerOneArticle(benchmark::State& state) {
  static const tagger::Tagger* const kTagger = new tagger::Tagger();
  std::string article;
  for (int i = 0; i < 12; ++i) {
    absl::StrAppend(
        &article, "“The talks went well,” Minister Ana Núñez told reporters ",
        "on Tuesday. The opposition denied that any deal was reached. ",
        "According to the council, the budget was doubled twice. To no ",
        "one’s surprise, the session ran long — again. ");
  }
  for (auto _ : state) {
    benchmark::DoNotOptimize(kTagger->Tag(article));
  }
  state.SetBytesProcessed(state.iterations() * article.size());
}
BENCHMARK(BM_TaggerOneArticle);

}  // namespace
}  // namespace spanlab::bench

BENCHMARK_MAIN();
