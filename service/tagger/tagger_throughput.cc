// Measures tagging throughput on one thread: articles per second and MB/s.
//
//   tagger_throughput [--seconds=S] [article.txt ...]
//
// Without files it uses the articles of the shared corpus
// (SPANLAB_SHARED_CORPUS/g20-2017) when present, else a built-in sample.
// Each pass tags every article once; passes repeat for about S seconds
// (default 3).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/strip.h"
#include "service/tagger/tagger.h"

namespace {

constexpr char kSample[] =
    "Harbour deal signed\n"
    "\u201CThe deal is done,\u201D Mayor Lena Ortiz said. \u201CNow we "
    "build.\u201D\n"
    "According to the port, the cranes arrive in May. The union warned that "
    "jobs would go, but the port denied that any cuts were planned.\n"
    "To no one\u2019s surprise, the council eagerly agreed. That is as it "
    "should be.\n"
    "Officials said the Dock Syndicate was behind the delays. The Dock "
    "Syndicate has denied any involvement.\n";

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

int main(int argc, char** argv) {
  double seconds = 3;
  std::vector<std::string> articles;
  for (int i = 1; i < argc; ++i) {
    absl::string_view arg = argv[i];
    if (absl::ConsumePrefix(&arg, "--seconds=")) {
      if (!absl::SimpleAtod(arg, &seconds) || seconds <= 0) {
        std::fprintf(stderr, "tagger_throughput: bad --seconds\n");
        return 2;
      }
    } else {
      articles.push_back(ReadFile(argv[i]));
    }
  }
  if (articles.empty()) {
    const std::filesystem::path dir =
        std::filesystem::path(SPANLAB_SHARED_CORPUS) / "g20-2017";
    if (std::filesystem::exists(dir)) {
      for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        if (entry.path().extension() == ".txt") {
          articles.push_back(ReadFile(entry.path()));
        }
      }
    }
    if (articles.empty()) articles.push_back(kSample);
  }
  size_t bytes = 0;
  for (const std::string& a : articles) bytes += a.size();

  const spanlab::tagger::Tagger tagger;
  size_t spans = 0;
  for (const std::string& a : articles) spans += tagger.Tag(a).size();  // Warm.

  using Clock = std::chrono::steady_clock;
  const Clock::time_point start = Clock::now();
  double elapsed = 0;
  size_t passes = 0;
  while (elapsed < seconds) {
    for (const std::string& a : articles) spans += tagger.Tag(a).size();
    ++passes;
    elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  }
  const double docs = static_cast<double>(passes * articles.size());
  std::printf(
      "%zu articles (%.1f KB on average), %zu passes in %.2f s on one "
      "thread:\n  %.0f articles/s, %.1f MB/s, %.1f us per article\n",
      articles.size(), bytes / 1024.0 / articles.size(), passes, elapsed,
      docs / elapsed, passes * bytes / elapsed / 1e6, elapsed / docs * 1e6);
  return spans > 0 ? 0 : 1;
}
