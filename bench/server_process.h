// A spanlabd child process on a loopback port with a fresh data directory,
// for the benchmark, and the memory it uses.
#ifndef SPANLAB_BENCH_SERVER_PROCESS_H_
#define SPANLAB_BENCH_SERVER_PROCESS_H_

#include <sys/types.h>

#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace spanlab::bench {

// Longest wait for the server's compactions before a timed workload.
constexpr double kMaxSettleSeconds = 120;

class ServerProcess {
 public:
  // Starts `binary` with a new data directory under `parent_dir` and
  // `extra_flags`; waits until the admin token exists and the port answers.
  // The server is sent SIGTERM when the calling thread ends, so call this
  // from a thread that outlives the server (the main thread, say): that is
  // what stops it when the benchmark or a test is killed.
  static absl::StatusOr<ServerProcess> Start(
      const std::string& binary, const std::string& parent_dir,
      const std::vector<std::string>& extra_flags);

  ServerProcess(ServerProcess&& other) noexcept;
  ServerProcess& operator=(ServerProcess&&) = delete;
  ~ServerProcess();  // SIGTERM, wait, remove the data directory.

  const std::string& address() const { return address_; }
  const std::string& admin_token() const { return admin_token_; }
  pid_t pid() const { return pid_; }

  // Resident set size now and at its peak (VmRSS, VmHWM), in bytes; 0 if
  // /proc cannot be read.
  int64_t RssBytes() const;
  int64_t PeakRssBytes() const;

  // CPU time (user + system, every thread, living or ended) the server has
  // used since it started, in seconds; -1 if /proc cannot be read. Its
  // resolution is a clock tick (10 ms): time spans of a second or more.
  double CpuSeconds() const;

  // Waits until the server has used less than 5% of a core for a whole
  // second (its flushes and compactions are done), or `max_seconds` have
  // passed; returns the seconds waited. Reads measured after it compare
  // the cost of a read, not how much of the machine background work left.
  double WaitUntilIdle(double max_seconds) const;

 private:
  ServerProcess() = default;

  pid_t pid_ = -1;
  std::string data_dir_;
  std::string address_;
  std::string admin_token_;
};

// Reads a "Vm...:" line of /proc/PID/status, in bytes.
int64_t ProcStatusBytes(pid_t pid, const char* field);

}  // namespace spanlab::bench

#endif  // SPANLAB_BENCH_SERVER_PROCESS_H_
