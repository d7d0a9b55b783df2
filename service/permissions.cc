#include "service/permissions.h"

#include "absl/strings/str_cat.h"

namespace spanlab {
namespace {

absl::string_view RoleName(v1::Role r) { return v1::Role_Name(r); }

bool SeesEveryLayer(const Principal& caller) {
  return caller.role() == v1::ADMIN || caller.role() == v1::ADJUDICATOR;
}

}  // namespace

absl::Status RequireAdmin(const Principal& caller, absl::string_view action) {
  if (caller.role() == v1::ADMIN) return absl::OkStatus();
  return absl::PermissionDeniedError(
      absl::StrCat(action, " needs the ADMIN role; ", caller.annotator_id(),
                   " is ", RoleName(caller.role())));
}

absl::StatusOr<v1::AnnotationKind> KindForWrite(const Principal& caller,
                                                v1::AnnotationKind requested) {
  // proto3 enums are open: a client can send a number outside the enum.
  if (!v1::AnnotationKind_IsValid(requested)) {
    return absl::InvalidArgumentError(
        absl::StrCat("annotation.kind=", static_cast<int>(requested),
                     ": not an AnnotationKind"));
  }
  v1::AnnotationKind kind = requested;
  if (kind == v1::ANNOTATION_KIND_UNSPECIFIED) {
    switch (caller.role()) {
      case v1::MODEL:
        kind = v1::AUTOMATIC;
        break;
      case v1::ADJUDICATOR:
        kind = v1::GOLD;
        break;
      default:
        kind = v1::HUMAN;
    }
  }
  bool allowed = false;
  switch (caller.role()) {
    case v1::ADMIN:
      allowed = true;
      break;
    case v1::ANNOTATOR:
      allowed = kind == v1::HUMAN;
      break;
    case v1::ADJUDICATOR:
      allowed = kind == v1::HUMAN || kind == v1::GOLD;
      break;
    case v1::MODEL:
      allowed = kind == v1::AUTOMATIC;
      break;
    default:
      allowed = false;
  }
  if (!allowed) {
    return absl::PermissionDeniedError(absl::StrCat(
        "annotation.kind=", v1::AnnotationKind_Name(kind), ": ",
        caller.annotator_id(), " (", RoleName(caller.role()),
        ") may not write ", v1::AnnotationKind_Name(kind), " annotations"));
  }
  return kind;
}

bool CanRead(const Principal& caller, const v1::Annotation& a) {
  if (SeesEveryLayer(caller)) return true;
  if (a.kind() == v1::AUTOMATIC) return true;
  return a.author() == caller.annotator_id() && a.kind() != v1::GOLD;
}

absl::Status CheckCanModify(const Principal& caller, const v1::Annotation& a) {
  if (caller.role() == v1::ADMIN) return absl::OkStatus();
  if (a.author() == caller.annotator_id()) return absl::OkStatus();
  if (a.kind() == v1::GOLD && caller.role() == v1::ADJUDICATOR) {
    return absl::OkStatus();
  }
  return absl::PermissionDeniedError(
      absl::StrCat(a.name(), " belongs to ", a.author(), "; ",
                   caller.annotator_id(), " may not change it"));
}

absl::Status CheckCanListLayer(const Principal& caller, v1::AnnotationKind kind,
                               absl::string_view author) {
  if (SeesEveryLayer(caller)) return absl::OkStatus();
  if (kind == v1::GOLD) {
    return absl::PermissionDeniedError(absl::StrCat(
        "kind=GOLD: ", caller.annotator_id(), " (", RoleName(caller.role()),
        ") may not read the gold layer before reconciliation"));
  }
  if (kind == v1::AUTOMATIC || author.empty() ||
      author == caller.annotator_id()) {
    return absl::OkStatus();
  }
  return absl::PermissionDeniedError(absl::StrCat(
      "author=", author, ": ", caller.annotator_id(), " (",
      RoleName(caller.role()),
      ") may read only their own layer and automatic suggestions"));
}

}  // namespace spanlab
