// Api: credentials.
#include <cstdint>

#include "absl/strings/str_cat.h"
#include "google/protobuf/util/time_util.h"
#include "service/api.h"
#include "service/names.h"
#include "service/permissions.h"
#include "service/text/utf8.h"

namespace spanlab {

using google::protobuf::util::TimeUtil;

absl::StatusOr<v1::CreateAnnotatorResponse> Api::CreateAnnotator(
    const Principal& caller, const v1::CreateAnnotatorRequest& r) {
  absl::Status s = RequireAdmin(caller, "CreateAnnotator");
  if (!s.ok()) return s;
  v1::Annotator a = r.annotator();
  s = ValidateAnnotatorId(a.annotator_id(), "annotator.annotator_id");
  if (!s.ok()) return s;
  if (a.role() == v1::ROLE_UNSPECIFIED || !v1::Role_IsValid(a.role())) {
    return absl::InvalidArgumentError(
        absl::StrCat("annotator.role=", a.role(),
                     ": must be ANNOTATOR, ADJUDICATOR, ADMIN or MODEL"));
  }
  if (a.display_name().size() > 256 || !IsValidUtf8(a.display_name())) {
    return absl::InvalidArgumentError(
        "annotator.display_name: must be valid UTF-8 of at most 256 bytes");
  }
  // 100 years: beyond any sensible credential and far from overflowing a
  // Timestamp.
  constexpr int64_t kMaxTtlSeconds = int64_t{3153600000};
  if (r.ttl_seconds() < 0 || r.ttl_seconds() > kMaxTtlSeconds) {
    return absl::InvalidArgumentError(
        absl::StrCat("ttl_seconds=", r.ttl_seconds(),
                     ": must be 0 (never "
                     "expires) to ",
                     kMaxTtlSeconds));
  }
  a.set_name(AnnotatorName(a.annotator_id()));
  *a.mutable_create_time() = TimeUtil::GetCurrentTime();
  a.clear_revoke_time();
  a.clear_expire_time();
  if (r.ttl_seconds() > 0) {
    *a.mutable_expire_time() =
        a.create_time() + TimeUtil::SecondsToDuration(r.ttl_seconds());
  }
  auto token = NewToken();
  if (!token.ok()) return token.status();
  s = store_->CreateAnnotator(a, HashToken(*token));
  if (!s.ok()) return s;
  v1::CreateAnnotatorResponse out;
  *out.mutable_annotator() = std::move(a);
  out.set_token(*std::move(token));
  return out;
}

absl::StatusOr<v1::ListAnnotatorsResponse> Api::ListAnnotators(
    const Principal& caller, const v1::ListAnnotatorsRequest& r) {
  absl::Status s = RequireAdmin(caller, "ListAnnotators");
  if (!s.ok()) return s;
  auto size = PageSize(r.page_size());
  if (!size.ok()) return size.status();
  auto page = store_->ListAnnotators(*size, r.page_token());
  if (!page.ok()) return page.status();
  v1::ListAnnotatorsResponse out;
  for (auto& a : page->items) *out.add_annotators() = std::move(a);
  out.set_next_page_token(page->next_page_token);
  return out;
}

absl::StatusOr<v1::Annotator> Api::RevokeAnnotator(
    const Principal& caller, const v1::RevokeAnnotatorRequest& r) {
  absl::Status s = RequireAdmin(caller, "RevokeAnnotator");
  if (!s.ok()) return s;
  auto id = ParseAnnotatorName(r.name(), "name");
  if (!id.ok()) return id.status();
  return store_->RevokeAnnotator(*id, TimeUtil::GetCurrentTime());
}

}  // namespace spanlab
