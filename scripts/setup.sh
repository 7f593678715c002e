#!/usr/bin/env bash
# Installs what building and testing `ad` needs on Debian 12, skipping what is
# already present. Safe to run repeatedly; needs root (or sudo) only when
# something is missing.
set -euo pipefail

PACKAGES=(
  clang-19 libclang-19-dev llvm-19-dev llvm-19-tools   # the plugin's toolchain, lit, FileCheck
  cmake ninja-build g++                                # build
  gnuplot-nox                                          # the sin demo's plot
  liblbfgspp-dev libeigen3-dev                         # the Weibull demo's optimizer
  libadolc-dev libtrilinos-sacado-dev libtrilinos-kokkos-dev  # tape-based peers in bench/
  gdb                                                  # debugger test
  libclang-rt-19-dev                                   # AddressSanitizer runs of generated code
  python3-numpy python3-scipy python3-matplotlib python3-pytest  # the Python package adcpp
  jupyter-nbconvert python3-nbconvert python3-nbformat python3-ipykernel  # its notebook, run by the tests
)

missing=()
for pkg in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all packages present"
  exit 0
fi

echo "setup: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
