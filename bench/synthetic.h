// A synthetic corpus for the benchmark: news-length documents with the
// characters real articles have (curly quotes, accents, dashes, emoji) and
// non-overlapping spans per annotator that obey the server's rules.
#ifndef SPANLAB_BENCH_SYNTHETIC_H_
#define SPANLAB_BENCH_SYNTHETIC_H_

#include <cstdint>
#include <string>
#include <vector>

namespace spanlab::bench {

struct SyntheticSpan {
  int64_t start = 0;  // Code points.
  int64_t end = 0;
  std::string label;
};

struct SyntheticDocument {
  std::string id;
  std::string text;
  // Code-point offsets of the sentence starts and ends, for span placement.
  std::vector<std::pair<int64_t, int64_t>> sentences;
};

// Deterministic for a given seed.
class SyntheticCorpus {
 public:
  explicit SyntheticCorpus(uint64_t seed) : seed_(seed) {}

  // Document `index`, about `approx_chars` code points long.
  SyntheticDocument Document(int index, int approx_chars = 4500) const;

  // `count` non-overlapping spans for `annotator` on `doc`: each inside one
  // sentence, never starting or ending on white space. Annotators agree on
  // most spans and differ on some, like people do.
  std::vector<SyntheticSpan> Spans(const SyntheticDocument& doc, int annotator,
                                   int count) const;

 private:
  uint64_t seed_;
};

}  // namespace spanlab::bench

#endif  // SPANLAB_BENCH_SYNTHETIC_H_
