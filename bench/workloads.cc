#include "bench/workloads.h"

#include <atomic>
#include <chrono>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "bench/latency.h"
#include "bench/server_process.h"
#include "spanlab/v1/admin_service.grpc.pb.h"
#include "spanlab/v1/analysis_service.grpc.pb.h"
#include "spanlab/v1/annotation_service.grpc.pb.h"
#include "spanlab/v1/assignment_service.grpc.pb.h"
#include "spanlab/v1/document_service.grpc.pb.h"
#include "spanlab/v1/export_service.grpc.pb.h"
#include "spanlab/v1/project_service.grpc.pb.h"
#include "spanlab/v1/reconcile_service.grpc.pb.h"
#include "spanlab/v1/tagger_service.grpc.pb.h"

namespace spanlab::bench {
namespace {

using Clock = std::chrono::steady_clock;

absl::Status FromGrpc(const grpc::Status& s, absl::string_view what) {
  if (s.ok()) return absl::OkStatus();
  return absl::Status(static_cast<absl::StatusCode>(s.error_code()),
                      absl::StrCat(what, ": ", s.error_message()));
}

int64_t NanosSince(Clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - t)
      .count();
}

// One operation that took from `start` until now; its percentiles are its
// time.
Throughput OneCall(Clock::time_point start) {
  Throughput t;
  t.seconds = NanosSince(start) / 1e9;
  t.operations = 1;
  t.p50_ms = t.p99_ms = t.p999_ms = t.seconds * 1e3;
  return t;
}

// Runs `op(thread, iteration)` on `threads` threads until `seconds` pass or
// an op returns false (out of work) or fails; collects latencies.
absl::StatusOr<Throughput> TimedLoop(
    int threads, double seconds,
    const std::function<absl::StatusOr<bool>(int, int64_t)>& op) {
  std::vector<Latencies> per_thread(threads);
  std::atomic<bool> stop{false};
  absl::Mutex mu;
  absl::Status first_error;
  const auto start = Clock::now();
  const auto end = start + std::chrono::duration<double>(seconds);
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      for (int64_t i = 0; !stop.load() && Clock::now() < end; ++i) {
        const auto t0 = Clock::now();
        auto more = op(t, i);
        if (!more.ok()) {
          absl::MutexLock lock(&mu);
          if (first_error.ok()) first_error = more.status();
          stop = true;
          return;
        }
        if (!*more) return;
        per_thread[t].Add(NanosSince(t0));
      }
    });
  }
  for (auto& w : workers) w.join();
  if (!first_error.ok()) return first_error;
  Throughput out;
  out.seconds = NanosSince(start) / 1e9;
  Latencies all;
  for (const auto& l : per_thread) all.Merge(l);
  out.operations = static_cast<int64_t>(all.count());
  out.p50_ms = all.QuantileMs(0.5);
  out.p99_ms = all.QuantileMs(0.99);
  out.p999_ms = all.QuantileMs(0.999);
  out.latencies = std::move(all);
  return out;
}

}  // namespace

absl::Status Fail(const absl::Status& s, absl::string_view where) {
  return absl::Status(s.code(), absl::StrCat(where, ": ", s.message()));
}

Throughput Pool(const std::vector<Throughput>& rounds) {
  Throughput out;
  for (const Throughput& r : rounds) {
    out.operations += r.operations;
    out.seconds += r.seconds;
    out.latencies.Merge(r.latencies);
  }
  out.p50_ms = out.latencies.QuantileMs(0.5);
  out.p99_ms = out.latencies.QuantileMs(0.99);
  out.p999_ms = out.latencies.QuantileMs(0.999);
  return out;
}

std::unique_ptr<grpc::ClientContext> CallContext(const std::string& token,
                                                 double deadline_seconds) {
  auto ctx = std::make_unique<grpc::ClientContext>();
  ctx->AddMetadata("authorization", "Bearer " + token);
  ctx->set_deadline(
      std::chrono::system_clock::now() +
      std::chrono::milliseconds(static_cast<int64_t>(deadline_seconds * 1000)));
  return ctx;
}

Bench::Bench(const std::string& address, std::string admin_token,
             const SyntheticCorpus* corpus)
    : admin_token_(std::move(admin_token)), corpus_(corpus) {
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(64 << 20);
  args.SetMaxSendMessageSize(64 << 20);
  channel_ = grpc::CreateCustomChannel(
      address, grpc::InsecureChannelCredentials(), args);
}

absl::Status Bench::CreateProject(const std::string& project, int overlap) {
  auto stub = v1::ProjectService::NewStub(channel_);
  v1::CreateProjectRequest r;
  r.mutable_project()->set_project_id(project);
  r.mutable_project()->set_overlap(overlap);
  v1::Project out;
  return FromGrpc(stub->CreateProject(CallContext(admin_token_).get(), r, &out),
                  "CreateProject");
}

absl::StatusOr<std::vector<std::string>> Bench::CreateAnnotators(
    const std::string& prefix, int count) {
  auto stub = v1::AdminService::NewStub(channel_);
  std::vector<std::string> tokens;
  for (int i = 0; i < count; ++i) {
    v1::CreateAnnotatorRequest r;
    r.mutable_annotator()->set_annotator_id(absl::StrCat(prefix, "-", i));
    r.mutable_annotator()->set_role(v1::ANNOTATOR);
    v1::CreateAnnotatorResponse out;
    absl::Status s = FromGrpc(
        stub->CreateAnnotator(CallContext(admin_token_).get(), r, &out),
        "CreateAnnotator");
    if (!s.ok()) return s;
    tokens.push_back(out.token());
  }
  return tokens;
}

absl::Status Bench::ImportDocuments(const std::string& project, int first,
                                    int count) {
  // Several streams at once, so the server's durable writes share fsyncs.
  constexpr int kStreams = 4;
  auto stub = v1::DocumentService::NewStub(channel_);
  std::vector<absl::Status> results(kStreams);
  std::vector<std::thread> streams;
  for (int k = 0; k < kStreams; ++k) {
    streams.emplace_back([&, k] {
      auto ctx = CallContext(admin_token_);
      v1::ImportDocumentsResponse out;
      auto writer = stub->ImportDocuments(ctx.get(), &out);
      for (int i = first + k; i < first + count; i += kStreams) {
        SyntheticDocument doc = corpus_->Document(i);
        v1::CreateDocumentRequest r;
        r.set_parent("projects/" + project);
        r.mutable_document()->set_document_id(doc.id);
        r.mutable_document()->set_title(absl::StrCat("Synthetic article ", i));
        r.set_text(std::move(doc.text));
        if (!writer->Write(r)) break;
      }
      writer->WritesDone();
      results[k] = FromGrpc(writer->Finish(), "ImportDocuments");
      if (results[k].ok() && out.failed() > 0) {
        results[k] = absl::InternalError(
            absl::StrCat("ImportDocuments: ", out.failed(), " failed"));
      }
    });
  }
  for (auto& t : streams) t.join();
  for (const auto& s : results) {
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::StatusOr<Throughput> Bench::BulkWrite(
    const std::string& project, const std::vector<std::string>& tokens,
    int first, int count, int spans) {
  // Requests are built before the clock starts: the benchmark measures the
  // server, not the generator.
  std::vector<std::vector<v1::BulkWriteAnnotationsRequest>> requests(
      tokens.size());
  int64_t total = 0;
  for (int i = first; i < first + count; ++i) {
    const SyntheticDocument doc = corpus_->Document(i);
    for (size_t a = 0; a < tokens.size(); ++a) {
      v1::BulkWriteAnnotationsRequest r;
      r.set_parent(absl::StrCat("projects/", project, "/documents/", doc.id));
      for (const auto& s : corpus_->Spans(doc, static_cast<int>(a), spans)) {
        v1::Annotation* x = r.add_annotations();
        x->set_start(s.start);
        x->set_end(s.end);
        x->set_label(s.label);
      }
      total += r.annotations_size();
      requests[a].push_back(std::move(r));
    }
  }
  auto stub = v1::AnnotationService::NewStub(channel_);
  std::vector<absl::Status> results(tokens.size());
  const auto start = Clock::now();
  std::vector<std::thread> streams;
  for (size_t a = 0; a < tokens.size(); ++a) {
    streams.emplace_back([&, a] {
      auto ctx = CallContext(tokens[a]);
      v1::BulkWriteAnnotationsResponse out;
      auto writer = stub->BulkWriteAnnotations(ctx.get(), &out);
      for (const auto& r : requests[a]) {
        if (!writer->Write(r)) break;
      }
      writer->WritesDone();
      results[a] = FromGrpc(writer->Finish(), "BulkWriteAnnotations");
    });
  }
  for (auto& t : streams) t.join();
  Throughput out;
  out.seconds = NanosSince(start) / 1e9;
  for (const auto& s : results) {
    if (!s.ok()) return s;
  }
  out.operations = total;
  return out;
}

absl::StatusOr<Throughput> Bench::UnaryWrites(
    const std::string& project, const std::vector<std::string>& tokens,
    int concurrency, int first, int count, double seconds,
    UnaryCursors* cursors) {
  if (static_cast<int>(tokens.size()) < concurrency) {
    return absl::InvalidArgumentError("fewer tokens than threads");
  }
  if (cursors->threads.empty()) {
    cursors->first_document = first;
    for (int i = first; i < first + count; ++i) {
      cursors->documents.push_back(corpus_->Document(i));
    }
    // Annotators spread over the documents, as people working at the same
    // time do; each wraps around to the start when it reaches the end.
    cursors->threads.resize(concurrency);
    for (int t = 0; t < concurrency; ++t) {
      cursors->threads[t].first = t * count / concurrency;
    }
  } else if (static_cast<int>(cursors->threads.size()) != concurrency ||
             cursors->first_document != first ||
             static_cast<int>(cursors->documents.size()) != count) {
    return absl::InvalidArgumentError(
        "cursors are for other threads or documents");
  }
  const std::vector<SyntheticDocument>& docs = cursors->documents;
  auto stub = v1::AnnotationService::NewStub(channel_);
  // Each thread is its own annotator and walks (document, sentence) slots,
  // so its spans never overlap within its layer.
  std::atomic<int> ran_out{0};
  auto out = TimedLoop(
      concurrency, seconds, [&](int t, int64_t) -> absl::StatusOr<bool> {
        UnaryCursors::Cursor& c = cursors->threads[t];
        while (c.visited == 0 || c.next >= c.spans.size()) {
          if (c.visited == count) {
            ++ran_out;
            return false;
          }
          c.doc = (c.first + c.visited++) % count;
          c.spans = corpus_->Spans(docs[c.doc], t, 1000);
          c.next = 0;
        }
        const SyntheticSpan& span = c.spans[c.next++];
        v1::CreateAnnotationRequest r;
        r.set_parent(
            absl::StrCat("projects/", project, "/documents/", docs[c.doc].id));
        r.mutable_annotation()->set_start(span.start);
        r.mutable_annotation()->set_end(span.end);
        r.mutable_annotation()->set_label(span.label);
        v1::Annotation out;
        absl::Status st = FromGrpc(
            stub->CreateAnnotation(CallContext(tokens[t]).get(), r, &out),
            "CreateAnnotation");
        if (!st.ok()) return st;
        return true;
      });
  if (out.ok() && ran_out.load() > 0) {
    return absl::FailedPreconditionError(absl::StrCat(
        ran_out.load(), " of ", concurrency, " writers ran out of the ", count,
        " documents' sentences before ", seconds, " s; give more documents"));
  }
  return out;
}

absl::StatusOr<Throughput> Bench::EmptyRpcs(int concurrency, double seconds) {
  auto stub = v1::AdminService::NewStub(channel_);
  return TimedLoop(
      concurrency, seconds, [&](int, int64_t) -> absl::StatusOr<bool> {
        v1::PingRequest r;
        v1::PingResponse out;
        absl::Status s = FromGrpc(
            stub->Ping(CallContext(admin_token_).get(), r, &out), "Ping");
        if (!s.ok()) return s;
        return true;
      });
}

absl::StatusOr<Throughput> Bench::ListLayers(const std::string& project,
                                             const std::string& author,
                                             int concurrency, int count,
                                             double seconds) {
  auto stub = v1::AnnotationService::NewStub(channel_);
  return TimedLoop(
      concurrency, seconds, [&](int t, int64_t i) -> absl::StatusOr<bool> {
        const int doc = static_cast<int>((i * 7919 + t * 104729) % count);
        v1::ListAnnotationsRequest r;
        r.set_parent(
            absl::StrCat("projects/", project, "/documents/doc-", doc));
        r.set_kind(v1::HUMAN);
        r.set_author(author);
        v1::ListAnnotationsResponse out;
        absl::Status s = FromGrpc(
            stub->ListAnnotations(CallContext(admin_token_).get(), r, &out),
            "ListAnnotations");
        if (!s.ok()) return s;
        return true;
      });
}

absl::StatusOr<Throughput> Bench::NextAndFinish(
    const std::string& project, const std::vector<std::string>& tokens,
    double seconds) {
  auto stub = v1::AssignmentService::NewStub(channel_);
  return TimedLoop(
      static_cast<int>(tokens.size()), seconds,
      [&](int t, int64_t) -> absl::StatusOr<bool> {
        v1::NextDocumentRequest next;
        next.set_parent("projects/" + project);
        v1::NextDocumentResponse doc;
        absl::Status s = FromGrpc(
            stub->NextDocument(CallContext(tokens[t]).get(), next, &doc),
            "NextDocument");
        if (!s.ok()) return s;
        if (!doc.has_document()) return false;
        v1::FinishDocumentRequest finish;
        finish.set_name(doc.document().name());
        v1::DocumentAssignment out;
        s = FromGrpc(
            stub->FinishDocument(CallContext(tokens[t]).get(), finish, &out),
            "FinishDocument");
        if (!s.ok()) return s;
        return true;
      });
}

absl::StatusOr<Throughput> Bench::Progress(const std::string& project,
                                           double seconds) {
  auto stub = v1::AssignmentService::NewStub(channel_);
  return TimedLoop(1, seconds, [&](int, int64_t) -> absl::StatusOr<bool> {
    v1::GetProgressRequest r;
    r.set_parent("projects/" + project);
    v1::ProjectProgress out;
    absl::Status s =
        FromGrpc(stub->GetProgress(CallContext(admin_token_).get(), r, &out),
                 "GetProgress");
    if (!s.ok()) return s;
    if (out.total() == 0) {
      return absl::FailedPreconditionError("GetProgress: no documents");
    }
    return true;
  });
}

absl::StatusOr<Throughput> Bench::Agreement(
    const std::string& project, const std::vector<std::string>& layers) {
  auto stub = v1::AnalysisService::NewStub(channel_);
  v1::ComputeAgreementRequest r;
  r.set_parent("projects/" + project);
  for (const auto& l : layers) r.add_layers(l);
  v1::AgreementResponse out;
  const auto start = Clock::now();
  absl::Status s =
      FromGrpc(stub->ComputeAgreement(CallContext(admin_token_).get(), r, &out),
               "ComputeAgreement");
  if (!s.ok()) return s;
  return OneCall(start);
}

absl::StatusOr<Throughput> Bench::Reconcile(const std::string& project,
                                            const std::string& policy) {
  auto stub = v1::ReconcileService::NewStub(channel_);
  v1::AutoMergeRequest r;
  r.set_parent("projects/" + project);
  r.set_policy(policy);
  v1::AutoMergeResponse out;
  const auto start = Clock::now();
  absl::Status s = FromGrpc(
      stub->AutoMerge(CallContext(admin_token_).get(), r, &out), "AutoMerge");
  if (!s.ok()) return s;
  return OneCall(start);
}

absl::StatusOr<Throughput> Bench::ExportJsonl(const std::string& project,
                                              pid_t server_pid, int64_t* bytes,
                                              int64_t* peak_rss) {
  auto stub = v1::ExportService::NewStub(channel_);
  v1::ExportRequest r;
  r.set_parent("projects/" + project);
  r.set_format(v1::JSONL);
  // Sample the server's memory while the export runs: the target is about
  // the export's own footprint, which VmHWM (the peak since start, imports
  // included) cannot show.
  std::atomic<bool> done{false};
  std::atomic<int64_t> peak{0};
  std::thread sampler([&] {
    while (!done.load() && server_pid > 0) {
      const int64_t rss = ProcStatusBytes(server_pid, "VmRSS:");
      if (rss > peak.load()) peak = rss;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  });
  const auto start = Clock::now();
  auto ctx = CallContext(admin_token_);
  auto reader = stub->Export(ctx.get(), r);
  v1::ExportChunk chunk;
  int64_t total = 0, spans = 0;
  while (reader->Read(&chunk)) {
    total += static_cast<int64_t>(chunk.data().size());
    spans = chunk.annotations_done();
  }
  absl::Status s = FromGrpc(reader->Finish(), "Export");
  Throughput t;
  t.seconds = NanosSince(start) / 1e9;
  done = true;
  sampler.join();
  if (!s.ok()) return s;
  t.operations = spans;
  *bytes = total;
  *peak_rss = peak.load();
  return t;
}

absl::StatusOr<Throughput> Bench::AutoTag(const std::string& project) {
  auto stub = v1::TaggerService::NewStub(channel_);
  v1::AutoTagRequest r;
  r.set_parent("projects/" + project);
  v1::AutoTagResponse out;
  const auto start = Clock::now();
  absl::Status s = FromGrpc(
      stub->AutoTag(CallContext(admin_token_).get(), r, &out), "AutoTag");
  if (!s.ok()) return s;
  Throughput t;
  t.seconds = NanosSince(start) / 1e9;
  t.operations = out.documents();
  return t;
}

}  // namespace spanlab::bench
