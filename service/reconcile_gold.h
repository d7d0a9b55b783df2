// Writes reconciliation results into one document's gold layer through its
// DocumentTransaction: gold annotations validated like any other write (the
// schema, the document text, no overlap within the gold layer, the layer
// size limit), each with its GoldProvenance; tombstones for gold
// annotations of resolutions that are replaced or superseded; and the
// resolution records with their audit entries. Nothing is written until the
// caller commits the transaction.
#ifndef SPANLAB_SERVICE_RECONCILE_GOLD_H_
#define SPANLAB_SERVICE_RECONCILE_GOLD_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "service/auth.h"
#include "service/limits.h"
#include "service/reconcile/item.h"
#include "service/reconcile_document.h"
#include "service/validation.h"
#include "storage/store.h"

namespace spanlab {

class GoldWriter {
 public:
  // `txn`, `doc` and `schema` must outlive the writer; `doc` was loaded
  // through `txn`. Gold annotations are authored by `caller`.
  GoldWriter(DocumentTransaction* txn, const DocumentReconciliation* doc,
             const v1::LabelSchema* schema, const Principal& caller,
             const Limits& limits);

  // Stages a tombstone for each of `names` that is a live gold annotation
  // (others were deleted already, by hand or earlier) and returns how many.
  int Remove(const std::vector<std::string>& names);

  // Stages `span` (start, end, label, attributes) as a new GOLD annotation
  // with `provenance`, and returns it. INVALID_ARGUMENT (bad span, label or
  // attributes), FAILED_PRECONDITION (overlaps a gold span),
  // ALREADY_EXISTS (the same gold span and label is there) or
  // RESOURCE_EXHAUSTED (layer full), each naming `field`; nothing is staged
  // then.
  absl::StatusOr<v1::Annotation> Add(const reconcile::Version& span,
                                     v1::GoldProvenance provenance,
                                     absl::string_view field);

  // Stages `resolution` as the record of `item` (revision, time, author and
  // mode filled in from `previous`, the clock, the caller and the document)
  // with an audit entry, and returns it.
  v1::ItemResolution Resolve(const reconcile::Item& item,
                             const v1::ItemResolution* previous,
                             v1::ItemResolution resolution);

  // Stages the removal of superseded resolution `item_id` and its gold
  // annotations, with an audit entry. Returns the number of gold
  // annotations tombstoned.
  int Supersede(const std::string& item_id,
                const v1::ItemResolution& resolution);

 private:
  DocumentTransaction* txn_;
  const DocumentReconciliation* doc_;
  const v1::LabelSchema* schema_;
  Principal caller_;
  Limits limits_;
  // The live gold layer with the staged changes.
  std::vector<v1::Annotation> live_;
  // Built from `live_` on demand; reset when a span is removed.
  std::optional<LayerSpans> spans_;
};

// The provenance of a gold span for `item`: `version` is "merged",
// "edited" or the annotation name of the version taken.
v1::GoldProvenance MakeProvenance(const DocumentReconciliation& doc,
                                  const reconcile::Item& item,
                                  absl::string_view policy,
                                  absl::string_view version,
                                  const std::vector<std::string>& agreeing,
                                  const std::vector<std::string>& sources,
                                  const std::vector<std::string>& conflicts,
                                  const Principal& caller);

}  // namespace spanlab

#endif  // SPANLAB_SERVICE_RECONCILE_GOLD_H_
