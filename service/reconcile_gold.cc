#include "service/reconcile_gold.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "google/protobuf/util/time_util.h"
#include "service/names.h"

namespace spanlab {
namespace {

using google::protobuf::util::TimeUtil;

absl::string_view ActionName(v1::ItemResolution::Action action) {
  switch (action) {
    case v1::ItemResolution::MERGE:
      return "merged";
    case v1::ItemResolution::TAKE:
      return "took a version";
    case v1::ItemResolution::EDIT:
      return "edited";
    case v1::ItemResolution::DROP:
      return "dropped";
    default:
      return "resolved";
  }
}

}  // namespace

GoldWriter::GoldWriter(DocumentTransaction* txn,
                       const DocumentReconciliation* doc,
                       const v1::LabelSchema* schema, const Principal& caller,
                       const Limits& limits)
    : txn_(txn),
      doc_(doc),
      schema_(schema),
      caller_(caller),
      limits_(limits),
      live_(doc->gold()) {}

int GoldWriter::Remove(const std::vector<std::string>& names) {
  int removed = 0;
  for (const std::string& name : names) {
    for (auto it = live_.begin(); it != live_.end(); ++it) {
      if (it->name() != name) continue;
      auto ref = ParseAnnotationName(name, "name");
      if (!ref.ok()) break;
      v1::Annotation after = *it;
      after.set_deleted(true);
      after.set_revision(it->revision() + 1);
      *after.mutable_update_time() = TimeUtil::GetCurrentTime();
      txn_->Stage(ref->id, &*it, after, "delete", caller_.annotator_id());
      live_.erase(it);
      spans_.reset();
      ++removed;
      break;
    }
  }
  return removed;
}

absl::StatusOr<v1::Annotation> GoldWriter::Add(const reconcile::Version& span,
                                               v1::GoldProvenance provenance,
                                               absl::string_view field) {
  v1::Annotation a;
  a.set_start(span.start);
  a.set_end(span.end);
  a.set_label(span.label);
  a.mutable_attributes()->insert(span.attributes.begin(),
                                 span.attributes.end());
  a.set_kind(v1::GOLD);
  a.set_author(caller_.annotator_id());
  absl::Status s = ValidateAnnotation(*schema_, doc_->text(), field, &a);
  if (!s.ok()) return s;
  if (static_cast<int64_t>(live_.size()) >= limits_.max_spans_per_layer) {
    return absl::ResourceExhaustedError(
        absl::StrCat(field, ": the gold layer already holds ", live_.size(),
                     " spans, the limit (--max_spans_per_layer)"));
  }
  if (!spans_.has_value()) spans_.emplace(live_);
  s = spans_->Add(a, field);
  if (!s.ok()) return s;
  auto id = txn_->NewId();
  if (!id.ok()) return id.status();
  a.set_name(AnnotationName(doc_->project(), doc_->document_id(), *id));
  a.set_revision(1);
  *a.mutable_create_time() = TimeUtil::GetCurrentTime();
  *a.mutable_update_time() = a.create_time();
  *a.mutable_provenance() = std::move(provenance);
  txn_->Stage(*id, nullptr, a, "create", caller_.annotator_id());
  live_.push_back(a);
  return a;
}

v1::ItemResolution GoldWriter::Resolve(const reconcile::Item& item,
                                       const v1::ItemResolution* previous,
                                       v1::ItemResolution resolution) {
  resolution.set_adjudicator(caller_.annotator_id());
  *resolution.mutable_resolve_time() = TimeUtil::GetCurrentTime();
  resolution.set_revision(previous == nullptr ? 1 : previous->revision() + 1);
  resolution.set_include_automatic(doc_->include_automatic());
  txn_->StageResolution(item.id, resolution);
  v1::AuditEntry entry;
  entry.set_actor(caller_.annotator_id());
  entry.set_action("resolve");
  entry.set_resource(ItemName(doc_->project(), doc_->document_id(), item.id));
  entry.set_detail(absl::StrCat(
      caller_.annotator_id(), " ", ActionName(resolution.action()), " (",
      resolution.policy(), ", ", reconcile::ItemTypeName(item.type),
      ", revision ", resolution.revision(), "): gold ",
      resolution.gold_annotations().empty()
          ? std::string("none")
          : absl::StrJoin(resolution.gold_annotations(), ", ")));
  txn_->StageAudit(std::move(entry));
  return resolution;
}

int GoldWriter::Supersede(const std::string& item_id,
                          const v1::ItemResolution& resolution) {
  const int removed = Remove({resolution.gold_annotations().begin(),
                              resolution.gold_annotations().end()});
  txn_->StageResolutionRemoval(item_id);
  v1::AuditEntry entry;
  entry.set_actor(caller_.annotator_id());
  entry.set_action("reopen");
  entry.set_resource(ItemName(doc_->project(), doc_->document_id(), item_id));
  entry.set_detail(absl::StrCat(
      "the item's versions changed; its resolution (revision ",
      resolution.revision(), ") and ", removed,
      " gold annotation(s) are withdrawn and the new item is open"));
  txn_->StageAudit(std::move(entry));
  return removed;
}

v1::GoldProvenance MakeProvenance(const DocumentReconciliation& doc,
                                  const reconcile::Item& item,
                                  absl::string_view policy,
                                  absl::string_view version,
                                  const std::vector<std::string>& agreeing,
                                  const std::vector<std::string>& sources,
                                  const std::vector<std::string>& conflicts,
                                  const Principal& caller) {
  v1::GoldProvenance p;
  p.set_item(ItemName(doc.project(), doc.document_id(), item.id));
  p.set_item_type(std::string(reconcile::ItemTypeName(item.type)));
  p.set_policy(std::string(policy));
  for (const std::string& a : agreeing) p.add_agreeing_annotators(a);
  p.set_version(std::string(version));
  for (const std::string& s : sources) p.add_sources(s);
  for (const std::string& c : conflicts) p.add_attribute_conflicts(c);
  p.set_adjudicator(caller.annotator_id());
  return p;
}

}  // namespace spanlab
