#!/usr/bin/env bash
# Installs dependencies, builds everything and runs every test.
#   scripts/test.sh            all tests
#   scripts/test.sh -R e2e     extra arguments go to ctest
# BUILD_DIR (default ./build) picks the build directory.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
BUILD_DIR=${BUILD_DIR:-build}
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build "$BUILD_DIR" -j2
ctest --test-dir "$BUILD_DIR" --output-on-failure -j2 "$@"
