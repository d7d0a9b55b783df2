// The benchmark's report: rows printed as a table and written as JSON.
#ifndef SPANLAB_BENCH_REPORT_H_
#define SPANLAB_BENCH_REPORT_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "bench/workloads.h"
#include "nlohmann/json.hpp"

namespace spanlab::bench {

class Report {
 public:
  // One measured workload.
  void Add(const std::string& name, const Throughput& t,
           const std::string& unit);
  // A derived figure (a ratio, a size, a target check).
  void Note(const std::string& name, double value, const std::string& unit);
  void Context(const std::string& key, nlohmann::json value);

  // Human-readable table.
  std::string Table() const;
  absl::Status WriteJson(const std::string& path) const;

 private:
  struct Row {
    std::string name;
    Throughput t;
    std::string unit;
  };
  std::vector<Row> rows_;
  std::vector<std::pair<std::string, std::pair<double, std::string>>> notes_;
  nlohmann::json context_ = nlohmann::json::object();
};

}  // namespace spanlab::bench

#endif  // SPANLAB_BENCH_REPORT_H_
