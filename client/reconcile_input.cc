#include "client/reconcile_input.h"

#include <unistd.h>

#include <cerrno>

namespace spanlab::client {
namespace {

// One byte of stdin, retried when a signal interrupts the read.
std::optional<char> ReadByte() {
  char c = 0;
  while (true) {
    const ssize_t n = ::read(STDIN_FILENO, &c, 1);
    if (n == 1) return c;
    if (n < 0 && errno == EINTR) continue;
    return std::nullopt;
  }
}

}  // namespace

ReconcileInput::ReconcileInput(std::ostream& out) : out_(out) {
  terminal_ =
      isatty(STDIN_FILENO) != 0 && tcgetattr(STDIN_FILENO, &saved_) == 0;
}

ReconcileInput::~ReconcileInput() { Cooked(); }

void ReconcileInput::Raw() {
  if (!terminal_ || raw_) return;
  termios raw = saved_;
  raw.c_lflag &= ~(ICANON | ECHO | ISIG);
  raw.c_cc[VMIN] = 1;
  raw.c_cc[VTIME] = 0;
  raw_ = tcsetattr(STDIN_FILENO, TCSAFLUSH, &raw) == 0;
}

void ReconcileInput::Cooked() {
  if (!terminal_ || !raw_) return;
  tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_);
  raw_ = false;
}

std::optional<char> ReconcileInput::ReadKey() {
  out_.flush();
  Raw();
  while (true) {
    std::optional<char> c = ReadByte();
    if (!c.has_value()) return std::nullopt;
    // Piped choices may be spread over lines; on a terminal a stray Enter
    // means nothing either.
    if (*c == '\n' || *c == '\r' || *c == ' ' || *c == '\t') continue;
    after_key_ = true;
    return c;
  }
}

std::optional<std::string> ReconcileInput::Prompt(absl::string_view prompt) {
  Cooked();
  out_ << prompt;
  out_.flush();
  std::string line;
  bool skip_break = !terminal_ && after_key_;
  after_key_ = false;
  while (true) {
    std::optional<char> c = ReadByte();
    if (!c.has_value()) {
      if (line.empty()) return std::nullopt;
      break;
    }
    if (skip_break && line.empty() && (*c == '\n' || *c == '\r')) {
      skip_break = *c == '\r';
      continue;
    }
    skip_break = false;
    if (*c == '\n') break;
    line.push_back(*c);
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  // Piped input is not echoed by a terminal; show the answer so the
  // transcript reads like a session.
  if (!terminal_) out_ << line << '\n';
  return line;
}

}  // namespace spanlab::client
