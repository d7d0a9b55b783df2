// The benchmark's workloads against a running spanlabd, through the real
// gRPC API. Each returns what it measured; none asserts anything.
#ifndef SPANLAB_BENCH_WORKLOADS_H_
#define SPANLAB_BENCH_WORKLOADS_H_

#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "bench/latency.h"
#include "bench/synthetic.h"
#include "grpcpp/grpcpp.h"

namespace spanlab::bench {

struct Throughput {
  int64_t operations = 0;
  double seconds = 0;
  double p50_ms = 0, p99_ms = 0, p999_ms = 0;
  // Every call's latency, kept so that rounds of one workload can be pooled
  // (Pool). Filled only by the loops of Bench; the report drops it.
  Latencies latencies;
  double per_second() const { return seconds > 0 ? operations / seconds : 0; }
};

// One workload measured in several rounds as if in one: operations and
// seconds add up, percentiles come from all the rounds' calls.
Throughput Pool(const std::vector<Throughput>& rounds);

// Where each thread of UnaryWrites has got to in its documents. Pass the same
// one to successive calls with the same project, threads and documents, and
// they carry on instead of writing the same spans again (which the layer
// would refuse as overlaps).
struct UnaryCursors {
  struct Cursor {
    int first = 0;
    int visited = 0;
    int doc = 0;
    size_t next = 0;
    std::vector<SyntheticSpan> spans;
  };
  // Filled by the first call.
  int first_document = 0;
  std::vector<SyntheticDocument> documents;
  std::vector<Cursor> threads;
};

// A connection to one server as its admin.
class Bench {
 public:
  Bench(const std::string& address, std::string admin_token,
        const SyntheticCorpus* corpus);

  // Creates `project` (overlap = annotators), `annotators` annotator
  // credentials named PREFIX-i, and documents [first, first + count).
  // Returns the annotators' tokens.
  absl::StatusOr<std::vector<std::string>> CreateAnnotators(
      const std::string& prefix, int count);
  absl::Status CreateProject(const std::string& project, int overlap);
  absl::Status ImportDocuments(const std::string& project, int first,
                               int count);

  // Each annotator streams its layer of documents [first, first + count),
  // `spans` per document, one message per document; all annotators at once.
  absl::StatusOr<Throughput> BulkWrite(const std::string& project,
                                       const std::vector<std::string>& tokens,
                                       int first, int count, int spans);

  // `concurrency` threads, each its own annotator (token), create one
  // annotation per call on documents [first, first + count) for
  // `seconds`, starting where `cursors` say. Fails if any call fails, and
  // with FAILED_PRECONDITION if a thread runs out of documents before the
  // time is up (its rate would then cover less than `seconds`).
  absl::StatusOr<Throughput> UnaryWrites(const std::string& project,
                                         const std::vector<std::string>& tokens,
                                         int concurrency, int first, int count,
                                         double seconds, UnaryCursors* cursors);

  // The same loop with the empty authenticated rpc (AdminService.Ping).
  absl::StatusOr<Throughput> EmptyRpcs(int concurrency, double seconds);

  // Lists one annotator's layer of random documents in [0, count).
  absl::StatusOr<Throughput> ListLayers(const std::string& project,
                                        const std::string& author,
                                        int concurrency, int count,
                                        double seconds);

  // Each annotator takes and finishes documents (NextDocument +
  // FinishDocument) until none is left or `seconds` have passed; all
  // annotators at once. One operation is one document taken and finished.
  absl::StatusOr<Throughput> NextAndFinish(
      const std::string& project, const std::vector<std::string>& tokens,
      double seconds);

  // The admin asks for the project's progress (GetProgress), one call at
  // a time, for `seconds`.
  absl::StatusOr<Throughput> Progress(const std::string& project,
                                      double seconds);

  // One ComputeAgreement over the project's `layers`; one operation.
  absl::StatusOr<Throughput> Agreement(const std::string& project,
                                       const std::vector<std::string>& layers);

  // One AutoMerge with `policy` over the whole project; one operation.
  absl::StatusOr<Throughput> Reconcile(const std::string& project,
                                       const std::string& policy);

  // Exports the whole project as jsonl, discarding the bytes; operations
  // are spans, `bytes` receives the size and `peak_rss` (if a server pid is
  // given) the largest resident set seen while it ran.
  absl::StatusOr<Throughput> ExportJsonl(const std::string& project,
                                         pid_t server_pid, int64_t* bytes,
                                         int64_t* peak_rss);

  // One AutoTag over the project; operations are documents.
  absl::StatusOr<Throughput> AutoTag(const std::string& project);

  std::shared_ptr<grpc::Channel> channel() const { return channel_; }
  const std::string& admin_token() const { return admin_token_; }

 private:
  std::shared_ptr<grpc::Channel> channel_;
  std::string admin_token_;
  const SyntheticCorpus* corpus_;
};

// `s` with "where: " before its message.
absl::Status Fail(const absl::Status& s, absl::string_view where);

// Context for one call with `token` and a generous deadline.
std::unique_ptr<grpc::ClientContext> CallContext(const std::string& token,
                                                 double deadline_seconds = 600);

}  // namespace spanlab::bench

#endif  // SPANLAB_BENCH_WORKLOADS_H_
