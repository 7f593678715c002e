"""W3 from Python: m.nll.value_and_grad against the same gradient called
from C++, n = 1,000,000 (shared/bench/WORKLOADS.md).

    PYTHONPATH=python /usr/bin/python3 bench/python_w3.py [--n N]

What is compared. One "call" is W2's: value and gradient at p = (1.0, 1.0)
and at (0.7, 1.3).
  python  two calls of m.nll.value_and_grad(p, t, e, n) from Python: adcpp's
          argument checks and conversions (no copy of t and e: they are
          float64 and contiguous), a ctypes call of the shim's entry point,
          which calls nll_grad, and the gradient array it returns.
  c++     bench_w3_cxx(t, e, n, reps), a loop compiled into the same library
          from the same translation unit, calling nll_grad directly (with a
          zeroed d_p) reps times and timing itself with steady_clock.
Both run the same machine code of nll_grad on the same arrays, so the ratio
is what calling through Python costs. Timing as bench/timing.hpp does it:
interleaved, each sample repeated to at least 50 ms, 7 samples, minimum.
"""

import argparse
import ctypes
import os
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "python"))
import adcpp  # noqa: E402

SOURCE = r"""
#include <chrono>
#include <cmath>
#include <random>

[[ad::differentiate("p")]]
double nll(const double *p, const double *t, const double *e, int n) {
  double lam = p[0], rho = p[1], ll = 0, ch = 0;
  for (int i = 0; i < n; ++i) {
    ll += e[i] * (std::log(rho) - std::log(lam) +
                  (rho - 1) * (std::log(t[i]) - std::log(lam)));
    ch += std::pow(t[i] / lam, rho);
  }
  return -(ll - ch);
}

// W2's data generator (std::mt19937_64 seeded 42), for any n.
extern "C" void bench_w3_data(int n, double *t, double *e) {
  std::mt19937_64 rng(42);
  std::exponential_distribution<double> exponential(1.0);
  std::bernoulli_distribution observed(0.95);
  for (int i = 0; i < n; ++i) t[i] = std::pow(exponential(rng) / 1.5, 2.3);
  for (int i = 0; i < n; ++i) e[i] = observed(rng) ? 1.0 : 0.0;
}

static volatile double sink;

// Seconds for reps W3 calls (two points each), from C++.
extern "C" double bench_w3_cxx(const double *t, const double *e, int n, long reps) {
  const double points[2][2] = {{1.0, 1.0}, {0.7, 1.3}};
  double sum = 0;
  auto start = std::chrono::steady_clock::now();
  for (long r = 0; r < reps; ++r)
    for (const auto &p : points) {
      double dp[2] = {0, 0};
      sum += nll_grad(p, t, e, n, dp) + dp[0] + dp[1];
    }
  double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  sink = sum;
  return s;
}
"""

MIN_SECONDS = 0.05
SAMPLES = 7


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1_000_000)
    args = ap.parse_args()
    n = args.n

    m = adcpp.compile(SOURCE)
    lib = m.library
    lib.bench_w3_data.argtypes = [ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p]
    lib.bench_w3_data.restype = None
    lib.bench_w3_cxx.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int,
                                 ctypes.c_long]
    lib.bench_w3_cxx.restype = ctypes.c_double
    t, e = np.empty(n), np.empty(n)
    lib.bench_w3_data(n, t.ctypes.data, e.ctypes.data)
    points = [np.array([1.0, 1.0]), np.array([0.7, 1.3])]
    vg = m.nll.value_and_grad

    def python(reps):
        start = time.perf_counter()
        for _ in range(reps):
            for p in points:
                vg(p, t, e, n)
        return time.perf_counter() - start

    def cxx(reps):
        return lib.bench_w3_cxx(t.ctypes.data, e.ctypes.data, n, reps)

    variants = {"python": python, "c++": cxx}
    reps = {}
    for name, run in variants.items():   # calibrate: >= 50 ms per sample
        reps[name] = 1
        while run(reps[name]) < MIN_SECONDS:
            reps[name] *= 2
    best = {name: float("inf") for name in variants}
    for _ in range(SAMPLES):             # interleaved samples
        for name, run in variants.items():
            best[name] = min(best[name], run(reps[name]) / reps[name])

    v, g = vg(points[1], t, e, n)
    print(f"W3 (n = {n}): nll.value_and_grad at (0.7, 1.3) = {v:.10g}, "
          f"gradient [{g[0]:.10g}, {g[1]:.10g}]")
    for name in variants:
        print(f"  {name:7s} {best[name] * 1e9:14.0f} ns per call (2 points), "
              f"{reps[name]} per sample")
    ratio = best["python"] / best["c++"]
    print(f"  python / c++ = {ratio:.3f}  (target <= 1.2)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
