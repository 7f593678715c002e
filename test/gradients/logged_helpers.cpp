// Helpers that write through pointers of unknown size their callers passed
// on (contract §3: "a helper can write through a pointer that its caller
// passed on"): the marked function hands its own output y to helpers, and a
// helper hands its pointer on to a second helper and to std::fill. Their
// old values cannot be saved whole before the call (their size is unknown
// there), so the call runs the helper's logged copy, which saves each value
// it overwrites into an undo log that the reverse sweep rolls back.
// RUN: %adxx -fplugin-arg-ad-split=never -O1 -Werror %s -o %t -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// Every helper call split (SplitCalls.cpp) gives the same results:
// RUN: %adxx -fplugin-arg-ad-split=always -O1 %s -o %t.split
// RUN: %t.split
// RUN: FileCheck %s --input-file=%t.gen/logged_helpers.ad.cpp

#include "ad_test.hpp"
#include <algorithm>
#include <cmath>

static void write_two(double *o, double a) {
  o[0] = a * a;
  o[1] = o[1] * a;
}
static void relay(double *o, double a) {
  write_two(o, a);
  std::fill(o + 2, o + 3, a);
}
static void scale_by(const double *x, double *y, int n) {
  for (int i = 0; i < n; ++i)
    y[i] = y[i] * std::sin(x[i]);
}
// CHECK: {{^}}    (_undo.save(y[i]), y[i] = y[i] * std::sin(x[i]));
// CHECK: {{^}}static void write_two_logged(double *o, double a, ::ad::UndoLog &_undo) {
// CHECK: {{^}}  (_undo.save(o[0]), o[0] = a * a);
// CHECK: {{^}}  write_two_logged(o, a, _undo);
// CHECK: {{^}}  (_undo.save_n((o + 2), (o + 3) - (o + 2)), std::fill(o + 2, o + 3, a));

// y <- y * sin(x) twice, then y0 = x0^2, y1 = y1 * x0, y2 = x0.
[[ad::differentiate("x")]]
void step(const double *x, double *y, int n) {
  scale_by(x, y, n);
  scale_by(x, y, n);
  relay(y, x[0]);
}
// CHECK-LABEL: {{^}}void step_grad(const double *x, double *y, int n, double *d_x, double *d_y) {
// CHECK:       {{^}}  ::ad::UndoLog _undo; // what helpers overwrite through pointers
// CHECK:       {{^}}  _tape_cf.push(_undo.mark());
// CHECK-NEXT:  {{^}}  scale_by_logged(x, y, n, _undo);
// CHECK:       {{^}}  relay_logged(y, x[0], _undo);
// CHECK:       {{^}}    _undo.rollback(_tape_cf.pop(), &_redo);
// CHECK-NEXT:  {{^}}    double {{_r[0-9]+}} = 0;
// CHECK-NEXT:  {{^}}    relay_pullback(y, x[0], d_y, &{{_r[0-9]+}}, &_redo);

int main() {
  const int n = 3;
  for (int c = 0; c < 4; ++c) {
    double x[n] = {0.5 + 0.2 * c, 1.5 - 0.3 * c, -2 + 0.5 * c};
    double y0[n] = {1, 2 - 0.5 * c, 3}, w[n] = {0.7, -1.1 + 0.4 * c, 0.3};
    double y[n], yf[n], dx[n] = {0, 0, 0}, dy[n];
    for (int i = 0; i < n; ++i) {
      y[i] = yf[i] = y0[i];
      dy[i] = w[i];
    }
    step_grad(x, y, n, dx, dy);
    step(x, yf, n);
    for (int i = 0; i < n; ++i)
      ad_test::check("step leaves y as step does", y[i] == yf[i], 1, 0);
    // y0 = x0^2, y1 = y0_1 s1^2 x0, y2 = x0 (s = sin x); L = w . y.
    double s1 = std::sin(x[1]);
    double want[n] = {2 * w[0] * x[0] + w[1] * y0[1] * s1 * s1 + w[2],
                      w[1] * y0[1] * 2 * s1 * std::cos(x[1]) * x[0], 0};
    double want_dy[n] = {0, w[1] * s1 * s1 * x[0], 0};
    for (int i = 0; i < n; ++i) {
      ad_test::check("step d_x vs hand", dx[i], want[i], 1e-13);
      ad_test::check("step d_y vs hand (seeds of entry values)", dy[i], want_dy[i], 1e-13);
      ad_test::check("step d_x vs central differences", dx[i],
                     ad_test::central_difference([&](double t) {
                       double xs[n] = {x[0], x[1], x[2]}, ys[n] = {y0[0], y0[1], y0[2]};
                       xs[i] = t;
                       step(xs, ys, n);
                       return w[0] * ys[0] + w[1] * ys[1] + w[2] * ys[2];
                     }, x[i]), 1e-6);
    }
  }
  return ad_test::report();
}
