// An output parameter that f fills whole (std::fill) and then updates in a
// loop, reading it back (W6's Runge-Kutta integrator): the reverse sweep
// restores its old values many times. The range the fill writes is covered
// in the redo log (`_redo.cover(y, n)`): its final values are copied once
// when the reverse sweep starts (`_redo.snapshot()`) and put back by
// replay, so those restores are not logged. Writes outside the range (an
// element past it) still go through the log. Checked: the gradient against
// a hand-written adjoint and central differences, and that f_grad leaves
// in the caller's memory exactly what f leaves, inside and outside the
// covered range.
// RUN: %adxx -O2 -Werror %s -o %t -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: FileCheck %s --input-file=%t.gen/covered_outputs.ad.cpp

#include "ad_test.hpp"
#include <algorithm>
#include <vector>
#include <cmath>

// y' = -a y + sin(y) integrated with steps of Euler on n independent
// components; y[n] (past the filled range) counts a weighted sum.
[[ad::differentiate("a")]]
void integrate(double a, double *y, int n, int steps) {
  std::fill(y, y + n, 1.0);
  y[n] = 0;
  for (int s = 0; s < steps; ++s) {
    for (int i = 0; i < n; ++i)
      y[i] += 0.01 * (-a * (i + 1) * y[i] + std::sin(y[i]));
    y[n] += y[n - 1] * a;
  }
}
// CHECK-LABEL: {{^}}void integrate_grad(
// CHECK:       {{^}}  _redo.cover(y, ((y + n) - y));
// CHECK-NEXT:  {{^}}  std::fill(y, y + n, 1.0);
// CHECK:       {{^}}  _redo.snapshot(); // f's final values of the ranges covered
// CHECK:       {{^}}  _redo.replay(); // the values f left in the caller's memory

// The hand-written adjoint of sum_i y_i + y_n, recomputing the states.
static double integrate_hand(double a, int n, int steps) {
  std::vector<std::vector<double>> ys(steps + 1, std::vector<double>(n + 1));
  std::fill(ys[0].begin(), ys[0].begin() + n, 1.0);
  ys[0][n] = 0;
  for (int s = 0; s < steps; ++s) {
    ys[s + 1] = ys[s];
    for (int i = 0; i < n; ++i)
      ys[s + 1][i] += 0.01 * (-a * (i + 1) * ys[s][i] + std::sin(ys[s][i]));
    ys[s + 1][n] += ys[s + 1][n - 1] * a;
  }
  std::vector<double> dy(n + 1, 1.0);
  double da = 0;
  for (int s = steps - 1; s >= 0; --s) {
    da += dy[n] * ys[s + 1][n - 1];
    dy[n - 1] += dy[n] * a;
    for (int i = 0; i < n; ++i) {
      da += dy[i] * 0.01 * (-(i + 1) * ys[s][i]);
      dy[i] *= 1 + 0.01 * (-a * (i + 1) + std::cos(ys[s][i]));
    }
  }
  return da;
}

static double total(double a, int n, int steps) {
  std::vector<double> y(n + 1);
  integrate(a, y.data(), n, steps);
  double t = 0;
  for (double v : y)
    t += v;
  return t;
}

int main() {
  const int n = 6, steps = 50;
  for (double a : {0.3, 1.7}) {
    std::vector<double> y(n + 1, -5.0), want(n + 1, -5.0), dy(n + 1, 1.0);
    double da = 0;
    integrate(a, want.data(), n, steps);
    integrate_grad(a, y.data(), n, steps, &da, dy.data());
    for (int i = 0; i <= n; ++i) // f's side effects, bit for bit, inside and past the range
      ad_test::check("caller's memory as f leaves it", y[i] == want[i], 1, 0);
    ad_test::check("d_a vs hand", da, integrate_hand(a, n, steps), 1e-12);
    ad_test::check("d_a vs central differences", da,
                   ad_test::central_difference([&](double t) { return total(t, n, steps); }, a),
                   1e-6);
  }
  return ad_test::report();
}
