// gMock matchers for absl::Status and absl::StatusOr<T>, shared by tests.
#ifndef SPANLAB_TESTS_SUPPORT_STATUS_MATCHERS_H_
#define SPANLAB_TESTS_SUPPORT_STATUS_MATCHERS_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gmock/gmock.h"

namespace spanlab::testing_support {

inline const absl::Status& StatusOf(const absl::Status& s) { return s; }
template <typename T>
const absl::Status& StatusOf(const absl::StatusOr<T>& s) {
  return s.status();
}

// Matches a status (or StatusOr) with `code` and a message matching
// `message` (a string or a matcher).
MATCHER_P2(StatusIs, code, message, "") {
  const absl::Status& s = StatusOf(arg);
  *result_listener << "status is " << s;
  return s.code() == code &&
         testing::ExplainMatchResult(message, std::string(s.message()),
                                     result_listener);
}

MATCHER(IsOk, "") {
  const absl::Status& s = StatusOf(arg);
  *result_listener << "status is " << s;
  return s.ok();
}

}  // namespace spanlab::testing_support

#endif  // SPANLAB_TESTS_SUPPORT_STATUS_MATCHERS_H_
