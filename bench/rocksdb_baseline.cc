#include "bench/rocksdb_baseline.h"

#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "absl/strings/str_cat.h"
#include "google/protobuf/util/time_util.h"
#include "rocksdb/db.h"
#include "rocksdb/write_batch.h"
#include "spanlab/v1/resources.pb.h"
#include "storage/keys.h"

namespace spanlab::bench {

absl::StatusOr<Throughput> RawRocksDbWrite(const SyntheticCorpus& corpus,
                                           const std::string& parent_dir,
                                           int writers, int documents,
                                           int spans, bool sync) {
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
  std::unique_ptr<rocksdb::DB> db(raw);

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
  db.reset();
  std::error_code ignored;
  std::filesystem::remove_all(dir, ignored);
  for (const auto& r : results) {
    if (!r.ok()) return absl::InternalError(r.ToString());
  }
  return out;
}

}  // namespace spanlab::bench
