// A helper called inside a loop with loop-carried values (contract §3):
// y = step(y, a, i) fifty times, plus a running cost(y, a). The loop's reverse
// sweep calls step_pullback once per iteration on the restored y; checked
// against a hand-written adjoint, central differences and f's value.
// RUN: %adxx -O2 %s -o %t -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: FileCheck %s --input-file=%t.gen/calls_in_loop.ad.cpp

#include "ad_test.hpp"
#include <cmath>

double step(double y, double a, int i) {
  double rate = a * std::sin(y) - 0.1 * y * y + 0.001 * i * a;
  return y + 0.02 * rate;
}
double cost(double y, double a) { return (y - a) * (y - a); }

[[ad::differentiate]]
double f(double x, double a) {
  double y = x, s = 0;
  for (int i = 0; i < 50; ++i) {
    y = step(y, a, i);
    s += cost(y, a);
  }
  return s + y;
}
// CHECK:       {{^}}static void step_pullback(double y, double a, int i, double _d_return, double *d_y, double *d_a) {
// CHECK:       {{^}}static void cost_pullback(double y, double a, double _d_return, double *d_y, double *d_a) {
// CHECK-LABEL: {{^}}double f_grad(double x, double a, double *d_x, double *d_a) {
// CHECK:         {{^ +}}_tape.push(y);
// CHECK-NEXT:    {{^ +}}y = step(y, a, i);
// CHECK:         {{^ +}}for (; _t0; _t0--) {
// CHECK:         {{^ +}}cost_pullback(y, a, _d_s, {{.*}});
// CHECK:         {{^ +}}y = _tape.pop();
// CHECK:         {{^ +}}step_pullback(y, a, i, {{.*}});
// CHECK:         {{^ +}}return _ret;

// Hand-written adjoint: store each y, then walk back.
static void hand(double x, double a, double &dx, double &da) {
  double ys[51];
  ys[0] = x;
  for (int i = 0; i < 50; ++i) ys[i + 1] = step(ys[i], a, i);
  double dy = 1, ds = 1;  // d(result)/dy_50 and d(result)/ds
  da = 0;
  for (int i = 49; i >= 0; --i) {
    double yn = ys[i + 1], y = ys[i];
    dy += ds * 2 * (yn - a);  // cost(y_{i+1}, a)
    da -= ds * 2 * (yn - a);
    da += dy * 0.02 * (std::sin(y) + 0.001 * i);  // step
    dy *= 1 + 0.02 * (a * std::cos(y) - 0.2 * y);
  }
  dx = dy;
}

int main() {
  for (int i = 0; i < 15; ++i)
    for (int j = 0; j < 5; ++j) {
      double x = -1.4 + 0.2 * i, a = -1 + 0.6 * j;
      double hx, ha;
      hand(x, a, hx, ha);
      ad_test::check_gradient("f", f, f_grad, x, a, hx, ha);
    }
  return ad_test::report();
}
