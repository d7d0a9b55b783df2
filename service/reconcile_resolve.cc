// ReconcileApi: an adjudicator's decision on one item.
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/util/time_util.h"
#include "service/names.h"
#include "service/reconcile/policy.h"
#include "service/reconcile_api.h"
#include "service/reconcile_document.h"
#include "service/reconcile_gold.h"

namespace spanlab {
namespace {

using google::protobuf::util::TimeUtil;

// Most versions one TakeVersions may name.
constexpr int kMaxTaken = 64;

constexpr absl::string_view kAdjudicated = "adjudicated";

// The versions `take` names, checked: each a version of `item`, none twice,
// none overlapping another.
absl::StatusOr<std::vector<const reconcile::Version*>> TakenVersions(
    const reconcile::Item& item, const v1::TakeVersions& take) {
  const int n = take.annotations_size();
  if (n == 0 || n > kMaxTaken) {
    return absl::InvalidArgumentError(
        absl::StrCat("take.annotations: ", n, " given; name 1 to ", kMaxTaken,
                     " versions of the item by their annotation names"));
  }
  std::vector<const reconcile::Version*> out;
  for (int i = 0; i < n; ++i) {
    const std::string field = absl::StrCat("take.annotations[", i, "]");
    const std::string& name = take.annotations(i);
    const reconcile::Version* found = nullptr;
    for (const reconcile::Version& v : item.versions) {
      if (v.annotation == name) found = &v;
    }
    if (found == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat(
          field, "=", Quote(name), ": not a version of this item"));
    }
    for (size_t j = 0; j < out.size(); ++j) {
      if (out[j] == found) {
        return absl::InvalidArgumentError(
            absl::StrCat(field, "=", Quote(name), ": named twice"));
      }
      if (found->start < out[j]->end && out[j]->start < found->end) {
        return absl::InvalidArgumentError(absl::StrCat(
            field, "=", Quote(name), ": overlaps take.annotations[", j,
            "]; gold spans may not overlap"));
      }
    }
    out.push_back(found);
  }
  return out;
}

}  // namespace

absl::StatusOr<v1::ReconcileItem> ReconcileApi::ResolveItem(
    const Principal& caller, const v1::ResolveItemRequest& r) {
  absl::Status s = RequireReconciler(caller, "ResolveItem");
  if (!s.ok()) return s;
  auto ref = ParseItemName(r.name(), "name");
  if (!ref.ok()) return ref.status();
  if (r.resolution_case() == v1::ResolveItemRequest::RESOLUTION_NOT_SET) {
    return absl::InvalidArgumentError(
        "resolution: required; give take, edit or drop");
  }
  auto project = store_->GetProject(ref->project);
  if (!project.ok()) return project.status();
  auto documents =
      ReadFinished(store_, ReconcileScope{ref->project, ref->document});
  if (!documents.ok()) return documents.status();
  const std::vector<std::string>& finished = documents->front().second;
  if (finished.empty()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "name=", Quote(r.name()), ": nobody has finished document \"",
        ref->document, "\", so it has nothing to reconcile"));
  }

  auto txn = store_->BeginDocument(ref->project, ref->document);
  if (!txn.ok()) return txn.status();
  auto doc = DocumentReconciliation::Load(txn->get(), ref->project, finished,
                                          r.include_automatic());
  if (!doc.ok()) return doc.status();
  const reconcile::Item* item = (*doc)->FindItem(ref->item);
  if (item == nullptr) {
    return absl::AbortedError(absl::StrCat(
        "name=", Quote(r.name()),
        ": no such item in the document's current alignment (its versions "
        "changed since it was listed, or it was listed with another "
        "include_automatic; the document uses include_automatic=",
        (*doc)->include_automatic() ? "true" : "false",
        "); list the items again"));
  }
  const v1::ItemResolution* previous = (*doc)->ResolutionOf(item->id);
  const int64_t current = previous == nullptr ? 0 : previous->revision();
  if (r.revision() != current) {
    return absl::AbortedError(absl::StrCat(
        "revision=", r.revision(), ": the item is at revision ", current,
        previous == nullptr
            ? std::string()
            : absl::StrCat(" (resolved by ", previous->adjudicator(), " at ",
                           TimeUtil::ToString(previous->resolve_time()), ")"),
        "; list it again and retry"));
  }

  GoldWriter writer(txn->get(), doc->get(), &(*project)->schema(), caller,
                    limits_);
  for (const auto& [item_id, superseded] : (*doc)->Superseded()) {
    writer.Supersede(item_id, superseded);
  }
  if (previous != nullptr) {
    writer.Remove({previous->gold_annotations().begin(),
                   previous->gold_annotations().end()});
  }

  v1::ItemResolution resolution;
  resolution.set_policy(std::string(kAdjudicated));
  switch (r.resolution_case()) {
    case v1::ResolveItemRequest::kTake: {
      auto taken = TakenVersions(*item, r.take());
      if (!taken.ok()) return taken.status();
      resolution.set_action(v1::ItemResolution::TAKE);
      for (size_t i = 0; i < taken->size(); ++i) {
        const reconcile::Version& v = *(*taken)[i];
        auto gold = writer.Add(
            v,
            MakeProvenance(**doc, *item, kAdjudicated, v.annotation,
                           reconcile::LayerIds(AgreeingWith(*item, v)),
                           {v.annotation}, {}, caller),
            absl::StrCat("take.annotations[", i, "]"));
        if (!gold.ok()) return gold.status();
        resolution.add_gold_annotations(gold->name());
        resolution.add_versions(v.annotation);
      }
      break;
    }
    case v1::ResolveItemRequest::kEdit: {
      const v1::EditedSpan& e = r.edit();
      reconcile::Version edited;
      edited.start = e.start();
      edited.end = e.end();
      edited.label = e.label();
      edited.attributes.insert(e.attributes().begin(), e.attributes().end());
      if (edited.start >= item->end || edited.end <= item->start) {
        return absl::InvalidArgumentError(
            absl::StrCat("edit: [", e.start(), ", ", e.end(),
                         ") does not overlap the item, which covers [",
                         item->start, ", ", item->end, ")"));
      }
      auto gold = writer.Add(
          edited,
          MakeProvenance(**doc, *item, kAdjudicated, "edited",
                         reconcile::LayerIds(AgreeingWith(*item, edited)), {},
                         {}, caller),
          "edit");
      if (!gold.ok()) return gold.status();
      resolution.set_action(v1::ItemResolution::EDIT);
      resolution.add_gold_annotations(gold->name());
      break;
    }
    case v1::ResolveItemRequest::kDrop:
      resolution.set_action(v1::ItemResolution::DROP);
      break;
    case v1::ResolveItemRequest::RESOLUTION_NOT_SET:
      break;
  }
  v1::ItemResolution stored = writer.Resolve(*item, previous, resolution);
  s = (*txn)->Commit();
  if (!s.ok()) return s;
  v1::ReconcileItem out = (*doc)->ToProto(*item);
  out.set_resolved(true);
  *out.mutable_resolution() = stored;
  out.set_revision(stored.revision());
  return out;
}

}  // namespace spanlab
