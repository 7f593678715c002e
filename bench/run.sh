#!/usr/bin/env bash
# Builds and runs the benchmark (shared/bench/WORKLOADS.md): the table of
# ns per call, ratios, errors, tape bytes and peak heap, then what the
# plugin adds to the compile time of the workloads' translation unit.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${AD_BUILD_DIR:-build}
bash scripts/build.sh >/dev/null

"$BUILD_DIR/bin/ad-bench" "$@"

# Compile time of bench/workloads.cpp (W1 and W2): clang++ alone (the
# attribute ignored) against clang++ with the plugin, interleaved, best of 7.
clang=/usr/lib/llvm-19/bin/clang++
flags=(-std=c++17 -O2 -c bench/workloads.cpp -Ibench -Iruntime/include -o /dev/null -DAD_BENCH_COMPILE_TIME)
best_plain=1e9
best_plugin=1e9
for _ in 1 2 3 4 5 6 7; do
  t0=$(date +%s%N)
  "$clang" "${flags[@]}" -Wno-unknown-attributes
  t1=$(date +%s%N)
  "$clang" "${flags[@]}" -fplugin="$BUILD_DIR/lib/ad.so"
  t2=$(date +%s%N)
  best_plain=$(awk -v a="$best_plain" -v b="$(( (t1 - t0) / 1000000 ))" 'BEGIN { print (b < a ? b : a) }')
  best_plugin=$(awk -v a="$best_plugin" -v b="$(( (t2 - t1) / 1000000 ))" 'BEGIN { print (b < a ? b : a) }')
done
awk -v a="$best_plain" -v b="$best_plugin" 'BEGIN {
  printf "compile bench/workloads.cpp: %d ms without the plugin, %d ms with it (x%.2f, +%d ms)\n", a, b, b / a, b - a }'
