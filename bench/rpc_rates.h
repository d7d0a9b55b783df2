// The workloads a transport bounds: unary writes against the empty rpc,
// timed in paired rounds at each concurrency, and unary writes alone at a
// store's size.
#ifndef SPANLAB_BENCH_RPC_RATES_H_
#define SPANLAB_BENCH_RPC_RATES_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "bench/report.h"
#include "bench/server_process.h"
#include "bench/workloads.h"

namespace spanlab::bench {

constexpr int kConcurrency[] = {1, 16, 64};
// Odd, so the median is one round's ratio.
constexpr int kRatioRounds = 5;
static_assert(kRatioRounds % 2 == 1);

// Documents of a unary project. Each writer has about 40 sentence slots
// per document and must not run out within the timed run (UnaryWrites
// fails if one does): 500 documents a second cover a single writer at 20k
// writes/s, well above what one caller reaches.
int UnaryDocuments(double seconds);

// Unary writes at one concurrency: the calls, and the server's CPU per
// write in microseconds (NaN if not measured).
struct UnaryCost {
  Throughput writes;
  double cpu_micros = 0;
};

// Empty-rpc and unary-write rates at each concurrency on one server, each
// timed for `seconds` in all, into `report`; the unary project
// ("unary-" + mode) and its 1 + 16 + 64 annotators are created first. With
// our own `server` (null for --server), also the server's CPU per call and
// the raw RocksDB one-record write at each concurrency (a data directory
// under `tmp_dir`).
absl::Status RpcRates(Bench& b, double seconds, const std::string& tmp_dir,
                      const std::string& mode, const ServerProcess* server,
                      Report& report);

// Unary writes alone on a fresh project `project` (UnaryDocuments'
// documents, `concurrency` annotators of its own), for `seconds`, once the
// server is idle.
absl::StatusOr<UnaryCost> UnaryWritesAlone(Bench& b, const std::string& project,
                                           int concurrency, double seconds,
                                           const ServerProcess* server);

}  // namespace spanlab::bench

#endif  // SPANLAB_BENCH_RPC_RATES_H_
