// A progress line on stderr for long operations.
#ifndef SPANLAB_CLIENT_PROGRESS_H_
#define SPANLAB_CLIENT_PROGRESS_H_

#include <cstdint>
#include <string>

#include "absl/time/time.h"

namespace spanlab::client {

// Redraws "[####......]  done/total unit  rate/s" in place on stderr. Does
// nothing unless stderr is a terminal, so logs and pipes stay clean.
class ProgressBar {
 public:
  ProgressBar(std::string unit, int64_t total);
  // Clears the line if still shown.
  ~ProgressBar();

  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  // Records that `done` items are finished; redraws at most ten times a
  // second, and always for the last item.
  void Update(int64_t done);

  // Clears the line; later updates draw nothing.
  void Finish();

 private:
  void Draw(int64_t done);

  std::string unit_;
  int64_t total_;
  bool enabled_;
  absl::Time start_;
  absl::Time last_draw_ = absl::InfinitePast();
};

}  // namespace spanlab::client

#endif  // SPANLAB_CLIENT_PROGRESS_H_
