// The reconciliation operations of the spanlab API (ReconcileService in
// proto/spanlab/v1/reconcile_service.proto), free of gRPC like Api: each
// takes the authenticated caller and a request and returns the response or
// an absl::Status that goes to the client unchanged.
//
// Every operation needs the ADJUDICATOR or ADMIN role. Items come from the
// layers of the annotators who finished a document (service/reconcile/ does
// the alignment); resolutions are stored per item id in the store, so
// reconciliation can stop and resume at any point, and running it again
// after new human work reopens only the items whose versions changed. Each
// document is read and written under its DocumentTransaction, so
// concurrent adjudicators cannot resolve the same item twice unawares: the
// second gets ABORTED.
//
// Thread-safe. `store` must outlive the object.
#ifndef SPANLAB_SERVICE_RECONCILE_API_H_
#define SPANLAB_SERVICE_RECONCILE_API_H_

#include "absl/status/statusor.h"
#include "service/auth.h"
#include "service/call_limits.h"
#include "service/limits.h"
#include "spanlab/v1/reconcile_service.pb.h"
#include "storage/store.h"

namespace spanlab {

class ReconcileApi {
 public:
  ReconcileApi(Store* store, const Limits& limits)
      : store_(store), limits_(limits) {}

  // reconcile_api.cc
  absl::StatusOr<v1::ListItemsResponse> ListItems(
      const Principal& caller, const v1::ListItemsRequest& r);
  // Stops between documents once `ended` says the call has ended and
  // returns that status; documents merged before stay merged.
  absl::StatusOr<v1::AutoMergeResponse> AutoMerge(
      const Principal& caller, const v1::AutoMergeRequest& r,
      const CallCheck& ended = NeverEnded);
  absl::StatusOr<v1::ReconcileStatus> GetReconcileStatus(
      const Principal& caller, const v1::GetReconcileStatusRequest& r);

  // reconcile_resolve.cc
  absl::StatusOr<v1::ReconcileItem> ResolveItem(
      const Principal& caller, const v1::ResolveItemRequest& r);

 private:
  Store* store_;
  Limits limits_;
};

}  // namespace spanlab

#endif  // SPANLAB_SERVICE_RECONCILE_API_H_
