#include "service/export/csv.h"

#include <map>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "service/export/json_fields.h"

namespace spanlab::dataset {
namespace {

constexpr absl::string_view kLineEnd = "\r\n";

std::string Row(const std::vector<std::string>& fields) {
  std::vector<std::string> quoted;
  quoted.reserve(fields.size());
  for (const std::string& f : fields) quoted.push_back(CsvField(f));
  return absl::StrCat(absl::StrJoin(quoted, ","), kLineEnd);
}

// The shortest decimal that reads back as the same double, as JSON writes
// it, so CSV and JSON lines agree on every score.
std::string FormatScore(double score) { return OrderedJson(score).dump(); }

class CsvWriter final : public FormatWriter {
 public:
  explicit CsvWriter(ExportOptions options) : options_(std::move(options)) {}

  std::vector<OutputPiece> Begin() override {
    std::vector<std::string> header = {
        "document_id", "start",  "end",  "label", "text",
        "attributes",  "author", "kind", "score", "model_version"};
    if (options_.include_deleted) header.push_back("deleted");
    return {{std::string(kCsvFileName), Row(header)}};
  }

  std::vector<OutputPiece> Document(
      const v1::Document& document,
      std::vector<v1::Annotation> spans) override {
    SortSpans(&spans);
    std::string out;
    for (const v1::Annotation& a : spans) {
      const std::map<std::string, std::string> sorted(a.attributes().begin(),
                                                      a.attributes().end());
      OrderedJson attributes = OrderedJson::object();
      for (const auto& [key, value] : sorted) attributes[key] = value;
      const bool automatic = a.kind() == v1::AUTOMATIC;
      std::vector<std::string> row = {document.document_id(),
                                      absl::StrCat(a.start()),
                                      absl::StrCat(a.end()),
                                      a.label(),
                                      a.text(),
                                      DumpCompact(attributes),
                                      a.author(),
                                      std::string(KindName(a.kind())),
                                      automatic ? FormatScore(a.score()) : "",
                                      automatic ? a.model_version() : ""};
      if (options_.include_deleted)
        row.push_back(a.deleted() ? "true" : "false");
      out += Row(row);
    }
    if (out.empty()) return {};
    return {{std::string(kCsvFileName), std::move(out)}};
  }

  std::vector<OutputPiece> End() override { return {}; }

 private:
  ExportOptions options_;
};

}  // namespace

std::string CsvField(absl::string_view field) {
  if (field.find_first_of(",\"\r\n") == absl::string_view::npos) {
    return std::string(field);
  }
  return absl::StrCat("\"", absl::StrReplaceAll(field, {{"\"", "\"\""}}), "\"");
}

std::unique_ptr<FormatWriter> NewCsvWriter(ExportOptions options) {
  return std::make_unique<CsvWriter>(std::move(options));
}

}  // namespace spanlab::dataset
