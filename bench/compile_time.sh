#!/usr/bin/env bash
# What the plugin adds to compile times (issue 14): each file compiled with
# clang++ alone (the attribute ignored, AD_BENCH_COMPILE_TIME defined so
# that nothing calls f_grad), with the plugin (one parse where the file
# allows it) and with -fplugin-arg-ad-parse=twice; interleaved, best of 7.
# Usage: bench/compile_time.sh [FILE...] (default: bench/workloads.cpp and
# bench/compile_heavy.cpp); needs a build (scripts/build.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${AD_BUILD_DIR:-build}
clang=/usr/lib/llvm-19/bin/clang++
plugin="$BUILD_DIR/lib/ad.so"
files=("$@")
[ ${#files[@]} -gt 0 ] || files=(bench/workloads.cpp bench/compile_heavy.cpp)
ms() { local t0 t1; t0=$(date +%s%N); "$@"; t1=$(date +%s%N); echo $(( (t1 - t0) / 1000000 )); }
for file in "${files[@]}"; do
  flags=(-std=c++17 -O2 -c "$file" -Ibench -Iruntime/include -o /dev/null -DAD_BENCH_COMPILE_TIME)
  plain=1000000; once=1000000; twice=1000000
  for _ in 1 2 3 4 5 6 7; do
    t=$(ms "$clang" "${flags[@]}" -Wno-unknown-attributes); [ "$t" -lt "$plain" ] && plain=$t
    t=$(ms "$clang" "${flags[@]}" -fplugin="$plugin"); [ "$t" -lt "$once" ] && once=$t
    t=$(ms "$clang" "${flags[@]}" -fplugin="$plugin" -fplugin-arg-ad-parse=twice); [ "$t" -lt "$twice" ] && twice=$t
  done
  awk -v f="$file" -v a="$plain" -v b="$once" -v c="$twice" 'BEGIN {
    printf "compile %s: %d ms without the plugin, %d ms with it (x%.2f), %d ms in two parses (x%.2f)\n", f, a, b, b / a, c, c / a }'
done
