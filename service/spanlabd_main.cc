// spanlabd: the spanlab annotation server.
#include <csignal>
#include <iostream>
#include <thread>
#include <tuple>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/synchronization/mutex.h"
#include "service/server.h"

ABSL_FLAG(std::string, data_dir, "./spanlab-data",
          "Directory of the database and the admin token file.");
ABSL_FLAG(std::string, listen, "127.0.0.1:50051",
          "host:port to serve on; port 0 picks a free port.");
ABSL_FLAG(std::string, durability, "sync",
          "sync: acknowledge a write only after the write-ahead log is "
          "fsynced (concurrent writers share one fsync). buffered: "
          "acknowledge once the log is in the OS cache; faster, and a write "
          "survives a crash of spanlabd but not of the machine.");
ABSL_FLAG(bool, allow_insecure, false,
          "Serve plaintext on a non-loopback address.");
ABSL_FLAG(std::string, tls_cert, "",
          "PEM file of the server's certificate chain. With --tls_key, the "
          "server speaks only TLS, on any address.");
ABSL_FLAG(std::string, tls_key, "",
          "PEM file of the private key (unencrypted) of --tls_cert.");
ABSL_FLAG(std::string, tls_client_ca, "",
          "PEM file of the CAs that sign client certificates: every client "
          "must then present a certificate one of them signed.");
ABSL_FLAG(int64_t, max_document_bytes, 16 << 20,
          "Largest document text accepted, in bytes.");
ABSL_FLAG(int, max_annotations_per_message, 10000,
          "Most annotations in one BulkWriteAnnotations message.");
ABSL_FLAG(int, max_page_size, 1000, "Largest page a List call returns.");
ABSL_FLAG(int, max_spans_per_layer, 100000,
          "Most live spans in one layer of one document.");
ABSL_FLAG(int, max_message_bytes, 64 << 20,
          "Largest gRPC message accepted, in bytes.");
ABSL_FLAG(int, max_concurrent_streams, 100,
          "Most streaming calls (imports, bulk writes, exports) running at "
          "once; more are refused with RESOURCE_EXHAUSTED. Also the most "
          "calls open at once on one connection.");
ABSL_FLAG(int, max_threads, 256,
          "Most threads serving calls; must be more than "
          "--max_concurrent_streams.");
ABSL_FLAG(int, keepalive_seconds, 60,
          "Ping a connection quiet for this long, to find dead clients.");
ABSL_FLAG(int, keepalive_timeout_seconds, 20,
          "Drop a connection whose ping is not answered within this time; "
          "its calls end.");
ABSL_FLAG(int, block_cache_mb, 64, "RocksDB's cache of data blocks, in MiB.");
ABSL_FLAG(int, memtable_mb, 64,
          "Most memory RocksDB's write buffers take together, in MiB; when "
          "they reach it the largest is flushed to disk. 0: 64 MiB per "
          "column family, with no total.");
ABSL_FLAG(int, document_cache_mb, 16,
          "Parsed documents kept in memory, in MiB; 0 reads each from "
          "RocksDB.");
ABSL_FLAG(int64_t, assignment_index_documents, 1'000'000,
          "Documents whose assignments are kept in memory for NextDocument "
          "and GetProgress, all projects together (about 150 bytes each); "
          "past it, the projects used longest ago are read again from "
          "disk when next used. The project in use is always kept, so 0 "
          "keeps one.");
int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "spanlab annotation server. Example: spanlabd --data_dir=/var/lib/"
      "spanlab --listen=127.0.0.1:50051");
  absl::ParseCommandLine(argc, argv);
  // Debian's Abseil checks every Mutex acquisition against a global lock
  // graph, a debugging aid that serialises threads on the graph's own lock;
  // the tests keep it on.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);

  spanlab::ServerOptions options;
  options.data_dir = absl::GetFlag(FLAGS_data_dir);
  options.listen = absl::GetFlag(FLAGS_listen);
  const std::string durability = absl::GetFlag(FLAGS_durability);
  if (durability == "sync") {
    options.durability = spanlab::Durability::kSync;
  } else if (durability == "buffered") {
    options.durability = spanlab::Durability::kBuffered;
  } else {
    std::cerr << "spanlabd: --durability=" << durability
              << ": must be sync or buffered\n";
    return 2;
  }
  for (auto [name, mb, bytes] :
       {std::make_tuple("block_cache_mb", absl::GetFlag(FLAGS_block_cache_mb),
                        &options.block_cache_bytes),
        std::make_tuple("memtable_mb", absl::GetFlag(FLAGS_memtable_mb),
                        &options.memtable_bytes),
        std::make_tuple("document_cache_mb",
                        absl::GetFlag(FLAGS_document_cache_mb),
                        &options.document_cache_bytes)}) {
    if (mb < 0) {
      std::cerr << "spanlabd: --" << name << "=" << mb
                << ": must not be negative\n";
      return 2;
    }
    *bytes = static_cast<size_t>(mb) << 20;
  }
  options.assignment_index_documents =
      absl::GetFlag(FLAGS_assignment_index_documents);
  if (options.assignment_index_documents < 0) {
    std::cerr << "spanlabd: --assignment_index_documents="
              << options.assignment_index_documents
              << ": must not be negative\n";
    return 2;
  }
  options.allow_insecure = absl::GetFlag(FLAGS_allow_insecure);
  options.tls.cert_file = absl::GetFlag(FLAGS_tls_cert);
  options.tls.key_file = absl::GetFlag(FLAGS_tls_key);
  options.tls.client_ca_file = absl::GetFlag(FLAGS_tls_client_ca);
  options.limits.max_document_bytes = absl::GetFlag(FLAGS_max_document_bytes);
  options.limits.max_annotations_per_message =
      absl::GetFlag(FLAGS_max_annotations_per_message);
  options.limits.max_page_size = absl::GetFlag(FLAGS_max_page_size);
  options.limits.max_spans_per_layer = absl::GetFlag(FLAGS_max_spans_per_layer);
  options.max_message_bytes = absl::GetFlag(FLAGS_max_message_bytes);
  options.limits.max_concurrent_streams =
      absl::GetFlag(FLAGS_max_concurrent_streams);
  options.connection.max_threads = absl::GetFlag(FLAGS_max_threads);
  options.connection.keepalive_seconds = absl::GetFlag(FLAGS_keepalive_seconds);
  options.connection.keepalive_timeout_seconds =
      absl::GetFlag(FLAGS_keepalive_timeout_seconds);

  // Block the stop signals in every thread; one thread waits for them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  auto server = spanlab::SpanlabServer::Start(options);
  if (!server.ok()) {
    std::cerr << "spanlabd: " << server.status().message() << "\n";
    return 1;
  }
  if ((*server)->created_admin()) {
    std::cerr << "spanlabd: created the admin token; it is in "
              << (*server)->admin_token_path() << " (mode 0600)\n";
  }
  std::cerr << "spanlabd: serving on port " << (*server)->port() << " ("
            << options.listen << "), data in " << options.data_dir
            << ", durability " << durability
            << (options.tls.client_ca_file.empty()
                    ? (options.tls.enabled() ? ", TLS" : ", plaintext")
                    : ", TLS with client certificates")
            << std::endl;

  std::thread stopper([&] {
    int sig = 0;
    sigwait(&stop_signals, &sig);
    std::cerr << "spanlabd: signal " << sig << ", shutting down" << std::endl;
    (*server)->Shutdown(5);
  });
  (*server)->Wait();
  stopper.join();
  server->reset();
  std::cerr << "spanlabd: stopped" << std::endl;
  return 0;
}
