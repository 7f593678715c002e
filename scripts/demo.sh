#!/usr/bin/env bash
# README command 1: build everything and run the seed demo(s).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
cmake --build "${AD_BUILD_DIR:-build}" --target demo
# The same two seed workloads from Python (adcpp, examples/python).
bash scripts/python-demo.sh
