#include "service/reconcile_document.h"

#include <algorithm>
#include <map>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "service/names.h"
#include "service/reconcile/align.h"

namespace spanlab {
namespace {

bool IsItemId(absl::string_view id) {
  return id.size() == 16 && std::all_of(id.begin(), id.end(), [](char c) {
           return absl::ascii_isdigit(c) || (c >= 'a' && c <= 'f');
         });
}

reconcile::Version ToVersion(const v1::Annotation& a) {
  reconcile::Version v;
  v.start = a.start();
  v.end = a.end();
  v.label = a.label();
  v.attributes.insert(a.attributes().begin(), a.attributes().end());
  v.annotation = a.name();
  return v;
}

}  // namespace

absl::StatusOr<ItemRef> ParseItemName(absl::string_view name,
                                      absl::string_view field) {
  std::vector<absl::string_view> parts = absl::StrSplit(name, '/');
  if (parts.size() != 6 || parts[0] != "projects" || parts[2] != "documents" ||
      parts[4] != "items" || !IsItemId(parts[5])) {
    return absl::InvalidArgumentError(absl::StrCat(
        field, "=", Quote(name),
        ": expected \"projects/{project}/documents/{document}/items/{item}\" "
        "with {item} 16 lower-case hex digits"));
  }
  absl::Status s = ValidateProjectId(parts[1], field);
  if (s.ok()) s = ValidateDocumentId(parts[3], field);
  if (!s.ok()) return s;
  return ItemRef{std::string(parts[1]), std::string(parts[3]),
                 std::string(parts[5])};
}

std::string ItemName(absl::string_view project, absl::string_view document,
                     absl::string_view item) {
  return absl::StrCat(DocumentName(project, document), "/items/", item);
}

absl::StatusOr<ReconcileScope> ParseReconcileScope(absl::string_view name,
                                                   absl::string_view field) {
  if (absl::StrContains(name, "/documents/")) {
    auto ref = ParseDocumentName(name, field);
    if (!ref.ok()) return ref.status();
    return ReconcileScope{ref->project, ref->document};
  }
  auto project = ParseProjectName(name, field);
  if (!project.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, "=", Quote(name),
                     ": expected \"projects/{project}\" or "
                     "\"projects/{project}/documents/{document}\""));
  }
  return ReconcileScope{*project, ""};
}

absl::Status RequireReconciler(const Principal& caller, absl::string_view rpc) {
  if (caller.role() == v1::ADJUDICATOR || caller.role() == v1::ADMIN) {
    return absl::OkStatus();
  }
  return absl::PermissionDeniedError(absl::StrCat(
      rpc, " needs the ADJUDICATOR or ADMIN role; ", caller.annotator_id(),
      " is ", v1::Role_Name(caller.role())));
}

absl::StatusOr<std::vector<FinishedDocument>> ReadFinished(
    Store* store, const ReconcileScope& scope) {
  auto txn = store->BeginAssignments(scope.project);
  if (!txn.ok()) return txn.status();
  std::vector<FinishedDocument> out;
  const auto add = [&out](absl::string_view id,
                          const v1::DocumentAssignment& a) {
    std::vector<std::string> finished(a.finished().begin(), a.finished().end());
    std::sort(finished.begin(), finished.end());
    out.emplace_back(std::string(id), std::move(finished));
  };
  if (!scope.document.empty()) {
    auto a = (*txn)->Get(scope.document);
    if (!a.ok()) return a.status();
    add(scope.document, *a);
    return out;
  }
  absl::Status s = (*txn)->ForEach(
      [&](absl::string_view id, const v1::DocumentAssignment& a) {
        add(id, a);
        return true;
      });
  if (!s.ok()) return s;
  return out;
}

DocumentReconciliation::DocumentReconciliation(absl::string_view project,
                                               const v1::Document& doc)
    : project_(project), document_id_(doc.document_id()), text_(doc.text()) {}

absl::StatusOr<std::unique_ptr<DocumentReconciliation>>
DocumentReconciliation::Load(DocumentTransaction* txn,
                             absl::string_view project,
                             const std::vector<std::string>& finished,
                             bool include_automatic) {
  std::unique_ptr<DocumentReconciliation> d(
      new DocumentReconciliation(project, txn->document()));
  auto resolutions = txn->ReadResolutions();
  if (!resolutions.ok()) return resolutions.status();
  d->include_automatic_ = resolutions->empty()
                              ? include_automatic
                              : resolutions->front().second.include_automatic();
  for (auto& [id, r] : *resolutions) d->resolutions_[id] = std::move(r);

  std::vector<reconcile::Layer> layers;
  for (const std::string& annotator : finished) {
    auto spans = txn->ReadLayer(v1::HUMAN, annotator, false);
    if (!spans.ok()) return spans.status();
    reconcile::Layer& layer = layers.emplace_back();
    layer.annotator = annotator;
    for (const v1::Annotation& a : *spans) layer.spans.push_back(ToVersion(a));
    d->layers_.push_back(annotator);
  }
  if (d->include_automatic_) {
    // Every model's live suggestions, one layer per model.
    auto suggestions = txn->ReadLayer(v1::AUTOMATIC, "", false);
    if (!suggestions.ok()) return suggestions.status();
    std::map<std::string, std::vector<reconcile::Version>> by_model;
    for (const v1::Annotation& a : *suggestions) {
      by_model[a.author()].push_back(ToVersion(a));
    }
    for (auto& [model, spans] : by_model) {
      layers.push_back(reconcile::Layer{model, true, std::move(spans)});
      d->layers_.push_back(model);
    }
  }
  d->items_ = reconcile::Align(layers);

  auto gold = txn->ReadLayer(v1::GOLD, "", false);
  if (!gold.ok()) return gold.status();
  d->gold_ = *std::move(gold);
  return d;
}

const reconcile::Item* DocumentReconciliation::FindItem(
    absl::string_view item_id) const {
  for (const reconcile::Item& item : items_) {
    if (item.id == item_id) return &item;
  }
  return nullptr;
}

const v1::ItemResolution* DocumentReconciliation::ResolutionOf(
    absl::string_view item_id) const {
  auto it = resolutions_.find(item_id);
  return it == resolutions_.end() ? nullptr : &it->second;
}

std::vector<std::pair<std::string, v1::ItemResolution>>
DocumentReconciliation::Superseded() const {
  std::vector<std::pair<std::string, v1::ItemResolution>> out;
  for (const auto& [id, r] : resolutions_) {
    if (FindItem(id) == nullptr) out.emplace_back(id, r);
  }
  return out;
}

v1::ReconcileItem DocumentReconciliation::ToProto(
    const reconcile::Item& item) const {
  v1::ReconcileItem out;
  out.set_name(ItemName(project_, document_id_, item.id));
  out.set_document(DocumentName(project_, document_id_));
  out.set_type(ToProtoType(item.type));
  out.set_start(item.start);
  out.set_end(item.end);
  for (const reconcile::Version& v : item.versions) {
    v1::ItemVersion* p = out.add_versions();
    p->set_annotator(v.annotator);
    p->set_automatic(v.automatic);
    p->set_start(v.start);
    p->set_end(v.end);
    if (v.start >= 0 && v.start <= v.end && v.end <= text_.size()) {
      p->set_text(std::string(text_.Slice(v.start, v.end)));
    }
    p->set_label(v.label);
    p->mutable_attributes()->insert(v.attributes.begin(), v.attributes.end());
    p->set_annotation(v.annotation);
  }
  for (const std::string& layer : layers_) out.add_layers(layer);
  out.set_include_automatic(include_automatic_);
  if (const v1::ItemResolution* r = ResolutionOf(item.id); r != nullptr) {
    out.set_resolved(true);
    *out.mutable_resolution() = *r;
    out.set_revision(r->revision());
  }
  return out;
}

v1::ItemType ToProtoType(reconcile::ItemType type) {
  switch (type) {
    case reconcile::ItemType::kUnanimous:
      return v1::UNANIMOUS;
    case reconcile::ItemType::kLabelConflict:
      return v1::LABEL_CONFLICT;
    case reconcile::ItemType::kBoundaryConflict:
      return v1::BOUNDARY_CONFLICT;
    case reconcile::ItemType::kPartial:
      return v1::PARTIAL;
  }
  return v1::ITEM_TYPE_UNSPECIFIED;
}

void CountType(reconcile::ItemType type, v1::ItemCounts* counts) {
  switch (type) {
    case reconcile::ItemType::kUnanimous:
      counts->set_unanimous(counts->unanimous() + 1);
      break;
    case reconcile::ItemType::kLabelConflict:
      counts->set_label_conflict(counts->label_conflict() + 1);
      break;
    case reconcile::ItemType::kBoundaryConflict:
      counts->set_boundary_conflict(counts->boundary_conflict() + 1);
      break;
    case reconcile::ItemType::kPartial:
      counts->set_partial(counts->partial() + 1);
      break;
  }
}

}  // namespace spanlab
