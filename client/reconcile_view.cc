#include "client/reconcile_view.h"

#include <algorithm>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "client/ansi.h"
#include "client/errors.h"
#include "client/format.h"
#include "client/labeler_layout.h"
#include "client/table.h"

namespace spanlab::client {
namespace {

std::string SpanText(int64_t start, int64_t end) {
  return absl::StrCat("[", start, ", ", end, ")");
}

// "source=\"Tillerson\" cue=\"said\"", keys in order.
std::string AttributesText(
    const google::protobuf::Map<std::string, std::string>& attributes) {
  std::vector<std::string> keys;
  for (const auto& [key, value] : attributes) keys.push_back(key);
  std::sort(keys.begin(), keys.end());
  std::vector<std::string> parts;
  for (const std::string& key : keys) {
    parts.push_back(absl::StrCat(OneLine(key), "=", Quote(attributes.at(key))));
  }
  return absl::StrJoin(parts, " ");
}

std::string ActionText(v1::ItemResolution::Action action) {
  switch (action) {
    case v1::ItemResolution::MERGE:
      return "merged";
    case v1::ItemResolution::TAKE:
      return "version taken";
    case v1::ItemResolution::EDIT:
      return "edited";
    case v1::ItemResolution::DROP:
      return "dropped";
    default:
      return "resolved";
  }
}

std::string StateText(v1::DocumentReconcileState state) {
  switch (state) {
    case v1::RECONCILE_NOT_READY:
      return "not ready";
    case v1::RECONCILE_OPEN:
      return "open";
    case v1::RECONCILE_IN_PROGRESS:
      return "in progress";
    case v1::RECONCILE_DONE:
      return "done";
    default:
      return "-";
  }
}

std::string CountsText(const v1::ItemCounts& c) {
  return absl::StrCat("unanimous ", c.unanimous(), ", label conflict ",
                      c.label_conflict(), ", boundary conflict ",
                      c.boundary_conflict(), ", partial ", c.partial());
}

}  // namespace

std::string ItemTypeText(v1::ItemType type) {
  switch (type) {
    case v1::UNANIMOUS:
      return "unanimous";
    case v1::LABEL_CONFLICT:
      return "label conflict";
    case v1::BOUNDARY_CONFLICT:
      return "boundary conflict";
    case v1::PARTIAL:
      return "partial";
    default:
      return "-";
  }
}

CodePointRange ItemContext(const TextBoundaries& boundaries, int64_t start,
                           int64_t end, int64_t max_extra) {
  const int64_t length = boundaries.length();
  start = std::clamp<int64_t>(start, 0, length);
  end = std::clamp<int64_t>(end, start, length);
  const CodePointRange first = boundaries.SentenceAt(start);
  const CodePointRange last = boundaries.SentenceAt(std::max(start, end - 1));
  int64_t lo = std::min(first.start, start);
  int64_t hi = std::max(last.end, end);
  lo = std::max(lo, start - max_extra);
  hi = std::min(hi, end + max_extra);
  return CodePointRange{std::clamp<int64_t>(lo, 0, length),
                        std::clamp<int64_t>(hi, 0, length)};
}

std::string RenderItem(const v1::ReconcileItem& item,
                       const std::u32string& text, CodePointRange context,
                       int index, int total, bool color,
                       const LabelColors& colors) {
  std::string out;
  const std::string header = absl::StrCat(
      "Item ", index, " of ", total, "  ·  ", LastSegment(item.document()),
      "  ·  ", ItemTypeText(item.type()), "  ·  ",
      SpanText(item.start(), item.end()));
  absl::StrAppend(&out, color ? absl::StrCat(kBold, header, kReset) : header,
                  "\n");
  if (item.resolved()) {
    absl::StrAppend(&out, "resolved: ", ActionText(item.resolution().action()),
                    " (", item.resolution().policy(), ") by ",
                    item.resolution().adjudicator(), "\n");
  }
  const std::string shown =
      OneLine(EncodeUtf8(text, context.start, context.end));
  const bool cut_before = context.start > 0;
  const bool cut_after = context.end < static_cast<int64_t>(text.size());
  for (int i = 0; i < item.versions_size(); ++i) {
    const v1::ItemVersion& v = item.versions(i);
    std::string label = OneLine(v.label());
    if (color) label = Highlight(label, ColorOf(colors, v.label()));
    absl::StrAppend(&out, "\n  ", i + 1, "  ", OneLine(v.annotator()),
                    v.automatic() ? " (automatic)" : "", "  ", label, "  ",
                    SpanText(v.start(), v.end()));
    const std::string attributes = AttributesText(v.attributes());
    if (!attributes.empty()) absl::StrAppend(&out, "  ", attributes);
    RenderSpan span;
    span.start = v.start() - context.start;
    span.end = v.end() - context.start;
    span.label = v.label();
    span.number = i + 1;
    absl::StrAppend(&out, "\n     ", cut_before ? "…" : "",
                    RenderText(shown, {span}, color, colors),
                    cut_after ? "…" : "", "\n");
  }
  absl::StrAppend(
      &out, "\n",
      item.versions_size() == 1
          ? "1 take"
          : absl::StrCat("1-", std::min(9, item.versions_size()), " take"),
      " · t take several · e edit · d drop · s skip · q quit\n");
  return out;
}

Choice ParseKey(char key, int versions) {
  Choice c;
  if (key >= '1' && key <= '9' && key - '1' < versions) {
    c.kind = Choice::Kind::kTake;
    c.version = key - '1';
    return c;
  }
  switch (key) {
    case 't':
      c.kind = Choice::Kind::kTakeSeveral;
      break;
    case 'e':
      c.kind = Choice::Kind::kEdit;
      break;
    case 'd':
      c.kind = Choice::Kind::kDrop;
      break;
    case 's':
      c.kind = Choice::Kind::kSkip;
      break;
    case 'q':
    case '\x03':  // Ctrl-C in raw mode.
    case '\x04':  // Ctrl-D.
      c.kind = Choice::Kind::kQuit;
      break;
    default:
      c.kind = Choice::Kind::kUnknown;
  }
  return c;
}

absl::StatusOr<std::vector<int>> ParseVersionList(absl::string_view text,
                                                  int versions) {
  std::vector<int> out;
  std::set<int> seen;
  for (absl::string_view part :
       absl::StrSplit(text, absl::ByAnyChar(", "), absl::SkipEmpty())) {
    int n = 0;
    if (!absl::SimpleAtoi(part, &n) || n < 1 || n > versions) {
      return UsageError(absl::StrCat("\"", OneLine(part),
                                     "\": not a version number (1 to ",
                                     versions, ")"));
    }
    if (!seen.insert(n).second) {
      return UsageError(absl::StrCat("version ", n, " given twice"));
    }
    out.push_back(n - 1);
  }
  if (out.empty()) return UsageError("no version numbers given");
  return out;
}

std::string RenderMergeCounts(const v1::AutoMergeResponse& r) {
  std::string out = absl::StrCat(
      "policy ", r.policy(), ": merged ", r.merged(),
      r.merged() == 1 ? " item" : " items", " in ", r.documents(),
      r.documents() == 1 ? " document" : " documents", "; ",
      r.already_resolved(), " already resolved, ", r.open(), " open\n");
  absl::StrAppend(&out, "items: ", r.items(), " (", CountsText(r.by_type()),
                  ")\n");
  if (r.superseded() > 0) {
    absl::StrAppend(&out, "superseded: ", r.superseded(),
                    " earlier decisions on items whose versions changed; "
                    "their gold spans were withdrawn\n");
  }
  if (r.blocked() > 0) {
    absl::StrAppend(&out, "blocked: ", r.blocked(),
                    " items left open because their gold span would "
                    "overlap a gold span already there\n");
  }
  if (r.skipped_documents_size() > 0) {
    std::vector<std::string> ids;
    for (const std::string& name : r.skipped_documents()) {
      ids.push_back(std::string(LastSegment(name)));
    }
    absl::StrAppend(&out, "skipped (nobody finished them): ",
                    absl::StrJoin(ids, ", "), "\n");
  }
  return out;
}

std::string RenderItemTable(const std::vector<v1::ReconcileItem>& items) {
  Table table(
      {{"DOCUMENT"}, {"ITEM"}, {"TYPE"}, {"SPAN"}, {"STATUS"}, {"VERSIONS"}});
  for (const v1::ReconcileItem& item : items) {
    std::vector<std::string> versions;
    for (const v1::ItemVersion& v : item.versions()) {
      versions.push_back(absl::StrCat(v.annotator(), ":", v.label(), "[",
                                      v.start(), ",", v.end(), ")"));
    }
    table.AddRow(
        {std::string(LastSegment(item.document())),
         std::string(LastSegment(item.name())), ItemTypeText(item.type()),
         SpanText(item.start(), item.end()),
         item.resolved() ? ActionText(item.resolution().action()) : "open",
         OneLine(absl::StrJoin(versions, " "))});
  }
  return table.Render();
}

std::string RenderStatus(const v1::ReconcileStatus& status) {
  Table table({{"DOCUMENT"},
               {"STATE"},
               {"LAYERS"},
               {"ITEMS", Table::Align::kRight},
               {"RESOLVED", Table::Align::kRight},
               {"OPEN", Table::Align::kRight},
               {"GOLD", Table::Align::kRight}});
  for (const v1::DocumentReconcileStatus& d : status.documents()) {
    const bool ready = d.state() != v1::RECONCILE_NOT_READY;
    table.AddRow({std::string(LastSegment(d.document())), StateText(d.state()),
                  ready ? OneLine(absl::StrJoin(d.layers(), ",")) : "-",
                  ready ? absl::StrCat(d.items()) : "-",
                  ready ? absl::StrCat(d.resolved()) : "-",
                  ready ? absl::StrCat(d.open()) : "-",
                  ready ? absl::StrCat(d.gold()) : "-"});
  }
  return absl::StrCat(table.Render(), "\n", status.documents_size(),
                      " documents: ", status.done(), " done, ",
                      status.in_progress(), " in progress, ", status.open(),
                      " open, ", status.not_ready(), " not ready\n",
                      status.items(), " items: ", status.resolved(),
                      " resolved, ", status.open_items(), " open (",
                      CountsText(status.by_type()), ")\n");
}

}  // namespace spanlab::client
