// Nested loops (contract §3): three levels where each inner trip count
// depends on the outer index, and a while nested in a for whose trip count
// depends on x. Checked against a hand tangent sweep and a closed form.
// Reverse mode (forced: these functions have one active input, which
// otherwise gets forward mode), then forward mode, checked at run time.
// RUN: %adxx -O2 %s -o %t -fplugin-arg-ad-mode=reverse -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: FileCheck %s --input-file=%t.gen/nested_loops.ad.cpp
// RUN: %adxx -O2 %s -o %t.fwd -fplugin-arg-ad-emit=%t.fwd.gen
// RUN: %t.fwd

#include "ad_test.hpp"
#include <cmath>

[[ad::differentiate]]
double f(double x, double y, int n) {
  double s = 0;
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < i; ++j) {
      s = s * y + x;
      for (int k = 0; k <= j; ++k)
        s = std::sin(s) * x + k * y;
    }
    s += y;
  }
  return s;
}
// Each inner loop's trip count is saved per run of the loop around it and
// drives the matching reverse loop.
// CHECK-LABEL: {{^}}double f_grad(double x, double y, int n, double *d_x, double *d_y) {
// CHECK:       {{^}}    [[T1:_t[0-9]+]] = 0;
// CHECK-NEXT:  {{^}}    for (j = 0; j < i; ++j) {
// CHECK:       {{^}}      [[T2:_t[0-9]+]] = 0;
// CHECK-NEXT:  {{^}}      for ({{.*}}; k <= j; ++k) {
// CHECK:       {{^}}      _tape_cf.push([[T2]]);
// CHECK-NEXT:  {{^}}    }
// CHECK-NEXT:  {{^}}    _tape_cf.push([[T1]]);
// CHECK:       {{^}}    [[T1]] = _tape_cf.pop();
// CHECK-NEXT:  {{^}}    for (; [[T1]]; [[T1]]--) {
// CHECK-NEXT:  {{^}}      [[T2]] = _tape_cf.pop();
// CHECK-NEXT:  {{^}}      for (; [[T2]]; [[T2]]--) {
// CHECK:       {{^ +}}_d_y += k * [[R:_r[0-9]+]];

// Halve x i until it is at most 1: t = x i / 2^m with m depending on x and i.
[[ad::differentiate]]
double g(double x) {
  double s = 0;
  for (int i = 1; i <= 4; ++i) {
    double t = x * i;
    while (t > 1)
      t = t * 0.5;
    s += t * t;
  }
  return s;
}
// CHECK-LABEL: {{^}}double g_grad(double x, double *d_x) {
// CHECK:       {{^}}    while (t > 1) {
// CHECK:       {{^}}    _tape_cf.push([[T:_t[0-9]+]]);
// CHECK:       {{^}}    [[T]] = _tape_cf.pop();
// CHECK-NEXT:  {{^}}    for (; [[T]]; [[T]]--) {

struct Tan { double v, dx, dy; };

static Tan f_tangent(double x, double y, int n) {
  Tan s = {0, 0, 0};
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < i; ++j) {
      s = {s.v * y + x, s.dx * y + 1, s.dy * y + s.v};
      for (int k = 0; k <= j; ++k) {
        double c = std::cos(s.v), sn = std::sin(s.v);
        s = {sn * x + k * y, c * s.dx * x + sn, c * s.dy * x + k};
      }
    }
    s = {s.v + y, s.dx, s.dy + 1};
  }
  return s;
}

int main() {
  struct { double x, y; int n; } pts[] = {
      {0.7, 0.4, 4}, {-1.3, 0.9, 5}, {2.4, -0.6, 3}, {0.5, 1.1, 1}, {1.2, 0.3, 0}};
  for (auto p : pts) {
    double x = p.x, y = p.y;
    int n = p.n;
    double dx = 0, dy = 0;
    double value = f_grad(x, y, n, &dx, &dy);
    ad_test::check("f value bit for bit", value == f(x, y, n), 1, 0);
    Tan want = f_tangent(x, y, n);
    ad_test::check("f value vs hand sweep", value, want.v, 1e-12);
    ad_test::check("f d_x vs hand tangent", dx, want.dx, 1e-12);
    ad_test::check("f d_y vs hand tangent", dy, want.dy, 1e-12);
    ad_test::check("f d_x vs central differences", dx,
                   ad_test::central_difference([&](double v) { return f(v, y, n); }, x), 1e-6);
    ad_test::check("f d_y vs central differences", dy,
                   ad_test::central_difference([&](double v) { return f(x, v, n); }, y), 1e-6);
  }
  double gx[] = {0.3, 0.9, 1.7, 5.3, 13.1};
  for (double x : gx) {
    double dx = 0;
    double value = g_grad(x, &dx);
    ad_test::check("g value bit for bit", value == g(x), 1, 0);
    double want = 0;
    for (int i = 1; i <= 4; ++i) {
      double scale = i;  // d t / d x = i / 2^m
      while (x * scale > 1) scale *= 0.5;
      want += 2 * (x * scale) * scale;
    }
    ad_test::check("g d_x vs formula", dx, want, 1e-12);
    ad_test::check("g d_x vs central differences", dx, ad_test::central_difference(g, x), 1e-6);
  }
  return ad_test::report();
}
