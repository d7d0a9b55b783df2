// The labeler's terminal, through ncurses (wide-character build): taking
// it over and giving it back, reading keys, and painting composed frames.
//
// The terminal is given back (endwin) when the Terminal is destroyed, so
// every way out of the labeler, errors included, restores it. SIGTERM,
// SIGHUP and SIGINT do not kill the process while the labeler runs: they
// make ReadKey report a quit, so the labeler ends the normal way.
#ifndef SPANLAB_CLIENT_LABELER_TERMINAL_H_
#define SPANLAB_CLIENT_LABELER_TERMINAL_H_

#include <memory>
#include <optional>
#include <vector>

#include "absl/status/statusor.h"
#include "client/ansi.h"
#include "client/labeler_frame.h"
#include "client/labeler_keys.h"

namespace spanlab::client {

class Terminal {
 public:
  // Takes over the terminal on stdin/stdout; `label_colors[i]` is the
  // colour of label i, shown as the nearest colour the terminal has.
  static absl::StatusOr<std::unique_ptr<Terminal>> Open(
      const std::vector<Rgb>& label_colors);

  ~Terminal();
  Terminal(const Terminal&) = delete;
  Terminal& operator=(const Terminal&) = delete;

  int width() const;
  int height() const;

  // The next key; nullopt once a signal asked the labeler to quit.
  std::optional<KeyEvent> ReadKey();

  // Shows `frame` (composed for width() × height()).
  void Paint(const Frame& frame);

  // Makes the next Paint redraw every cell, for a screen that something
  // else wrote over.
  void Invalidate();

 private:
  struct State;
  explicit Terminal(std::unique_ptr<State> state);

  std::unique_ptr<State> state_;
};

}  // namespace spanlab::client

#endif  // SPANLAB_CLIENT_LABELER_TERMINAL_H_
