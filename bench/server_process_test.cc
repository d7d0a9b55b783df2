// A benchmark (or test) killed before it stops its server must not leave
// the server running: it would hold its port and a core for the rest of the
// machine's runs.
#include "bench/server_process.h"

#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <string>
#include <thread>

#include "gtest/gtest.h"
#include "tests/support/temp_dir.h"

namespace spanlab::bench {
namespace {

using ::spanlab::testing_support::TempDir;

TEST(ServerProcessTest, TheServerStopsWhenItsStarterDies) {
  TempDir dir;
  // The server, orphaned when its starter dies, becomes this process's
  // child: it can be waited for exactly, and reaped.
  ASSERT_EQ(prctl(PR_SET_CHILD_SUBREAPER, 1), 0);
  int fds[2];
  // Not inherited by the server: if the starter dies before writing, the
  // read below ends at once rather than when the server does.
  ASSERT_EQ(pipe2(fds, O_CLOEXEC), 0);
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
  bool exited = false;
  while (!exited && std::chrono::steady_clock::now() < deadline) {
    exited = waitpid(server, &status, WNOHANG) == server;
    if (!exited) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  if (!exited) {
    kill(server, SIGKILL);
    waitpid(server, &status, 0);
  }
  EXPECT_TRUE(exited) << "spanlabd " << server << " outlived its starter";
}

}  // namespace
}  // namespace spanlab::bench
