#!/usr/bin/env bash
# The seed's workflow from Python (examples/python): the sin recursion's f
# and f' plotted with matplotlib, and the Weibull fit with scipy's
# L-BFGS-B, both with gradients the plugin generated. Needs a built
# repository (bash scripts/build.sh) and Debian's python3-numpy,
# python3-scipy and python3-matplotlib (scripts/setup.sh installs them).
#
#   bash scripts/python-demo.sh [PNG]   PNG: build/examples/sin_recursion_python.png
#
# Builds are cached in $ADCPP_CACHE_DIR (default build/adcpp-cache).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${AD_BUILD_DIR:-build}
export PYTHONPATH="$PWD/python${PYTHONPATH:+:$PYTHONPATH}"
export ADCPP_CACHE_DIR=${ADCPP_CACHE_DIR:-$PWD/$BUILD_DIR/adcpp-cache}
export MPLBACKEND=Agg
png=${1:-$BUILD_DIR/examples/sin_recursion_python.png}

echo "== Python: the sin recursion (examples/python/sin_recursion.py)"
/usr/bin/python3 examples/python/sin_recursion.py "$png"
echo
echo "== Python: the Weibull fit with scipy (examples/python/weibull_fit.py)"
/usr/bin/python3 examples/python/weibull_fit.py
