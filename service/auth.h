// Bearer-token authentication.
//
// Tokens are 256-bit random values shown once at creation; the store keeps
// only their SHA-256, so a stolen database does not yield usable tokens.
//
// No secret is ever compared byte by byte. The presented token is hashed
// and the hash is looked up as a key, so the only comparisons whose timing
// depends on secrets are the key comparisons inside the store, between
// SHA-256 values of the guess and of real tokens. How long those take tells
// an attacker at most how many leading bytes of two hashes agree, and
// because SHA-256 is preimage-resistant they cannot use that to pick a
// guess whose hash agrees further: the timing reveals nothing about the
// token itself, so a guess is no better than chance (2^-256).
//
// A token stops working when it expires (Annotator.expire_time) or is
// revoked (AdminService.RevokeAnnotator deletes its hash). Every call looks
// its token up afresh, so a revocation applies to the next call; calls
// already running finish.
#ifndef SPANLAB_SERVICE_AUTH_H_
#define SPANLAB_SERVICE_AUTH_H_

#include <functional>
#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
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
// "Bearer <token>", unknown, revoked or expired. Thread-safe; `store` must
// outlive it.
class Authenticator {
 public:
  // The current time; tests pass their own clock to expire tokens.
  using Clock = std::function<absl::Time()>;

  explicit Authenticator(Store* store, Clock now = absl::Now)
      : store_(store), now_(std::move(now)) {}

  // `header` is null when the call carried no authorization metadata.
  absl::StatusOr<Principal> Authenticate(const std::string* header) const;

 private:
  Store* store_;
  Clock now_;
};

// Creates the first admin if the store has no annotator at all: writes its
// token to `token_path` (mode 0600, written before the credential is stored
// so a crash between the two only means a new token next start). Returns
// true if it created one.
absl::StatusOr<bool> BootstrapAdmin(Store* store,
                                    const std::string& token_path);

}  // namespace spanlab

#endif  // SPANLAB_SERVICE_AUTH_H_
