#!/usr/bin/env bash
# README command 2: build everything and run the full test suite: the CTest
# unit tests of the runtime and the lit + FileCheck tests of the plugin,
# the test programs a second time under ASan + UBSan.
# Ends with one line "Total: N passed, N failed"; exits non-zero on failure.
set -uo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${AD_BUILD_DIR:-build}

bash scripts/build.sh || { echo "Total: 0 passed, 1 failed (build)"; exit 1; }

log=$(mktemp)
ctest --test-dir "$BUILD_DIR" --output-on-failure -E '^lit$' | tee "$log"
unit_failed=$(sed -n 's/.*tests passed, \([0-9]*\) tests failed out of \([0-9]*\).*/\1/p' "$log")
unit_total=$(sed -n 's/.*tests passed, \([0-9]*\) tests failed out of \([0-9]*\).*/\2/p' "$log")

lit=/usr/lib/llvm-19/build/utils/lit/lit.py
count() { sed -n "s/^ *$1: *\([0-9]*\).*/\1/p" "$log" | head -n 1; }
lit_passed=0
lit_failed=0
lit_status=0
# All lit tests; then the programs of the gradient, program and example
# tests again under AddressSanitizer + UndefinedBehaviorSanitizer.
for run in plain sanitized; do
  if [ "$run" = plain ]; then
    python3 "$lit" -sv "$BUILD_DIR/test" | tee "$log"
  else
    echo "-- the same programs under ASan + UBSan:"
    python3 "$lit" -sv --param sanitize=1 "$BUILD_DIR/test/gradients" \
      "$BUILD_DIR/test/programs" "$BUILD_DIR/test/examples" | tee "$log"
  fi
  status=${PIPESTATUS[0]}
  [ "$status" -ne 0 ] && lit_status=$status
  lit_passed=$(( lit_passed + $(count Passed || true) + 0 ))
  lit_failed=$(( lit_failed + $(count Failed || true) + $(count Unresolved || true) + $(count 'Unexpectedly Passed' || true) + 0 ))
done
rm -f "$log"

unit_failed=${unit_failed:-1}
unit_total=${unit_total:-1}
passed=$(( unit_total - unit_failed + lit_passed ))
failed=$(( unit_failed + lit_failed ))
if [ "$lit_status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "Total: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
