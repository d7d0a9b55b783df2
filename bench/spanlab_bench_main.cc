// spanlab-bench: measures a real spanlabd through its gRPC API, and the
// limits it runs against (raw RocksDB writes, an empty rpc) in the same run.
// See bench/README.md for what each figure means.
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <iostream>
#include <thread>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "bench/cpu_meter.h"
#include "bench/report.h"
#include "bench/rocksdb_baseline.h"
#include "bench/rpc_rates.h"
#include "bench/server_process.h"
#include "bench/synthetic.h"
#include "bench/tagger_throughput.h"
#include "bench/workloads.h"

ABSL_FLAG(std::string, spanlabd, "",
          "spanlabd binary; default: ../service/spanlabd next to this one.");
ABSL_FLAG(std::string, server, "",
          "Benchmark an already running server at this address instead "
          "(needs --token; skips the buffered-mode and raw-storage runs and "
          "the server-CPU figures).");
ABSL_FLAG(std::string, token, "", "Admin token for --server.");
ABSL_FLAG(std::string, tmp_dir, "/tmp", "Where data directories go.");
ABSL_FLAG(int, documents, 200, "Documents of the main project.");
ABSL_FLAG(int, annotators, 3, "Annotators (bulk-write streams).");
ABSL_FLAG(int, spans, 20, "Spans per annotator and document.");
ABSL_FLAG(int64_t, large_annotations, 1000000,
          "Stored annotations for the second size (0 skips it).");
ABSL_FLAG(double, seconds, 3, "Duration of each timed workload.");
ABSL_FLAG(bool, smoke, false,
          "Tiny sizes and durations: checks that every workload runs.");
ABSL_FLAG(std::string, articles_dir, SPANLAB_DEFAULT_ARTICLES_DIR,
          "Directory of .txt news articles the tagger is timed on.");
ABSL_FLAG(std::string, json_out, "spanlab-bench.json", "JSON report path.");

namespace spanlab::bench {
namespace {

struct Config {
  int documents, annotators, spans;
  int64_t large_annotations;
  double seconds;
  std::string tmp_dir;
  std::string articles_dir;
};

// A bulk load: its throughput and, with our own server, the server CPU the
// bulk write (not the import) cost, counted until the server has gone idle
// again (the flushes and compactions the write leaves behind are part of
// its cost; NaN if not measured), and how long that took after the write.
struct Loaded {
  Throughput bulk;
  double cpu_seconds = std::nan("");
  double settle_seconds = 0;
};

// Loads documents [first, first + count) of the main project and bulk
// writes every annotator's layer.
absl::StatusOr<Loaded> Load(Bench& b, const Config& c,
                            const std::vector<std::string>& tokens, int first,
                            int count, const ServerProcess* server) {
  absl::Status s = b.ImportDocuments("bench", first, count);
  if (!s.ok()) return Fail(s, "import");
  if (server != nullptr) server->WaitUntilIdle(kMaxSettleSeconds);
  const CpuMeter cpu(server);
  auto bulk = b.BulkWrite("bench", tokens, first, count, c.spans);
  if (!bulk.ok()) return bulk.status();
  Loaded out;
  out.bulk = *std::move(bulk);
  if (server != nullptr) {
    out.settle_seconds = server->WaitUntilIdle(kMaxSettleSeconds);
  }
  out.cpu_seconds = cpu.Seconds();
  return out;
}

absl::Status Run(const Config& c, const std::string& spanlabd, Report& report) {
  SyntheticCorpus corpus(42);
  const bool own_server = absl::GetFlag(FLAGS_server).empty();
  std::optional<ServerProcess> durable;
  std::string address = absl::GetFlag(FLAGS_server);
  std::string token = absl::GetFlag(FLAGS_token);
  if (own_server) {
    auto p = ServerProcess::Start(spanlabd, c.tmp_dir, {});
    if (!p.ok()) return p.status();
    durable.emplace(*std::move(p));
    address = durable->address();
    token = durable->admin_token();
  }
  Bench b(address, token, &corpus);
  const ServerProcess* server = durable ? &*durable : nullptr;

  // 1. Bulk write, durable, and the raw storage limit with the same shape.
  absl::Status s = b.CreateProject("bench", c.annotators);
  if (!s.ok()) return Fail(s, "create project");
  auto tokens = b.CreateAnnotators("annotator", c.annotators);
  if (!tokens.ok()) return tokens.status();
  auto loaded = Load(b, c, *tokens, 0, c.documents, server);
  if (!loaded.ok()) return loaded.status();
  const Throughput& bulk = loaded->bulk;
  report.Add("bulk write, durable", bulk, "annotations/s");
  const double bulk_us =
      CpuMeter::MicrosPer(loaded->cpu_seconds, bulk.operations);
  const int64_t small_stored = bulk.operations;
  if (own_server) {
    auto raw = RawRocksDbWrite(corpus, c.tmp_dir, c.annotators, c.documents,
                               c.spans, /*sync=*/true);
    if (!raw.ok()) return Fail(raw.status(), "raw rocksdb");
    report.Add("raw RocksDB WriteBatch, sync", *raw, "records/s");
    report.Note("bulk write ÷ raw RocksDB write",
                bulk.per_second() / std::max(1e-9, raw->per_second()), "ratio");
  }

  // 2. Unary writes and the empty rpc, durable.
  s = RpcRates(b, c.seconds, c.tmp_dir, "durable", server, report);
  if (!s.ok()) return s;

  // 3. Reads of one layer, and per-operation cost at the small size.
  if (durable) {
    report.Note("server idle wait before reads, small",
                durable->WaitUntilIdle(kMaxSettleSeconds), "s");
  }
  const CpuMeter reads_cpu(server);
  auto reads = b.ListLayers("bench", "annotator-0", 16, c.documents, c.seconds);
  if (!reads.ok()) return Fail(reads.status(), "list");
  const double reads_us =
      CpuMeter::MicrosPer(reads_cpu.Seconds(), reads->operations);
  report.Add(absl::StrCat("list layer, c=16, ", small_stored, " stored"),
             *reads, "lists/s");
  report.Context("small_stored_annotations", small_stored);
  // Per-operation cost as the server's CPU: what the store's size adds to a
  // read or a write, without the client's share or the queueing 16 callers
  // put on the latency.
  NoteIfMeasured(report, "server CPU per list, small", reads_us, "µs");
  NoteIfMeasured(report, "server CPU per bulk-written annotation, small",
                 bulk_us, "µs");

  // 4. Agreement over every layer, then every annotator finishes every
  //    document and the unanimous items are merged into gold.
  std::vector<std::string> layers;
  for (int i = 0; i < c.annotators; ++i) {
    layers.push_back(absl::StrCat("human:annotator-", i));
  }
  auto agreement = b.Agreement("bench", layers);
  if (!agreement.ok()) return Fail(agreement.status(), "agreement");
  report.Add(absl::StrCat("agreement, ", small_stored, " annotations"),
             *agreement, "runs/s");
  report.Note(absl::StrCat("agreement seconds, ", small_stored, " annotations"),
              agreement->seconds, "s");
  // Export of the whole project while the server's memory is watched.
  int64_t export_bytes = 0, export_rss = 0;
  auto exported = b.ExportJsonl("bench", durable ? durable->pid() : -1,
                                &export_bytes, &export_rss);
  if (!exported.ok()) return Fail(exported.status(), "export");
  report.Add(absl::StrCat("export jsonl, ", small_stored, " spans"), *exported,
             "spans/s");
  report.Note("export jsonl MB/s, small",
              export_bytes / 1e6 / std::max(1e-9, exported->seconds), "MB/s");
  if (own_server) {
    report.Note("server RSS during export, small", export_rss / 1e6, "MB");
  }
  const CpuMeter next_cpu(server);
  auto finished = b.NextAndFinish("bench", *tokens, /*seconds=*/1e9);
  if (!finished.ok()) return Fail(finished.status(), "finish");
  const double next_us =
      CpuMeter::MicrosPer(next_cpu.Seconds(), finished->operations);
  report.Add(absl::StrCat("next + finish document, ", small_stored, " stored"),
             *finished, "documents/s");
  NoteIfMeasured(report, "server CPU per next + finish, small", next_us, "µs");
  // A read, timed as reads are: once the writes before it have settled.
  if (server != nullptr) server->WaitUntilIdle(kMaxSettleSeconds);
  const CpuMeter progress_cpu(server);
  auto progress = b.Progress("bench", c.seconds / 3);
  if (!progress.ok()) return Fail(progress.status(), "progress");
  const double progress_us =
      CpuMeter::MicrosPer(progress_cpu.Seconds(), progress->operations);
  report.Add(absl::StrCat("progress, ", c.documents, " documents"), *progress,
             "calls/s");
  NoteIfMeasured(report, "server CPU per progress, small", progress_us, "µs");
  auto reconcile = b.Reconcile("bench", "unanimous");
  if (!reconcile.ok()) return Fail(reconcile.status(), "reconcile");
  report.Note(absl::StrCat("reconcile --auto unanimous seconds, ", small_stored,
                           " annotations"),
              reconcile->seconds, "s");
  auto tagged = b.AutoTag("bench");
  if (!tagged.ok()) return Fail(tagged.status(), "autotag");
  report.Add("AutoTag rpc (tag + write), synthetic", *tagged, "documents/s");
  auto articles = TaggerThroughput(c.articles_dir, c.seconds);
  if (!articles.ok()) return Fail(articles.status(), "tagger");
  report.Add("tagger in-process, 1 thread, real articles", *articles,
             "articles/s");

  // 5. The second size: grow the store, measure the same operations again.
  if (c.large_annotations > small_stored) {
    // The unary write alone on a fresh project of its own, timed the same
    // way at both sizes: here, then once the store has grown.
    auto small_unary =
        UnaryWritesAlone(b, "unary-durable-small", 16, c.seconds, server);
    if (!small_unary.ok()) return small_unary.status();
    report.Add(absl::StrCat("unary CreateAnnotation alone, durable, c=16, ",
                            small_stored, " stored"),
               small_unary->writes, "writes/s");
    NoteIfMeasured(report, "server CPU per unary write alone, small",
                   small_unary->cpu_micros, "µs");
    const int64_t per_doc = static_cast<int64_t>(c.annotators) * c.spans;
    const int more = static_cast<int>(
        (c.large_annotations - small_stored + per_doc - 1) / per_doc);
    auto grown = Load(b, c, *tokens, c.documents, more, server);
    if (!grown.ok()) return grown.status();
    const Throughput& grow = grown->bulk;
    const int64_t large_stored = small_stored + grow.operations;
    report.Add(absl::StrCat("bulk write, durable, growing to ", large_stored),
               grow, "annotations/s");
    // Load waited for the server to settle; reads follow at once.
    if (durable) {
      report.Note("server idle wait before reads, large", grown->settle_seconds,
                  "s");
    }
    const CpuMeter large_reads_cpu(server);
    auto large_reads =
        b.ListLayers("bench", "annotator-0", 16, c.documents + more, c.seconds);
    if (!large_reads.ok()) return Fail(large_reads.status(), "list large");
    const double large_reads_us =
        CpuMeter::MicrosPer(large_reads_cpu.Seconds(), large_reads->operations);
    const double grow_us =
        CpuMeter::MicrosPer(grown->cpu_seconds, grow.operations);
    NoteIfMeasured(report, "server CPU per list, large", large_reads_us, "µs");
    NoteIfMeasured(report, "server CPU per list at large ÷ at small size",
                   large_reads_us / reads_us, "ratio");
    NoteIfMeasured(report, "server CPU per bulk-written annotation, large",
                   grow_us, "µs");
    NoteIfMeasured(report,
                   "server CPU per bulk-written annotation at large ÷ at small",
                   grow_us / bulk_us, "ratio");
    report.Add(absl::StrCat("list layer, c=16, ", large_stored, " stored"),
               *large_reads, "lists/s");
    report.Note("list p50 at large ÷ at small size",
                large_reads->p50_ms / std::max(1e-9, reads->p50_ms), "ratio");
    report.Note("bulk write rate at large ÷ at small size",
                grow.per_second() / std::max(1e-9, bulk.per_second()), "ratio");
    int64_t large_bytes = 0, large_rss = 0;
    auto large_export = b.ExportJsonl("bench", durable ? durable->pid() : -1,
                                      &large_bytes, &large_rss);
    if (!large_export.ok()) return Fail(large_export.status(), "export large");
    report.Add(absl::StrCat("export jsonl, ", large_stored, " spans"),
               *large_export, "spans/s");
    report.Note(absl::StrCat("export seconds, ", large_stored, " spans"),
                large_export->seconds, "s");
    report.Note("export jsonl MB/s, large",
                large_bytes / 1e6 / std::max(1e-9, large_export->seconds),
                "MB/s");
    if (own_server) {
      report.Note("server RSS during export, large", large_rss / 1e6, "MB");
    }
    auto large_agreement = b.Agreement("bench", layers);
    if (!large_agreement.ok()) {
      return Fail(large_agreement.status(), "agreement large");
    }
    report.Note(
        absl::StrCat("agreement seconds, ", large_stored, " annotations"),
        large_agreement->seconds, "s");
    // Taking a document must not cost more in a project of 17,000
    // documents than in one of 200: annotators take and finish the grown
    // part for as long as the other timed workloads run.
    const CpuMeter large_next_cpu(server);
    auto large_next = b.NextAndFinish("bench", *tokens, c.seconds);
    if (!large_next.ok()) return Fail(large_next.status(), "finish large");
    report.Add(
        absl::StrCat("next + finish document, ", large_stored, " stored"),
        *large_next, "documents/s");
    report.Note("next + finish p50 at large ÷ at small size",
                large_next->p50_ms / std::max(1e-9, finished->p50_ms), "ratio");
    const double large_next_us =
        CpuMeter::MicrosPer(large_next_cpu.Seconds(), large_next->operations);
    NoteIfMeasured(report, "server CPU per next + finish, large", large_next_us,
                   "µs");
    NoteIfMeasured(report, "server CPU per next + finish at large ÷ at small",
                   large_next_us / next_us, "ratio");
    if (server != nullptr) server->WaitUntilIdle(kMaxSettleSeconds);
    const CpuMeter large_progress_cpu(server);
    auto large_progress = b.Progress("bench", c.seconds / 3);
    if (!large_progress.ok()) {
      return Fail(large_progress.status(), "progress large");
    }
    report.Add(absl::StrCat("progress, ", c.documents + more, " documents"),
               *large_progress, "calls/s");
    report.Note("progress p50 at large ÷ at small size",
                large_progress->p50_ms / std::max(1e-9, progress->p50_ms),
                "ratio");
    const double large_progress_us = CpuMeter::MicrosPer(
        large_progress_cpu.Seconds(), large_progress->operations);
    NoteIfMeasured(report, "server CPU per progress, large", large_progress_us,
                   "µs");
    NoteIfMeasured(report, "server CPU per progress at large ÷ at small",
                   large_progress_us / progress_us, "ratio");
    auto large_unary =
        UnaryWritesAlone(b, "unary-durable-large", 16, c.seconds, server);
    if (!large_unary.ok()) return large_unary.status();
    report.Add(absl::StrCat("unary CreateAnnotation alone, durable, c=16, ",
                            large_stored, " stored"),
               large_unary->writes, "writes/s");
    report.Note(
        "unary write p50 at large ÷ at small size, durable, c=16",
        large_unary->writes.p50_ms / std::max(1e-9, small_unary->writes.p50_ms),
        "ratio");
    NoteIfMeasured(report, "server CPU per unary write alone, large",
                   large_unary->cpu_micros, "µs");
    NoteIfMeasured(report,
                   "server CPU per unary write at large ÷ at small, durable, "
                   "c=16",
                   large_unary->cpu_micros / small_unary->cpu_micros, "ratio");
    report.Context("large_stored_annotations", large_stored);
  }

  // 6. Buffered durability on a fresh server.
  if (own_server) {
    durable.reset();
    auto p =
        ServerProcess::Start(spanlabd, c.tmp_dir, {"--durability=buffered"});
    if (!p.ok()) return p.status();
    Bench buffered(p->address(), p->admin_token(), &corpus);
    s = RpcRates(buffered, c.seconds, c.tmp_dir, "buffered", &*p, report);
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
}

}  // namespace
}  // namespace spanlab::bench

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "Benchmarks spanlabd through its gRPC API; see bench/README.md.");
  absl::ParseCommandLine(argc, argv);
  spanlab::bench::Config c{
      absl::GetFlag(FLAGS_documents),   absl::GetFlag(FLAGS_annotators),
      absl::GetFlag(FLAGS_spans),       absl::GetFlag(FLAGS_large_annotations),
      absl::GetFlag(FLAGS_seconds),     absl::GetFlag(FLAGS_tmp_dir),
      absl::GetFlag(FLAGS_articles_dir)};
  if (absl::GetFlag(FLAGS_smoke)) {
    c.documents = 8;
    c.spans = 5;
    c.large_annotations = 2 * c.documents * c.annotators * c.spans;
    c.seconds = 0.2;
  }
  std::string spanlabd = absl::GetFlag(FLAGS_spanlabd);
  if (spanlabd.empty()) {
    spanlabd = (std::filesystem::path(argv[0]).parent_path() / ".." /
                "service" / "spanlabd")
                   .lexically_normal()
                   .string();
  }
  spanlab::bench::Report report;
  report.Context("cores", std::thread::hardware_concurrency());
  report.Context("documents", c.documents);
  report.Context("annotators", c.annotators);
  report.Context("spans_per_annotator_document", c.spans);
  report.Context("ratio_rounds", spanlab::bench::kRatioRounds);
  absl::Status s = spanlab::bench::Run(c, spanlabd, report);
  std::cout << report.Table();
  if (!s.ok()) {
    std::cerr << "spanlab-bench: " << s << "\n";
    return 1;
  }
  s = report.WriteJson(absl::GetFlag(FLAGS_json_out));
  if (!s.ok()) {
    std::cerr << "spanlab-bench: " << s << "\n";
    return 1;
  }
  std::cerr << "spanlab-bench: report written to "
            << absl::GetFlag(FLAGS_json_out) << "\n";
  return 0;
}
