// Found by test/fuzz (seeds 2 and 3, with an early version of fuzz.py). A
// `continue` inside a `switch` inside a loop: the forward sweep records the
// continue but not the switch's selector, so the reverse sweep of that
// iteration reads the selector left over from another iteration and replays
// the wrong case. Here iterations 0 and 2 take `continue` and iteration 1
// multiplies by x, so f(x) = x and f'(x) = 1, but f_grad gives 1 + x^2 (at x
// = -0.62: 1.3844). In a helper (h below, from seed 2, program 969) the stale
// selector also makes the reverse sweep pop records that were never pushed
// (the fuzzer's program crashed with SIGSEGV).
// RUN: %adxx -O1 %s -o %t
// RUN: %t

#include "ad_test.hpp"
#include <cmath>

[[ad::differentiate]] double f(double x) {
  double y = 1;
  for (int i = 0; i < 3; ++i) {
    switch (i) {
    case 1:
      y *= x;
      break;
    default:
      continue;
    }
  }
  return y;
}

// The same with a return from inside the switch (the fuzzer's program):
// g(x) = x * x, g'(x) = 2 x; f_grad gives 4 x.
[[ad::differentiate]] double g(double x) {
  for (int i = 0; i < 3; ++i) {
    switch (i) {
    case 1:
      return x * x;
    default:
      continue;
    }
  }
  return x;
}

// In a helper, with a return inside the switch and a break after it:
// k(x) = x * x for x > 0.5 and x otherwise, k'(x) = 2 x or 1; f_grad gives
// e.g. 9 instead of 3 at x = 1.5 and -5 instead of 1 at x = -1.5.
static double h(double a) {
  for (int i = 0; i < 6; ++i) {
    switch (i) {
    case 4:
      if (a > 0.5) return a * a;
      break;
    default:
      continue;
    }
    if (a < 0.3) break;
  }
  return a;
}

[[ad::differentiate]] double k(double x) { return h(x); }

int main() {
  for (int n = 0; n < 21; ++n) {
    double x = -1.5 + 3.0 * n / 20;
    double dx = 0;
    double value = f_grad(x, &dx);
    ad_test::check("f value bit for bit", value == f(x), 1, 0);
    ad_test::check("f vs hand derivative", dx, 1.0, 1e-12);
    ad_test::check("f vs central differences", dx,
                   ad_test::central_difference(f, x), 1e-6);
    dx = 0;
    value = g_grad(x, &dx);
    ad_test::check("g value bit for bit", value == g(x), 1, 0);
    ad_test::check("g vs hand derivative", dx, 2 * x, 1e-12);
    ad_test::check("g vs central differences", dx,
                   ad_test::central_difference(g, x), 1e-6);
    dx = 0;
    value = k_grad(x, &dx);
    ad_test::check("k value bit for bit", value == k(x), 1, 0);
    ad_test::check("k vs hand derivative", dx, x > 0.5 ? 2 * x : 1.0, 1e-12);
    ad_test::check("k vs central differences", dx,
                   ad_test::central_difference(k, x), 1e-6);
  }
  return ad_test::report();
}
