#!/usr/bin/env bash
# Installs every build and test dependency of spanlab from Debian 12 packages.
# Idempotent: skips apt entirely when everything is already present.
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build ccache pkg-config git
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler
  librocksdb-dev libabsl-dev libgtest-dev libgmock-dev libbenchmark-dev
  libcli11-dev libicu-dev libre2-dev nlohmann-json3-dev libssl-dev
  libgoogle-perftools-dev libncurses-dev tmux openssl python3 python3-grpcio python3-protobuf
  python3-sklearn python3-statsmodels python3-nltk
  python3-yaml systemd clang-14 libclang-rt-14-dev llvm-14
)
# systemd is here for systemd-analyze, which checks deploy/systemd; it
# installs without becoming init, so containers and CI take it as well.

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages present"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
