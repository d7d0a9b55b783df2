#include "client/history_view.h"

#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "client/format.h"
#include "client/table.h"

namespace spanlab::client {
namespace {

constexpr int kMaxChangeWidth = 100;

}  // namespace

std::string SummarizeAnnotation(const v1::Annotation& annotation) {
  std::string out = absl::StrCat("[", annotation.start(), ",", annotation.end(),
                                 ") ", annotation.label());
  if (!annotation.attributes().empty()) {
    // Map fields have no order of their own.
    const std::map<std::string, std::string> sorted(
        annotation.attributes().begin(), annotation.attributes().end());
    absl::StrAppend(&out, " {",
                    absl::StrJoin(sorted, ", ", absl::PairFormatter("=")), "}");
  }
  if (annotation.kind() == v1::AUTOMATIC)
    absl::StrAppend(&out, " (suggestion)");
  if (annotation.deleted()) absl::StrAppend(&out, " deleted");
  return out;
}

std::string SummarizeChange(const v1::AuditEntry& entry) {
  std::string out;
  if (entry.has_before() || entry.has_after()) {
    const std::string before =
        entry.has_before() ? SummarizeAnnotation(entry.before()) : "none";
    std::string after;
    if (entry.has_after()) {
      after = SummarizeAnnotation(entry.after());
    } else {
      after = entry.action() == "reject" ? "rejected" : "none";
    }
    out = absl::StrCat(before, " → ", after);
  }
  if (!entry.detail().empty()) {
    absl::StrAppend(&out, out.empty() ? "" : "; ", entry.detail());
  }
  return out;
}

std::string HistoryTable(const std::vector<v1::AuditEntry>& entries) {
  Table table({{"TIME"}, {"ACTOR"}, {"ACTION"}, {"RESOURCE"}, {"CHANGE"}});
  for (const v1::AuditEntry& entry : entries) {
    table.AddRow({FormatTimestamp(entry.time()), entry.actor(), entry.action(),
                  std::string(LastSegment(entry.resource())),
                  Truncate(OneLine(SummarizeChange(entry)), kMaxChangeWidth)});
  }
  return table.Render();
}

}  // namespace spanlab::client
