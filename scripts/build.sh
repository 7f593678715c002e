#!/usr/bin/env bash
# Installs what is missing (scripts/setup.sh), then configures and builds
# everything in build/ (or $AD_BUILD_DIR) with Clang 19, which the examples
# need as their compiler to load the plugin.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
BUILD_DIR=${AD_BUILD_DIR:-build}
cmake -S . -B "$BUILD_DIR" -G Ninja \
  -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_CXX_COMPILER=/usr/lib/llvm-19/bin/clang++ >/dev/null
cmake --build "$BUILD_DIR" -j "$(nproc)"
