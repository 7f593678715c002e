// Helpers calling helpers, three levels below the marked function (contract
// §3): each level gets its own pullback, which calls the next level's pullback.
// Checked against a hand-derived gradient, central differences and f's value.
// The checks below read the pullbacks (split=never); the default (split
// records and lean pullbacks, docs/design.md "Split calls") must agree.
// RUN: %adxx -O2 %s -o %t -fplugin-arg-ad-split=never -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: %adxx -O2 %s -o %t.split
// RUN: %t.split
// RUN: FileCheck %s --input-file=%t.gen/calls_nested.ad.cpp

#include "ad_test.hpp"
#include <cmath>

// level 3
double bump(double u) { return std::exp(-u * u); }
// level 2
double wave(double a, double b) {
  double s = bump(a) * b;
  return s + bump(a * b);
}
// level 1
double layer(double x, double y) {
  double w = wave(x, y);
  return w * w + wave(y, 0.5);
}

[[ad::differentiate]]
double f(double x, double y) { return layer(x, y) - 2 * layer(y, x); }

// Pullbacks are defined top-down; each calls the next level's pullback.
// CHECK:       {{^}}static void layer_pullback(double x, double y, double _d_return, double *d_x, double *d_y) {
// CHECK-DAG:     {{^ +}}wave_pullback_1(y, 0.5, _d_return, &_d_y);
// CHECK-DAG:     {{^ +}}wave_pullback(x, y, _d_w, &_d_x, &_d_y);
// CHECK:       {{^}}static void wave_pullback(double a, double b, double _d_return, double *d_a, double *d_b) {
// CHECK-DAG:     {{^ +}}bump_pullback(a * b, _d_return, {{.*}});
// CHECK-DAG:     {{^ +}}bump_pullback(a, _d_s * b, &_d_a);
// CHECK:       {{^}}static void bump_pullback(double u, double _d_return, double *d_u) {
// CHECK-NOT:     _pullback
// CHECK-LABEL: {{^}}double f_grad(double x, double y, double *d_x, double *d_y) {
// CHECK-NOT:     wave_pullback
// CHECK-NOT:     bump_pullback
// CHECK-DAG:     {{^ +}}layer_pullback(x, y, {{.*}}, &_d_x, &_d_y);
// CHECK-DAG:     {{^ +}}layer_pullback(y, x, {{.*}}, &_d_y, &_d_x);
// CHECK:         {{^ +}}return _ret;

// Hand-derived partials, level by level.
static double bump_d(double u) { return -2 * u * std::exp(-u * u); }
static void wave_d(double a, double b, double &da, double &db) {
  da = bump_d(a) * b + bump_d(a * b) * b;
  db = bump(a) + bump_d(a * b) * a;
}
static void layer_d(double x, double y, double &dx, double &dy) {
  double wa, wb, va, vb;
  wave_d(x, y, wa, wb);
  wave_d(y, 0.5, va, vb);
  double w = wave(x, y);
  dx = 2 * w * wa;
  dy = 2 * w * wb + va;
}

int main() {
  for (int i = 0; i < 11; ++i)
    for (int j = 0; j < 11; ++j) {
      double x = -1.5 + 0.3 * i, y = -1.2 + 0.27 * j;
      double ax, ay, bx, by;  // layer(x, y) and layer(y, x)
      layer_d(x, y, ax, ay);
      layer_d(y, x, by, bx);
      ad_test::check_gradient("f", f, f_grad, x, y, ax - 2 * bx, ay - 2 * by);
    }
  return ad_test::report();
}
