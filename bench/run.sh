#!/usr/bin/env bash
# Builds and runs the benchmark (shared/bench/WORKLOADS.md): the table of
# ns per call, ratios, errors, tape bytes and peak heap, then what the
# plugin adds to the compile time of the workloads' translation unit.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${AD_BUILD_DIR:-build}
bash scripts/build.sh >/dev/null

"$BUILD_DIR/bin/ad-bench" "$@"

# What the plugin adds to compile times (bench/compile_time.sh).
bash bench/compile_time.sh
