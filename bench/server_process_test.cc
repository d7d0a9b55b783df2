// A benchmark (or test) killed before it stops its server must not leave
// the server running: it would hold its port and a core for the rest of the
// machine's runs.
#include "bench/server_process.h"

#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <fstream>
#include <string>
#include <thread>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "tests/support/temp_dir.h"

namespace spanlab::bench {
namespace {

using ::spanlab::testing_support::TempDir;

// Whether `pid` has exited: gone from /proc, or a zombie nobody reaped yet.
bool Exited(pid_t pid) {
  std::ifstream stat(absl::StrCat("/proc/", pid, "/stat"));
  std::string line;
  if (!stat || !std::getline(stat, line)) return true;
  // "pid (comm) state ...": comm may hold spaces and parentheses.
  const size_t close = line.rfind(')');
  return close != std::string::npos && close + 2 < line.size() &&
         line[close + 2] == 'Z';
}

TEST(ServerProcessTest, TheServerStopsWhenItsStarterDies) {
  TempDir dir;
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  // The starter is a child of the test, so it can die without stopping
  // its server the way the destructor would, as a killed benchmark does.
  const pid_t starter = fork();
  ASSERT_GE(starter, 0);
  if (starter == 0) {
    close(fds[0]);
    auto server = ServerProcess::Start(SPANLAB_TEST_SPANLABD, dir.path(), {});
    const pid_t pid = server.ok() ? server->pid() : -1;
    if (write(fds[1], &pid, sizeof pid) != sizeof pid) _exit(2);
    _exit(0);
  }
  close(fds[1]);
  pid_t server = -1;
  const ssize_t n = read(fds[0], &server, sizeof server);
  close(fds[0]);
  int status = 0;
  waitpid(starter, &status, 0);
  ASSERT_EQ(n, static_cast<ssize_t>(sizeof server));
  ASSERT_GT(server, 0) << "the server did not start";

  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (!Exited(server) && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  const bool exited = Exited(server);
  if (!exited) kill(server, SIGKILL);
  EXPECT_TRUE(exited) << "spanlabd " << server << " outlived its starter";
}

}  // namespace
}  // namespace spanlab::bench
