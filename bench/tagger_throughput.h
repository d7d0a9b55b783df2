// The built-in tagger's speed on real articles, in this process: the
// tagger's own bound, without gRPC or storage.
#ifndef SPANLAB_BENCH_TAGGER_THROUGHPUT_H_
#define SPANLAB_BENCH_TAGGER_THROUGHPUT_H_

#include <string>

#include "absl/status/statusor.h"
#include "bench/workloads.h"

namespace spanlab::bench {

// Tags the .txt files of `dir` round-robin on one thread for `seconds`;
// operations are articles.
absl::StatusOr<Throughput> TaggerThroughput(const std::string& dir,
                                            double seconds);

}  // namespace spanlab::bench

#endif  // SPANLAB_BENCH_TAGGER_THROUGHPUT_H_
