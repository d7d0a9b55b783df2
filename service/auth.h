// Bearer-token authentication.
//
// Tokens are 256-bit random values shown once at creation; the store keeps
// only their SHA-256, so a stolen database does not yield usable tokens.
// Lookup is by hash, so no secret is ever compared byte by byte.
#ifndef SPANLAB_SERVICE_AUTH_H_
#define SPANLAB_SERVICE_AUTH_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "spanlab/v1/resources.pb.h"
#include "storage/store.h"

namespace spanlab {

// The authenticated caller.
using Principal = v1::Annotator;

// A new random token: "spl_" followed by 43 base64url characters. INTERNAL
// if the system's random source fails.
absl::StatusOr<std::string> NewToken();

// The value stored for `token`.
std::string HashToken(absl::string_view token);

// Resolves the value of an `authorization` metadata entry to the caller.
// UNAUTHENTICATED (without echoing the token) if it is missing, not
// "Bearer <token>", or unknown. Thread-safe; `store` must outlive it.
class Authenticator {
 public:
  explicit Authenticator(Store* store) : store_(store) {}

  // `header` is null when the call carried no authorization metadata.
  absl::StatusOr<Principal> Authenticate(const std::string* header) const;

 private:
  Store* store_;
};

// Creates the first admin if the store has no annotator at all: writes its
// token to `token_path` (mode 0600, written before the credential is stored
// so a crash between the two only means a new token next start). Returns
// true if it created one.
absl::StatusOr<bool> BootstrapAdmin(Store* store,
                                    const std::string& token_path);

}  // namespace spanlab

#endif  // SPANLAB_SERVICE_AUTH_H_
