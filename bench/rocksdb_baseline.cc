#include "bench/rocksdb_baseline.h"

#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "absl/strings/str_cat.h"
#include "bench/latency.h"
#include "google/protobuf/util/time_util.h"
#include "rocksdb/db.h"
#include "rocksdb/write_batch.h"
#include "spanlab/v1/resources.pb.h"
#include "storage/keys.h"

namespace spanlab::bench {
namespace {

// A fresh database in a new directory under `parent_dir`; removes it when
// destroyed.
class ScratchDb {
 public:
  static absl::StatusOr<std::unique_ptr<ScratchDb>> Open(
      const std::string& parent_dir) {
    std::string dir = parent_dir + "/spanlab-bench-raw-XXXXXX";
    if (mkdtemp(dir.data()) == nullptr) {
      return absl::InternalError("mkdtemp failed");
    }
    rocksdb::Options options;
    options.create_if_missing = true;
    options.IncreaseParallelism(2);
    rocksdb::DB* raw = nullptr;
    rocksdb::Status s = rocksdb::DB::Open(options, dir, &raw);
    if (!s.ok()) return absl::InternalError(s.ToString());
    return std::unique_ptr<ScratchDb>(new ScratchDb(dir, raw));
  }
  ~ScratchDb() {
    db_.reset();
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
  rocksdb::DB* db() { return db_.get(); }

 private:
  ScratchDb(std::string dir, rocksdb::DB* db) : dir_(std::move(dir)), db_(db) {}
  std::string dir_;
  std::unique_ptr<rocksdb::DB> db_;
};

}  // namespace

absl::StatusOr<Throughput> RawRocksDbWrite(const SyntheticCorpus& corpus,
                                           const std::string& parent_dir,
                                           int writers, int documents,
                                           int spans, bool sync) {
  auto scratch = ScratchDb::Open(parent_dir);
  if (!scratch.ok()) return scratch.status();
  rocksdb::DB* db = (*scratch)->db();

  // The same records the server stores, prepared before the clock starts.
  std::vector<std::vector<rocksdb::WriteBatch>> batches(writers);
  int64_t total = 0;
  uint64_t id = 1;
  const auto now = google::protobuf::util::TimeUtil::GetCurrentTime();
  for (int d = 0; d < documents; ++d) {
    const SyntheticDocument doc = corpus.Document(d);
    for (int w = 0; w < writers; ++w) {
      rocksdb::WriteBatch batch;
      for (const auto& span : corpus.Spans(doc, w, spans)) {
        v1::Annotation a;
        a.set_name(absl::StrCat("projects/bench/documents/", doc.id,
                                "/annotations/",
                                absl::Hex(id, absl::kZeroPad16)));
        a.set_start(span.start);
        a.set_end(span.end);
        a.set_label(span.label);
        a.set_kind(v1::HUMAN);
        a.set_author(absl::StrCat("annotator-", w));
        a.set_revision(1);
        *a.mutable_create_time() = now;
        *a.mutable_update_time() = now;
        batch.Put(keys::Annotation("bench", doc.id, id++),
                  a.SerializeAsString());
        ++total;
      }
      batches[w].push_back(std::move(batch));
    }
  }
  rocksdb::WriteOptions wo;
  wo.sync = sync;
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  std::vector<rocksdb::Status> results(writers);
  for (int w = 0; w < writers; ++w) {
    threads.emplace_back([&, w] {
      for (auto& b : batches[w]) {
        results[w] = db->Write(wo, &b);
        if (!results[w].ok()) return;
      }
    });
  }
  for (auto& t : threads) t.join();
  Throughput out;
  out.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  out.operations = total;
  for (const auto& r : results) {
    if (!r.ok()) return absl::InternalError(r.ToString());
  }
  return out;
}

absl::StatusOr<Throughput> RawRocksDbUnaryWrite(const std::string& parent_dir,
                                                int concurrency, double seconds,
                                                bool sync) {
  auto scratch = ScratchDb::Open(parent_dir);
  if (!scratch.ok()) return scratch.status();
  rocksdb::DB* db = (*scratch)->db();
  // One record of the size the server writes for a unary create.
  v1::Annotation a;
  a.set_name("projects/bench/documents/d/annotations/0000000000000001");
  a.set_start(120);
  a.set_end(180);
  a.set_label("attributed_claim");
  a.set_kind(v1::HUMAN);
  a.set_author("annotator-0");
  a.set_revision(1);
  const std::string value = a.SerializeAsString();
  rocksdb::WriteOptions wo;
  wo.sync = sync;
  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  const auto end = start + std::chrono::duration<double>(seconds);
  std::vector<Latencies> latencies(concurrency);
  std::vector<rocksdb::Status> results(concurrency);
  std::vector<std::thread> threads;
  for (int t = 0; t < concurrency; ++t) {
    threads.emplace_back([&, t] {
      for (uint64_t i = 0; Clock::now() < end; ++i) {
        const auto t0 = Clock::now();
        rocksdb::WriteBatch batch;
        batch.Put(keys::Annotation("bench", absl::StrCat("d", t), i), value);
        results[t] = db->Write(wo, &batch);
        if (!results[t].ok()) return;
        latencies[t].Add(std::chrono::duration_cast<std::chrono::nanoseconds>(
                             Clock::now() - t0)
                             .count());
      }
    });
  }
  for (auto& t : threads) t.join();
  for (const auto& r : results) {
    if (!r.ok()) return absl::InternalError(r.ToString());
  }
  Latencies all;
  for (const auto& l : latencies) all.Merge(l);
  Throughput out;
  out.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  out.operations = static_cast<int64_t>(all.count());
  out.p50_ms = all.QuantileMs(0.5);
  out.p99_ms = all.QuantileMs(0.99);
  out.p999_ms = all.QuantileMs(0.999);
  return out;
}

}  // namespace spanlab::bench
