#include "bench/rpc_rates.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "absl/strings/str_cat.h"
#include "bench/cpu_meter.h"
#include "bench/rocksdb_baseline.h"

namespace spanlab::bench {

int UnaryDocuments(double seconds) {
  return std::max(100, static_cast<int>(std::ceil(500 * seconds)));
}

// The empty rpc and the write are timed in kRatioRounds alternating rounds
// (empty first in even rounds, the write first in odd ones, so 3 to 2) rather
// than one after the other: on a shared machine the neighbours' load changes
// from one second to the next, and two figures taken in turn see the same
// conditions on average where two taken a few seconds apart do not. The ratio
// reported is the median of the rounds' ratios, so one disturbed round does not
// move it; all of them go into the JSON report. The raw RocksDB write's latency
// at the same durability is the floor under the unary write's.
absl::Status RpcRates(Bench& b, double seconds, const std::string& tmp_dir,
                      const std::string& mode, const ServerProcess* server,
                      Report& report) {
  const std::string project = "unary-" + mode;
  const int documents = UnaryDocuments(seconds);
  absl::Status s = b.CreateProject(project, 1);
  if (s.ok()) s = b.ImportDocuments(project, 0, documents);
  if (!s.ok()) return Fail(s, "unary setup");
  // Every concurrency writes with annotators of its own, so none meets the
  // spans of an earlier one in its layers.
  auto tokens = b.CreateAnnotators("unary-" + mode, 1 + 16 + 64);
  if (!tokens.ok()) return Fail(tokens.status(), "unary annotators");
  // Work left by the setup (or by an earlier load) would be billed to
  // whichever round runs next.
  if (server != nullptr) server->WaitUntilIdle(kMaxSettleSeconds);
  size_t offset = 0;
  for (int n : kConcurrency) {
    const std::vector<std::string> annotators(tokens->begin() + offset,
                                              tokens->begin() + offset + n);
    offset += n;
    const double slice = seconds / kRatioRounds;
    std::vector<Throughput> empties, unaries;
    std::vector<double> ratios;
    UnaryCursors cursors;
    double empty_cpu = 0, unary_cpu = 0;
    for (int r = 0; r < kRatioRounds; ++r) {
      const bool empty_first = r % 2 == 0;
      for (int leg = 0; leg < 2; ++leg) {
        const CpuMeter cpu(server);
        if ((leg == 0) == empty_first) {
          auto empty = b.EmptyRpcs(n, slice);
          if (!empty.ok()) return Fail(empty.status(), "empty rpc");
          empties.push_back(*std::move(empty));
          empty_cpu += cpu.Seconds();
        } else {
          // Fails if a writer runs out of documents: a round cut short
          // would time less work than its pair.
          auto unary = b.UnaryWrites(project, annotators, n, 0, documents,
                                     slice, &cursors);
          if (!unary.ok()) return Fail(unary.status(), "unary write");
          unaries.push_back(*std::move(unary));
          unary_cpu += cpu.Seconds();
        }
      }
      if (empties.back().operations == 0 || unaries.back().operations == 0) {
        return absl::InternalError(
            absl::StrCat("unary ÷ empty rpc, ", mode, ", c=", n, ": round ", r,
                         " completed no call of one of its two workloads"));
      }
      ratios.push_back(unaries.back().per_second() /
                       empties.back().per_second());
    }
    const Throughput empty = Pool(empties);
    const Throughput unary = Pool(unaries);
    const std::string at = absl::StrCat(", ", mode, ", c=", n);
    report.Add(absl::StrCat("empty rpc", at), empty, "rpc/s");
    report.Add(absl::StrCat("unary CreateAnnotation", at), unary, "writes/s");
    const std::string ratio_name = absl::StrCat("unary ÷ empty rpc", at);
    report.Context(absl::StrCat(ratio_name, ", each round"), ratios);
    std::sort(ratios.begin(), ratios.end());
    report.Note(ratio_name, ratios[ratios.size() / 2], "ratio");
    NoteIfMeasured(report, absl::StrCat("server CPU per empty rpc", at),
                   CpuMeter::MicrosPer(empty_cpu, empty.operations), "µs");
    const double unary_us = CpuMeter::MicrosPer(unary_cpu, unary.operations);
    NoteIfMeasured(report, absl::StrCat("server CPU per unary write", at),
                   unary_us, "µs");
    if (server != nullptr) {
      auto raw = RawRocksDbUnaryWrite(tmp_dir, n, seconds,
                                      /*sync=*/mode == "durable");
      if (!raw.ok()) return Fail(raw.status(), "raw rocksdb unary");
      report.Add(absl::StrCat("raw RocksDB one-record write", at), *raw,
                 "writes/s");
      report.Note(absl::StrCat("unary p99 ÷ raw RocksDB p99", at),
                  unary.p99_ms / std::max(1e-9, raw->p99_ms), "ratio");
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<UnaryCost> UnaryWritesAlone(Bench& b, const std::string& project,
                                           int concurrency, double seconds,
                                           const ServerProcess* server) {
  const int documents = UnaryDocuments(seconds);
  absl::Status s = b.CreateProject(project, 1);
  if (s.ok()) s = b.ImportDocuments(project, 0, documents);
  if (!s.ok()) return Fail(s, "unary setup");
  auto tokens = b.CreateAnnotators(project, concurrency);
  if (!tokens.ok()) return Fail(tokens.status(), "unary annotators");
  if (server != nullptr) server->WaitUntilIdle(kMaxSettleSeconds);
  UnaryCursors cursors;
  const CpuMeter cpu(server);
  auto writes = b.UnaryWrites(project, *tokens, concurrency, 0, documents,
                              seconds, &cursors);
  if (!writes.ok()) return Fail(writes.status(), "unary write");
  return UnaryCost{*writes,
                   CpuMeter::MicrosPer(cpu.Seconds(), writes->operations)};
}

}  // namespace spanlab::bench
