#!/usr/bin/env bash
# The plugin and ad-gen built with AddressSanitizer, then the whole lit
# suite run with them (a long run, not part of README command 2: about 20
# minutes on 2 cores, 15 of them building; 157/157 passed on 2026-11-28). The plugin is loaded into an
# uninstrumented clang, so the ASan runtime is preloaded into every process
# of the run, and the instrumented programs of the build (ad-gen, the
# bench, the examples) use that shared runtime too; leak checking is off
# (clang frees little on exit, by design).
#   bash scripts/asan-plugin.sh            # build in build-asan/, run lit
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
BUILD_DIR=${AD_ASAN_BUILD_DIR:-build-asan}
clang=/usr/lib/llvm-19/bin/clang++
cmake -S . -B "$BUILD_DIR" -G Ninja \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_COMPILER="$clang" \
  -DCMAKE_CXX_FLAGS="-fsanitize=address -fno-omit-frame-pointer -shared-libasan" \
  -DCMAKE_EXE_LINKER_FLAGS="-shared-libasan" >/dev/null
# The build itself runs the plugin (the examples are compiled with it).
export ASAN_OPTIONS=detect_leaks=0
export LD_PRELOAD
LD_PRELOAD=$("$clang" -print-file-name=libclang_rt.asan-x86_64.so)
cmake --build "$BUILD_DIR" -j "$(nproc)"
python3 /usr/lib/llvm-19/build/utils/lit/lit.py -sv "$BUILD_DIR/test"
