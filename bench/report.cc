#include "bench/report.h"

#include <fstream>

#include "absl/strings/str_format.h"

namespace spanlab::bench {

void Report::Add(const std::string& name, const Throughput& t,
                 const std::string& unit) {
  rows_.push_back({name, t, unit});
  // The percentiles are taken; the samples would only hold memory.
  rows_.back().t.latencies = Latencies();
}

void Report::Note(const std::string& name, double value,
                  const std::string& unit) {
  notes_.push_back({name, {value, unit}});
}

void Report::Context(const std::string& key, nlohmann::json value) {
  context_[key] = std::move(value);
}

std::string Report::Table() const {
  std::string out =
      absl::StrFormat("%-44s %12s %-14s %9s %9s %9s\n", "workload", "rate",
                      "unit", "p50 ms", "p99 ms", "p99.9 ms");
  for (const auto& r : rows_) {
    absl::StrAppendFormat(&out, "%-44s %12.1f %-14s %9.3f %9.3f %9.3f\n",
                          r.name, r.t.per_second(), r.unit, r.t.p50_ms,
                          r.t.p99_ms, r.t.p999_ms);
  }
  out += "\n";
  for (const auto& [name, v] : notes_) {
    absl::StrAppendFormat(&out, "%-44s %12.3f %s\n", name, v.first, v.second);
  }
  return out;
}

absl::Status Report::WriteJson(const std::string& path) const {
  nlohmann::json j;
  j["context"] = context_;
  for (const auto& r : rows_) {
    j["workloads"][r.name] = {
        {"rate", r.t.per_second()},     {"unit", r.unit},
        {"operations", r.t.operations}, {"seconds", r.t.seconds},
        {"p50_ms", r.t.p50_ms},         {"p99_ms", r.t.p99_ms},
        {"p999_ms", r.t.p999_ms}};
  }
  for (const auto& [name, v] : notes_) {
    j["figures"][name] = {{"value", v.first}, {"unit", v.second}};
  }
  std::ofstream out(path);
  out << j.dump(2) << "\n";
  if (!out) return absl::InternalError("cannot write " + path);
  return absl::OkStatus();
}

}  // namespace spanlab::bench
