// Calls to helpers with scalar parameters (contract §3): each helper gets ONE
// pullback, helper_pullback, called at every call site (never inlined per call);
// checked against a hand-derived gradient, central differences and f's value.
// The checks below read the pullbacks (split=never); the default (split
// records and lean pullbacks, docs/design.md "Split calls") must agree.
// RUN: %adxx -O2 %s -o %t -fplugin-arg-ad-split=never -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: %adxx -O2 %s -o %t.split
// RUN: %t.split
// RUN: FileCheck %s --input-file=%t.gen/calls_scalar.ad.cpp

#include "ad_test.hpp"
#include <cmath>

double sq(double u) { return u * u; }
double mix(double a, double b) {
  double t = std::sin(a) * b;
  return t + a / b;
}
double scale(double u, int k) { return u * k + 1; }

[[ad::differentiate]]
double f(double x, double y) {
  double r = sq(x) + sq(y) + sq(x * y);
  r += mix(x, y) * mix(x + y, y * 0.5);
  r -= scale(x, 3) / sq(y + 2);
  return r;
}
// One pullback per helper, declared first, then defined once.
// CHECK:       {{^}}static void sq_pullback(double u, double _d_return, double *d_u);
// CHECK:       {{^}}static void mix_pullback(double a, double b, double _d_return, double *d_a, double *d_b);
// CHECK:       {{^}}static void scale_pullback(double u, int k, double _d_return, double *d_u);
// CHECK:       {{^}}static void sq_pullback(double u, double _d_return, double *d_u) {
// CHECK-NOT:   {{^}}void sq_pullback
// CHECK-NOT:   {{^}}void mix_pullback_1
// CHECK-LABEL: {{^}}double f_grad(double x, double y, double *d_x, double *d_y) {
// The helpers' bodies are not inlined: their adjoints do not appear here.
// CHECK-NOT:     _d_u
// CHECK-NOT:     std::cos
// CHECK-DAG:     {{^ +}}sq_pullback(y + 2, {{.*}});
// CHECK-DAG:     {{^ +}}scale_pullback(x, 3, {{.*}}, &_d_x);
// CHECK-DAG:     {{^ +}}mix_pullback(x, y, {{.*}}, &_d_x, &_d_y);
// CHECK-DAG:     {{^ +}}mix_pullback(x + y, y * 0.5, {{.*}});
// CHECK-DAG:     {{^ +}}sq_pullback(x, _d_r, &_d_x);
// CHECK-DAG:     {{^ +}}sq_pullback(y, _d_r, &_d_y);
// CHECK-DAG:     {{^ +}}sq_pullback(x * y, _d_r, {{.*}});
// CHECK:         {{^ +}}return _ret;

// Partials of mix(a, b) = sin(a) b + a / b.
static double mix_a(double a, double b) { return std::cos(a) * b + 1 / b; }
static double mix_b(double a, double b) { return std::sin(a) - a / (b * b); }

int main() {
  for (int i = 0; i < 9; ++i)
    for (int j = 0; j < 7; ++j) {
      double x = -2 + 0.5 * i, y = 0.3 + 0.45 * j;
      double m1 = mix(x, y), m2 = mix(x + y, y * 0.5), w = (y + 2) * (y + 2);
      double wx = 2 * x + 2 * x * y * y + mix_a(x, y) * m2 +
                  m1 * mix_a(x + y, y * 0.5) - 3 / w;
      double wy = 2 * y + 2 * x * x * y + mix_b(x, y) * m2 +
                  m1 * (mix_a(x + y, y * 0.5) + 0.5 * mix_b(x + y, y * 0.5)) +
                  2 * (3 * x + 1) / (w * (y + 2));
      ad_test::check_gradient("f", f, f_grad, x, y, wx, wy);
    }
  return ad_test::report();
}
