// The interactive form of `spanlab reconcile`: every open item of a project
// (or one document), one at a time, with a key per decision. Decisions go to
// the server as they are made, so quitting at any point loses nothing and
// the next run starts with the items still open.
#ifndef SPANLAB_CLIENT_RECONCILE_INTERACTIVE_H_
#define SPANLAB_CLIENT_RECONCILE_INTERACTIVE_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "client/connection.h"
#include "client/session.h"
#include "spanlab/v1/reconcile_service.pb.h"

namespace spanlab::client {

// What to reconcile.
struct ReconcileTarget {
  std::string project;
  // Empty for every document of the project.
  std::string document;
  bool include_automatic = false;
};

// "projects/P" or "projects/P/documents/D".
std::string ReconcileParent(const ReconcileTarget& target);

// Every item of `target` with `status`, all pages.
absl::StatusOr<std::vector<v1::ReconcileItem>> ListAllItems(
    Connection& connection, const ReconcileTarget& target,
    v1::ItemStatusFilter status);

// Runs the interactive session on the terminal (or on piped keys; see
// reconcile_input.h). Fails only for errors other than a decision the
// server refuses (shown, and the item offered again) or an item changed
// meanwhile (reported and left for the next run).
absl::Status RunInteractiveReconcile(Session& session, Connection& connection,
                                     const ReconcileTarget& target);

}  // namespace spanlab::client

#endif  // SPANLAB_CLIENT_RECONCILE_INTERACTIVE_H_
