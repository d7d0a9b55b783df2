// ReconcileApi: listing items, automatic merges and status.
#include "service/reconcile_api.h"

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "service/names.h"
#include "service/reconcile/policy.h"
#include "service/reconcile_document.h"
#include "service/reconcile_gold.h"

namespace spanlab {
namespace {

// Where a listing page ended: the last item returned.
struct ItemCursor {
  std::string document;
  int64_t start = 0;
  int64_t end = 0;
  std::string item;
};

std::string EncodeCursor(const ItemCursor& c) {
  // Document ids hold no '\n' (names.h), item ids are hex.
  return absl::WebSafeBase64Escape(
      absl::StrCat(c.document, "\n", c.start, "\n", c.end, "\n", c.item));
}

absl::StatusOr<ItemCursor> DecodeCursor(absl::string_view token) {
  std::string raw;
  ItemCursor c;
  if (absl::WebSafeBase64Unescape(token, &raw)) {
    std::vector<std::string> parts = absl::StrSplit(raw, '\n');
    if (parts.size() == 4 && absl::SimpleAtoi(parts[1], &c.start) &&
        absl::SimpleAtoi(parts[2], &c.end) && !parts[0].empty()) {
      c.document = parts[0];
      c.item = parts[3];
      return c;
    }
  }
  return absl::InvalidArgumentError(
      "page_token: not a page token of ListItems (tokens are only valid with "
      "the same parent and filters)");
}

bool IsAfter(const reconcile::Item& item, const ItemCursor& c) {
  return std::tie(item.start, item.end, item.id) >
         std::tie(c.start, c.end, c.item);
}

absl::StatusOr<int> PageSize(int requested, const Limits& limits) {
  if (requested < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("page_size=", requested, ": must be >= 0"));
  }
  if (requested == 0) return limits.default_page_size;
  return std::min(requested, limits.max_page_size);
}

bool Wanted(v1::ItemStatusFilter filter, bool resolved) {
  switch (filter) {
    case v1::RESOLVED_ITEMS:
      return resolved;
    case v1::ALL_ITEMS:
      return true;
    default:
      return !resolved;
  }
}

// `s` with the document it happened in, for failures of project-wide
// calls.
absl::Status InDocument(const absl::Status& s, absl::string_view document) {
  return absl::Status(
      s.code(), absl::StrCat("document \"", document, "\": ", s.message()));
}

void AddCounts(const v1::ItemCounts& from, v1::ItemCounts* to) {
  to->set_unanimous(to->unanimous() + from.unanimous());
  to->set_label_conflict(to->label_conflict() + from.label_conflict());
  to->set_boundary_conflict(to->boundary_conflict() + from.boundary_conflict());
  to->set_partial(to->partial() + from.partial());
}

}  // namespace

absl::StatusOr<v1::ListItemsResponse> ReconcileApi::ListItems(
    const Principal& caller, const v1::ListItemsRequest& r) {
  absl::Status s = RequireReconciler(caller, "ListItems");
  if (!s.ok()) return s;
  auto scope = ParseReconcileScope(r.parent(), "parent");
  if (!scope.ok()) return scope.status();
  if (!v1::ItemStatusFilter_IsValid(r.status())) {
    return absl::InvalidArgumentError(
        absl::StrCat("status=", r.status(), ": not an ItemStatusFilter"));
  }
  auto size = PageSize(r.page_size(), limits_);
  if (!size.ok()) return size.status();
  std::optional<ItemCursor> cursor;
  if (!r.page_token().empty()) {
    auto c = DecodeCursor(r.page_token());
    if (!c.ok()) return c.status();
    if (!scope->document.empty() && c->document != scope->document) {
      return absl::InvalidArgumentError(
          "page_token: belongs to a listing of another parent");
    }
    cursor = *std::move(c);
  }
  auto documents = ReadFinished(store_, *scope);
  if (!documents.ok()) return documents.status();

  v1::ListItemsResponse out;
  ItemCursor last;
  for (const auto& [document_id, finished] : *documents) {
    if (finished.empty()) continue;
    if (cursor.has_value() && document_id < cursor->document) continue;
    auto txn = store_->BeginDocument(scope->project, document_id);
    if (!txn.ok()) return txn.status();
    auto doc = DocumentReconciliation::Load(txn->get(), scope->project,
                                            finished, r.include_automatic());
    if (!doc.ok()) return InDocument(doc.status(), document_id);
    for (const reconcile::Item& item : (*doc)->items()) {
      if (cursor.has_value() && document_id == cursor->document &&
          !IsAfter(item, *cursor)) {
        continue;
      }
      if (!Wanted(r.status(), (*doc)->ResolutionOf(item.id) != nullptr)) {
        continue;
      }
      if (out.items_size() == *size) {
        out.set_next_page_token(EncodeCursor(last));
        return out;
      }
      *out.add_items() = (*doc)->ToProto(item);
      last = ItemCursor{document_id, item.start, item.end, item.id};
    }
  }
  return out;
}

absl::StatusOr<v1::AutoMergeResponse> ReconcileApi::AutoMerge(
    const Principal& caller, const v1::AutoMergeRequest& r,
    const CallCheck& ended) {
  absl::Status s = RequireReconciler(caller, "AutoMerge");
  if (!s.ok()) return s;
  auto scope = ParseReconcileScope(r.parent(), "parent");
  if (!scope.ok()) return scope.status();
  auto policy = reconcile::ParsePolicy(r.policy());
  if (!policy.ok()) return policy.status();
  const std::string policy_name = reconcile::PolicyName(*policy);
  auto project = store_->GetProject(scope->project);
  if (!project.ok()) return project.status();
  auto documents = ReadFinished(store_, *scope);
  if (!documents.ok()) return documents.status();

  v1::AutoMergeResponse out;
  out.set_policy(policy_name);
  for (const auto& [document_id, finished] : *documents) {
    s = ended();
    if (!s.ok()) return s;
    if (finished.empty()) {
      out.add_skipped_documents(DocumentName(scope->project, document_id));
      continue;
    }
    auto txn = store_->BeginDocument(scope->project, document_id);
    if (!txn.ok()) return txn.status();
    auto doc = DocumentReconciliation::Load(txn->get(), scope->project,
                                            finished, r.include_automatic());
    if (!doc.ok()) return InDocument(doc.status(), document_id);
    GoldWriter writer(txn->get(), doc->get(), &(*project)->schema(), caller,
                      limits_);
    for (const auto& [item_id, resolution] : (*doc)->Superseded()) {
      writer.Supersede(item_id, resolution);
      out.set_superseded(out.superseded() + 1);
    }
    for (const reconcile::Item& item : (*doc)->items()) {
      out.set_items(out.items() + 1);
      CountType(item.type, out.mutable_by_type());
      if ((*doc)->ResolutionOf(item.id) != nullptr) {
        out.set_already_resolved(out.already_resolved() + 1);
        continue;
      }
      std::optional<reconcile::Decision> decision =
          reconcile::Decide(item, *policy);
      if (!decision.has_value()) {
        out.set_open(out.open() + 1);
        continue;
      }
      auto gold =
          writer.Add(decision->gold,
                     MakeProvenance(**doc, item, policy_name, "merged",
                                    decision->agreeing, decision->sources,
                                    decision->attribute_conflicts, caller),
                     ItemName(scope->project, document_id, item.id));
      if (!gold.ok()) {
        const absl::StatusCode code = gold.status().code();
        if (code != absl::StatusCode::kFailedPrecondition &&
            code != absl::StatusCode::kAlreadyExists) {
          return InDocument(gold.status(), document_id);
        }
        out.set_blocked(out.blocked() + 1);
        out.set_open(out.open() + 1);
        continue;
      }
      v1::ItemResolution resolution;
      resolution.set_action(v1::ItemResolution::MERGE);
      resolution.set_policy(policy_name);
      resolution.add_gold_annotations(gold->name());
      for (const std::string& v : decision->sources) {
        resolution.add_versions(v);
      }
      writer.Resolve(item, nullptr, std::move(resolution));
      out.set_merged(out.merged() + 1);
    }
    s = (*txn)->Commit();
    if (!s.ok()) return InDocument(s, document_id);
    out.set_documents(out.documents() + 1);
  }
  return out;
}

absl::StatusOr<v1::ReconcileStatus> ReconcileApi::GetReconcileStatus(
    const Principal& caller, const v1::GetReconcileStatusRequest& r) {
  absl::Status s = RequireReconciler(caller, "GetReconcileStatus");
  if (!s.ok()) return s;
  auto project_id = ParseProjectName(r.parent(), "parent");
  if (!project_id.ok()) return project_id.status();
  auto documents = ReadFinished(store_, ReconcileScope{*project_id, ""});
  if (!documents.ok()) return documents.status();

  v1::ReconcileStatus out;
  for (const auto& [document_id, finished] : *documents) {
    v1::DocumentReconcileStatus* line = out.add_documents();
    line->set_document(DocumentName(*project_id, document_id));
    if (finished.empty()) {
      line->set_state(v1::RECONCILE_NOT_READY);
      out.set_not_ready(out.not_ready() + 1);
      continue;
    }
    auto txn = store_->BeginDocument(*project_id, document_id);
    if (!txn.ok()) return txn.status();
    auto doc = DocumentReconciliation::Load(txn->get(), *project_id, finished,
                                            r.include_automatic());
    if (!doc.ok()) return InDocument(doc.status(), document_id);
    for (const std::string& layer : (*doc)->layers()) line->add_layers(layer);
    line->set_include_automatic((*doc)->include_automatic());
    for (const reconcile::Item& item : (*doc)->items()) {
      line->set_items(line->items() + 1);
      CountType(item.type, line->mutable_by_type());
      if ((*doc)->ResolutionOf(item.id) != nullptr) {
        line->set_resolved(line->resolved() + 1);
      } else {
        line->set_open(line->open() + 1);
      }
    }
    line->set_gold(static_cast<int64_t>((*doc)->gold().size()));
    line->set_superseded(static_cast<int64_t>((*doc)->Superseded().size()));
    // Superseded resolutions still have gold spans up, so the document is
    // not done until they are withdrawn.
    if (line->open() == 0 && line->superseded() == 0) {
      line->set_state(v1::RECONCILE_DONE);
      out.set_done(out.done() + 1);
    } else if (line->resolved() == 0 && line->superseded() == 0) {
      line->set_state(v1::RECONCILE_OPEN);
      out.set_open(out.open() + 1);
    } else {
      line->set_state(v1::RECONCILE_IN_PROGRESS);
      out.set_in_progress(out.in_progress() + 1);
    }
    out.set_items(out.items() + line->items());
    out.set_resolved(out.resolved() + line->resolved());
    out.set_open_items(out.open_items() + line->open());
    AddCounts(line->by_type(), out.mutable_by_type());
  }
  return out;
}

}  // namespace spanlab
