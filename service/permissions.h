// Who may do what. Pure functions of the caller's role and the record; the
// API calls them before touching the store.
//
// Roles (see DESIGN.md, Security): ANNOTATOR writes and reads only their own
// HUMAN layer plus AUTOMATIC suggestions (blind annotation); MODEL writes
// only AUTOMATIC annotations under its own name; ADJUDICATOR reads every
// layer and writes GOLD (and a HUMAN layer of their own); ADMIN may do
// everything.
#ifndef SPANLAB_SERVICE_PERMISSIONS_H_
#define SPANLAB_SERVICE_PERMISSIONS_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "service/auth.h"
#include "spanlab/v1/resources.pb.h"

namespace spanlab {

// PERMISSION_DENIED naming `action` unless the caller is ADMIN.
absl::Status RequireAdmin(const Principal& caller, absl::string_view action);

// The kind a new annotation gets: `requested`, or the role's default when
// unspecified. PERMISSION_DENIED if the role may not write that kind.
absl::StatusOr<v1::AnnotationKind> KindForWrite(const Principal& caller,
                                                v1::AnnotationKind requested);

// Whether the caller may see `a`.
bool CanRead(const Principal& caller, const v1::Annotation& a);

// Whether the caller may change or delete `a` (their own, or ADMIN).
absl::Status CheckCanModify(const Principal& caller, const v1::Annotation& a);

// PERMISSION_DENIED if the caller may not list the layer (kind, author);
// UNSPECIFIED kind or empty author mean "all the caller may see".
absl::Status CheckCanListLayer(const Principal& caller, v1::AnnotationKind kind,
                               absl::string_view author);

}  // namespace spanlab

#endif  // SPANLAB_SERVICE_PERMISSIONS_H_
