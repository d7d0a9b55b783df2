// FUZZ_CHECK: how a fuzz target reports a broken invariant. A plain
// assert() would vanish in release builds; this always runs, says what was
// expected on stderr and aborts, which libFuzzer (and replay_main.cc)
// report as a crash, saving the input.
#ifndef SPANLAB_TESTS_FUZZ_FUZZ_CHECK_H_
#define SPANLAB_TESTS_FUZZ_FUZZ_CHECK_H_

#include <cstdio>
#include <cstdlib>
#include <string>

#include "absl/strings/str_cat.h"

namespace spanlab::fuzz {

[[noreturn]] inline void FailCheck(const char* file, int line,
                                   const char* condition,
                                   const std::string& detail) {
  std::fprintf(stderr, "%s:%d: FUZZ_CHECK failed: %s\n  %s\n", file, line,
               condition, detail.c_str());
  std::abort();
}

}  // namespace spanlab::fuzz

// FUZZ_CHECK(condition, message parts...): the parts are joined with
// absl::StrCat, and only evaluated when the check fails.
#define FUZZ_CHECK(condition, ...)                               \
  do {                                                           \
    if (!(condition)) {                                          \
      ::spanlab::fuzz::FailCheck(__FILE__, __LINE__, #condition, \
                                 ::absl::StrCat(__VA_ARGS__));   \
    }                                                            \
  } while (false)

#endif  // SPANLAB_TESTS_FUZZ_FUZZ_CHECK_H_
