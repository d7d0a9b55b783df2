// Google Benchmark micro-benchmarks of the hot pure functions.
#include <string>

#include "bench/synthetic.h"
#include "benchmark/benchmark.h"
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

}  // namespace
}  // namespace spanlab::bench

BENCHMARK_MAIN();
