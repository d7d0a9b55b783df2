#include "bench/server_process.h"

#include <netinet/in.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <thread>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace spanlab::bench {
namespace {

int FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof(addr);
  int port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  close(fd);
  return port;
}

bool PortAnswers(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(port);
  const bool ok =
      connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
  close(fd);
  return ok;
}

}  // namespace

int64_t ProcStatusBytes(pid_t pid, const char* field) {
  std::ifstream in(absl::StrCat("/proc/", pid, "/status"));
  std::string line;
  while (std::getline(in, line)) {
    absl::string_view v = line;
    if (!absl::ConsumePrefix(&v, field)) continue;
    v = absl::StripAsciiWhitespace(v);
    absl::ConsumeSuffix(&v, " kB");
    int64_t kb = 0;
    if (absl::SimpleAtoi(v, &kb)) return kb * 1024;
  }
  return 0;
}

absl::StatusOr<ServerProcess> ServerProcess::Start(
    const std::string& binary, const std::string& parent_dir,
    const std::vector<std::string>& extra_flags) {
  ServerProcess p;
  std::string pattern = parent_dir + "/spanlab-bench-XXXXXX";
  if (mkdtemp(pattern.data()) == nullptr) {
    return absl::InternalError(absl::StrCat("mkdtemp in ", parent_dir));
  }
  p.data_dir_ = pattern;
  const int port = FreePort();
  p.address_ = absl::StrCat("127.0.0.1:", port);
  std::vector<std::string> args = {binary, "--data_dir=" + p.data_dir_,
                                   "--listen=" + p.address_};
  args.insert(args.end(), extra_flags.begin(), extra_flags.end());
  const std::string log = p.data_dir_ + "/spanlabd.log";
  const pid_t parent = getpid();
  p.pid_ = fork();
  if (p.pid_ < 0) return absl::InternalError("fork failed");
  if (p.pid_ == 0) {
    // If the benchmark dies without stopping it (a test's timeout kills
    // it, say), the server goes too rather than hold its port and cores.
    // The signal follows the thread that forked: see Start's contract.
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (getppid() != parent) _exit(127);  // the parent died before prctl
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    FILE* f = freopen(log.c_str(), "w", stderr);
    (void)f;
    execv(binary.c_str(), argv.data());
    _exit(127);
  }
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::seconds(30);
  const std::string token_path = p.data_dir_ + "/admin.token";
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (waitpid(p.pid_, &status, WNOHANG) == p.pid_) {
      p.pid_ = -1;
      return absl::UnavailableError(
          absl::StrCat(binary, " exited early; see ", log));
    }
    std::ifstream in(token_path);
    std::string token;
    if (in && std::getline(in, token) && !token.empty() && PortAnswers(port)) {
      p.admin_token_ = token;
      return p;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return absl::DeadlineExceededError(
      absl::StrCat(binary, " did not start within 30 s"));
}

ServerProcess::ServerProcess(ServerProcess&& o) noexcept
    : pid_(o.pid_),
      data_dir_(std::move(o.data_dir_)),
      address_(std::move(o.address_)),
      admin_token_(std::move(o.admin_token_)) {
  o.pid_ = -1;
  o.data_dir_.clear();
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) {
    kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
  }
  if (!data_dir_.empty()) {
    std::error_code ignored;
    std::filesystem::remove_all(data_dir_, ignored);
  }
}

int64_t ServerProcess::RssBytes() const {
  return ProcStatusBytes(pid_, "VmRSS:");
}

int64_t ServerProcess::PeakRssBytes() const {
  return ProcStatusBytes(pid_, "VmHWM:");
}

namespace {

// utime + stime of every thread of `pid`, in clock ticks; -1 if unreadable.
int64_t CpuTicks(pid_t pid) {
  std::ifstream in(absl::StrCat("/proc/", pid, "/stat"));
  std::string stat((std::istreambuf_iterator<char>(in)),
                   std::istreambuf_iterator<char>());
  // The command name may hold spaces; fields are counted after its ')'.
  const size_t paren = stat.rfind(')');
  if (paren == std::string::npos) return -1;
  std::istringstream fields(stat.substr(paren + 2));
  std::string field;
  int64_t utime = 0, stime = 0;
  for (int i = 3; fields >> field; ++i) {
    if (i == 14 && !absl::SimpleAtoi(field, &utime)) return -1;
    if (i == 15) return absl::SimpleAtoi(field, &stime) ? utime + stime : -1;
  }
  return -1;
}

}  // namespace

double ServerProcess::CpuSeconds() const {
  const int64_t ticks = CpuTicks(pid_);
  return ticks < 0 ? -1 : ticks / static_cast<double>(sysconf(_SC_CLK_TCK));
}

double ServerProcess::WaitUntilIdle(double max_seconds) const {
  const auto start = std::chrono::steady_clock::now();
  const auto elapsed = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                         start)
        .count();
  };
  const double ticks_per_second = sysconf(_SC_CLK_TCK);
  int64_t before = CpuTicks(pid_);
  while (before >= 0 && elapsed() < max_seconds) {
    std::this_thread::sleep_for(std::chrono::seconds(1));
    const int64_t now = CpuTicks(pid_);
    if (now < 0) break;
    if ((now - before) / ticks_per_second < 0.05) break;
    before = now;
  }
  return elapsed();
}

}  // namespace spanlab::bench
