// The reconciliation state of one document, as ReconcileApi reads it: the
// layers to reconcile, their alignment into items (service/reconcile/), and
// the stored resolutions of those items. Also the resource names, the role
// check and the assignment reads the reconciliation rpcs share.
#ifndef SPANLAB_SERVICE_RECONCILE_DOCUMENT_H_
#define SPANLAB_SERVICE_RECONCILE_DOCUMENT_H_

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "service/auth.h"
#include "service/reconcile/item.h"
#include "service/text/utf8.h"
#include "spanlab/v1/reconcile_service.pb.h"
#include "storage/store.h"

namespace spanlab {

struct ItemRef {
  std::string project;
  std::string document;
  std::string item;
};

// "projects/{project}/documents/{document}/items/{item}", {item} 16
// lower-case hex digits. INVALID_ARGUMENT naming `field` otherwise.
absl::StatusOr<ItemRef> ParseItemName(absl::string_view name,
                                      absl::string_view field);
std::string ItemName(absl::string_view project, absl::string_view document,
                     absl::string_view item);

// A project, or one of its documents (empty `document`).
struct ReconcileScope {
  std::string project;
  std::string document;
};

// Parses "projects/{project}" or "projects/{project}/documents/{document}".
absl::StatusOr<ReconcileScope> ParseReconcileScope(absl::string_view name,
                                                   absl::string_view field);

// OK for ADJUDICATOR and ADMIN; PERMISSION_DENIED naming `rpc` and the
// caller's role otherwise.
absl::Status RequireReconciler(const Principal& caller, absl::string_view rpc);

// Document id and its finished annotators (sorted).
using FinishedDocument = std::pair<std::string, std::vector<std::string>>;

// The documents of `scope` in id order with their finished annotators.
// Holds the project's assignment lock only while reading. NOT_FOUND for a
// missing project or document.
absl::StatusOr<std::vector<FinishedDocument>> ReadFinished(
    Store* store, const ReconcileScope& scope);

// One document's layers, items and resolutions, read through a
// DocumentTransaction. Refers to the transaction's document text: use it
// only while the transaction lives.
class DocumentReconciliation {
 public:
  // Reads the HUMAN layers of `finished` and, when the document's mode says
  // so, every AUTOMATIC layer, plus the stored resolutions and the live gold
  // layer. The mode is that of the stored resolutions if there are any,
  // else `include_automatic` (see reconcile_service.proto).
  static absl::StatusOr<std::unique_ptr<DocumentReconciliation>> Load(
      DocumentTransaction* txn, absl::string_view project,
      const std::vector<std::string>& finished, bool include_automatic);

  const std::string& project() const { return project_; }
  const std::string& document_id() const { return document_id_; }
  const Utf8Index& text() const { return text_; }
  bool include_automatic() const { return include_automatic_; }
  // Finished annotators, then models when included.
  const std::vector<std::string>& layers() const { return layers_; }
  // In position order.
  const std::vector<reconcile::Item>& items() const { return items_; }
  // The live GOLD layer.
  const std::vector<v1::Annotation>& gold() const { return gold_; }

  // The item with id `item_id`, or null.
  const reconcile::Item* FindItem(absl::string_view item_id) const;
  // The stored resolution of `item_id`, or null while it is open.
  const v1::ItemResolution* ResolutionOf(absl::string_view item_id) const;
  // Stored resolutions whose items no longer exist, by item id.
  std::vector<std::pair<std::string, v1::ItemResolution>> Superseded() const;

  // The API form of one of items().
  v1::ReconcileItem ToProto(const reconcile::Item& item) const;

 private:
  DocumentReconciliation(absl::string_view project, const v1::Document& doc);

  std::string project_;
  std::string document_id_;
  Utf8Index text_;
  bool include_automatic_ = false;
  std::vector<std::string> layers_;
  std::vector<reconcile::Item> items_;
  std::map<std::string, v1::ItemResolution, std::less<>> resolutions_;
  std::vector<v1::Annotation> gold_;
};

// The API's name for a library item type.
v1::ItemType ToProtoType(reconcile::ItemType type);

// Adds one item of `type` to `counts`.
void CountType(reconcile::ItemType type, v1::ItemCounts* counts);

}  // namespace spanlab

#endif  // SPANLAB_SERVICE_RECONCILE_DOCUMENT_H_
