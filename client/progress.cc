#include "client/progress.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <utility>

#include "absl/strings/str_format.h"
#include "absl/time/clock.h"

namespace spanlab::client {
namespace {

constexpr int kBarWidth = 30;
constexpr absl::Duration kRedrawInterval = absl::Milliseconds(100);

}  // namespace

ProgressBar::ProgressBar(std::string unit, int64_t total)
    : unit_(std::move(unit)),
      total_(total),
      enabled_(isatty(STDERR_FILENO) != 0 && total > 0),
      start_(absl::Now()) {}

ProgressBar::~ProgressBar() { Finish(); }

void ProgressBar::Update(int64_t done) {
  if (!enabled_) return;
  const absl::Time now = absl::Now();
  if (done < total_ && now - last_draw_ < kRedrawInterval) return;
  last_draw_ = now;
  Draw(done);
}

void ProgressBar::Draw(int64_t done) {
  const double fraction = std::clamp(
      static_cast<double>(done) / static_cast<double>(total_), 0.0, 1.0);
  const int filled = static_cast<int>(fraction * kBarWidth);
  const double seconds = absl::ToDoubleSeconds(absl::Now() - start_);
  const double rate = seconds > 0 ? static_cast<double>(done) / seconds : 0;
  const std::string line = absl::StrFormat(
      "\r[%s%s]  %d/%d %s  %.1f/s\x1b[K", std::string(filled, '#'),
      std::string(kBarWidth - filled, '.'), done, total_, unit_, rate);
  std::fputs(line.c_str(), stderr);
  std::fflush(stderr);
}

void ProgressBar::Finish() {
  if (!enabled_) return;
  enabled_ = false;
  if (last_draw_ == absl::InfinitePast()) return;
  std::fputs("\r\x1b[K", stderr);
  std::fflush(stderr);
}

}  // namespace spanlab::client
