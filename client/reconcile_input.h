// Keys and prompts for `spanlab reconcile`'s interactive mode on a plain
// terminal. On a terminal, keys are read one at a time in raw mode (no
// echo, no line buffering; Ctrl-C arrives as a key, so quitting always
// goes the normal way) and prompts read a line in the terminal's normal
// mode. When stdin is not a terminal (choices piped in by a script), keys
// are the input's characters, white space skipped, and prompts read lines;
// a line break right after a key does not count as an empty answer, so
// piped input can give a key and each answer on lines of their own.
//
// The terminal's settings are restored when the object is destroyed.
#ifndef SPANLAB_CLIENT_RECONCILE_INPUT_H_
#define SPANLAB_CLIENT_RECONCILE_INPUT_H_

#include <termios.h>

#include <optional>
#include <ostream>
#include <string>

#include "absl/strings/string_view.h"

namespace spanlab::client {

class ReconcileInput {
 public:
  // Reads stdin; echoes prompts to `out`.
  explicit ReconcileInput(std::ostream& out);
  ~ReconcileInput();
  ReconcileInput(const ReconcileInput&) = delete;
  ReconcileInput& operator=(const ReconcileInput&) = delete;

  bool is_terminal() const { return terminal_; }

  // The next key (one byte; multi-byte characters arrive byte by byte), or
  // nullopt at the end of the input.
  std::optional<char> ReadKey();

  // Shows `prompt`, then reads one line without its line break; nullopt at
  // the end of the input.
  std::optional<std::string> Prompt(absl::string_view prompt);

 private:
  void Raw();
  void Cooked();

  std::ostream& out_;
  bool terminal_ = false;
  bool raw_ = false;
  // Whether the last read was a key.
  bool after_key_ = false;
  termios saved_{};
};

}  // namespace spanlab::client

#endif  // SPANLAB_CLIENT_RECONCILE_INPUT_H_
