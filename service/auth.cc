#include "service/auth.h"

#include <fcntl.h>
#include <openssl/rand.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/util/time_util.h"
#include "service/names.h"
#include "service/validation.h"

namespace spanlab {

absl::StatusOr<std::string> NewToken() {
  unsigned char bytes[32];
  if (RAND_bytes(bytes, sizeof(bytes)) != 1) {
    return absl::InternalError("token: system random source failed");
  }
  return absl::StrCat(
      "spl_", absl::WebSafeBase64Escape(absl::string_view(
                  reinterpret_cast<const char*>(bytes), sizeof(bytes))));
}

std::string HashToken(absl::string_view token) { return Sha256Hex(token); }

absl::StatusOr<Principal> Authenticator::Authenticate(
    const std::string* header) const {
  if (header == nullptr) {
    return absl::UnauthenticatedError(
        "missing \"authorization: Bearer <token>\" metadata");
  }
  constexpr absl::string_view kScheme = "Bearer ";
  if (!absl::StartsWithIgnoreCase(*header, kScheme) ||
      header->size() == kScheme.size() || header->size() > 512) {
    return absl::UnauthenticatedError(
        "authorization metadata must be \"Bearer <token>\"");
  }
  const absl::string_view token =
      absl::string_view(*header).substr(kScheme.size());
  auto principal = store_->LookupToken(HashToken(token));
  if (absl::IsNotFound(principal.status())) {
    return absl::UnauthenticatedError("unknown or revoked token");
  }
  if (!principal.ok()) return principal.status();
  // Revocation deletes the token's hash; the record is checked too so that
  // a token can never outlive its annotator's revocation.
  if (principal->has_revoke_time()) {
    return absl::UnauthenticatedError("unknown or revoked token");
  }
  if (principal->has_expire_time() &&
      now_() >= absl::FromUnixSeconds(principal->expire_time().seconds()) +
                    absl::Nanoseconds(principal->expire_time().nanos())) {
    return absl::UnauthenticatedError("token expired");
  }
  return principal;
}

absl::StatusOr<bool> BootstrapAdmin(Store* store,
                                    const std::string& token_path) {
  auto existing = store->ListAnnotators(1, "");
  if (!existing.ok()) return existing.status();
  if (!existing->items.empty()) return false;

  auto token = NewToken();
  if (!token.ok()) return token.status();
  const std::string tmp = token_path + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) {
    return absl::InternalError(
        absl::StrCat("cannot write ", tmp, ": ", std::strerror(errno)));
  }
  const std::string content = *token + "\n";
  const bool wrote = ::write(fd, content.data(), content.size()) ==
                         static_cast<ssize_t>(content.size()) &&
                     ::fsync(fd) == 0;
  ::close(fd);
  if (!wrote || ::rename(tmp.c_str(), token_path.c_str()) != 0) {
    return absl::InternalError(
        absl::StrCat("cannot write ", token_path, ": ", std::strerror(errno)));
  }

  Principal admin;
  admin.set_annotator_id("admin");
  admin.set_name(AnnotatorName("admin"));
  admin.set_display_name("Administrator");
  admin.set_role(v1::ADMIN);
  *admin.mutable_create_time() =
      google::protobuf::util::TimeUtil::GetCurrentTime();
  absl::Status s = store->CreateAnnotator(admin, HashToken(*token));
  if (!s.ok()) return s;
  return true;
}

}  // namespace spanlab
