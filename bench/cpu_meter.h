// The server's CPU time around a workload, and the per-operation figures
// made from it.
#ifndef SPANLAB_BENCH_CPU_METER_H_
#define SPANLAB_BENCH_CPU_METER_H_

#include <cmath>
#include <cstdint>
#include <string>

#include "bench/report.h"
#include "bench/server_process.h"

namespace spanlab::bench {

// The server's CPU time (all its threads, background work included) from
// construction to Seconds(). Unlike a rate it does not count the client's
// share of the two cores, nor time a neighbour took, so per-operation costs
// compare across workloads and sizes with less noise. NaN without a server
// of our own or when /proc cannot be read, so that no figure is made up.
class CpuMeter {
 public:
  explicit CpuMeter(const ServerProcess* server)
      : server_(server), start_(server ? server->CpuSeconds() : -1) {}
  double Seconds() const {
    const double now = server_ ? server_->CpuSeconds() : -1;
    if (start_ < 0 || now < 0) return std::nan("");
    return now - start_;
  }
  static double MicrosPer(double seconds, int64_t operations) {
    return operations > 0 ? seconds * 1e6 / operations : std::nan("");
  }

 private:
  const ServerProcess* server_;
  double start_;
};

// Notes a figure computed from CPU time, unless it could not be measured
// (NaN) or divides by a time too short to register (infinite).
inline void NoteIfMeasured(Report& report, const std::string& name,
                           double value, const std::string& unit) {
  if (std::isfinite(value)) report.Note(name, value, unit);
}

}  // namespace spanlab::bench

#endif  // SPANLAB_BENCH_CPU_METER_H_
