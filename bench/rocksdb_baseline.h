// The storage limit: the benchmark's annotation records written straight
// into RocksDB, with the same batch sizes, durability and writer count as
// the bulk write through the server, but no gRPC, validation, indexes or
// audit log.
#ifndef SPANLAB_BENCH_ROCKSDB_BASELINE_H_
#define SPANLAB_BENCH_ROCKSDB_BASELINE_H_

#include <string>

#include "absl/status/statusor.h"
#include "bench/synthetic.h"
#include "bench/workloads.h"

namespace spanlab::bench {

// `writers` threads, each writing documents [0, documents) of its own
// layer, `spans` records per WriteBatch; `sync` fsyncs each batch's WAL.
absl::StatusOr<Throughput> RawRocksDbWrite(const SyntheticCorpus& corpus,
                                           const std::string& parent_dir,
                                           int writers, int documents,
                                           int spans, bool sync);

// The storage latency limit of a unary write: `concurrency` threads each
// writing one annotation record per WriteBatch (fsynced when `sync`) for
// `seconds`; rate and latency percentiles. RocksDB groups concurrent syncs
// into one fsync, as it does for the server.
absl::StatusOr<Throughput> RawRocksDbUnaryWrite(const std::string& parent_dir,
                                                int concurrency, double seconds,
                                                bool sync);

}  // namespace spanlab::bench

#endif  // SPANLAB_BENCH_ROCKSDB_BASELINE_H_
