#!/usr/bin/env bash
# Installs dependencies, builds and runs every test; CI runs exactly this.
#
#   scripts/test.sh                 the stages asan, then tsan
#   scripts/test.sh default         one stage
#   scripts/test.sh asan -R e2e     arguments after the stages go to ctest
#
# Stages (their build settings are presets in CMakePresets.json):
#   asan     clang with AddressSanitizer + UndefinedBehaviorSanitizer, every
#            target: every test (unit, end-to-end against sanitized
#            binaries, crash rounds, bench smoke), the fuzzers' seed corpora
#            and regressions, and each fuzzer for SPANLAB_FUZZ_SECONDS
#            (default 20) seconds.
#   tsan     clang with ThreadSanitizer: the concurrency tests.
#   default  gcc, release with debug info (what scripts/demo.sh builds):
#            every test except the fuzzers' short runs.
# One build serves every test of a stage, which keeps CI well inside its
# time budget on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."

stages=()
while [ $# -gt 0 ] && [[ "$1" != -* ]]; do
  stages+=("$1")
  shift
done
[ ${#stages[@]} -eq 0 ] && stages=(asan tsan)

bash scripts/install-deps.sh

# The test presets set the sanitizers' options: any report fails the test
# that caused it, leak checking is on, and tests/tsan.supp names the races
# inside uninstrumented libraries.
for stage in "${stages[@]}"; do
  case "$stage" in
    asan)
      cmake --preset asan -DSPANLAB_FUZZ_SECONDS="${SPANLAB_FUZZ_SECONDS:-20}"
      cmake --build --preset asan
      ctest --preset asan "$@"
      ;;
    tsan)
      cmake --preset tsan
      # Only the binaries that hold the concurrency tests.
      cmake --build --preset tsan --target concurrency_tests
      ctest --preset tsan "$@"
      ;;
    default)
      cmake --preset default
      cmake --build --preset default
      ctest --preset default "$@"
      ;;
    *)
      echo "test.sh: unknown stage '$stage' (asan, tsan or default)" >&2
      exit 2
      ;;
  esac
done
