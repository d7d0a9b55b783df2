#include "bench/tagger_throughput.h"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "bench/latency.h"
#include "service/tagger/tagger.h"

namespace spanlab::bench {

absl::StatusOr<Throughput> TaggerThroughput(const std::string& dir,
                                            double seconds) {
  std::vector<std::string> articles;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.path().extension() != ".txt") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    articles.push_back(text.str());
  }
  if (articles.empty()) {
    return absl::NotFoundError(absl::StrCat("no .txt articles in ", dir));
  }
  const tagger::Tagger tagger;
  using Clock = std::chrono::steady_clock;
  Latencies latencies;
  const auto start = Clock::now();
  const auto end = start + std::chrono::duration<double>(seconds);
  size_t suggestions = 0;
  for (size_t i = 0; Clock::now() < end || i < articles.size(); ++i) {
    const auto t0 = Clock::now();
    suggestions += tagger.Tag(articles[i % articles.size()]).size();
    latencies.Add(
        std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - t0)
            .count());
  }
  Throughput t;
  t.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  t.operations = static_cast<int64_t>(latencies.count());
  t.p50_ms = latencies.QuantileMs(0.5);
  t.p99_ms = latencies.QuantileMs(0.99);
  t.p999_ms = latencies.QuantileMs(0.999);
  if (suggestions == 0) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the tagger found nothing in ", dir, "; these are not news articles"));
  }
  return t;
}

}  // namespace spanlab::bench
