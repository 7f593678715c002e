// Locals, reassignment and shadowing (contract §3): three nested blocks and a
// loop body each declare their own `a`; every one must keep its own value and
// adjoint. Checked against a hand-written tangent sweep and central differences.
// RUN: %adxx -O2 %s -o %t -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: FileCheck %s --input-file=%t.gen/locals_reassign.ad.cpp

#include "ad_test.hpp"
#include <cmath>

[[ad::differentiate]]
double f(double x, double y) {
  double a = x * y;
  double b = a;
  a = a * a + x;
  a = std::sin(a);
  double r = a + b;
  {
    double a = r * y;
    r = a * x;
    {
      double a = r + 1;
      r = a * a;
    }
    r += a;
  }
  for (int i = 0; i < 2; ++i) {
    double a = r * 0.5;
    r = a * y;
  }
  return r + a;
}
// The inner a's are distinct variables with distinct adjoints; the outer a
// is the one returned.
// CHECK-LABEL: {{^}}double f_grad(double x, double y, double *d_x, double *d_y) {
// CHECK:       {{^}}  a = std::sin(a);
// CHECK:       {{^}}    [[A1:[_a-z0-9]+]] = r * y;
// CHECK:       {{^}}    r = [[A1]] * x;
// CHECK:       {{^}}      [[A2:[_a-z0-9]+]] = r + 1;
// CHECK:       {{^}}      r = [[A2]] * [[A2]];
// CHECK:       {{^}}    r += [[A1]];
// CHECK:       {{^}}    [[A3:[_a-z0-9]+]] = r * 0.5;
// CHECK:       {{^}}    r = [[A3]] * y;
// CHECK:       {{^}}  _ret = r + a;
// CHECK:       {{^}}  _d_r += 1;
// CHECK-NEXT:  {{^}}  _d_a += 1;
// CHECK:       {{^ +}}_d_[[A3]] += _d_r * y;
// CHECK:       {{^ +}}_d_r += _d_[[A3]] * 0.5;
// CHECK:       {{^ +}}_d_[[A1]] += _d_r;
// CHECK:       {{^ +}}_d_[[A2]] += _d_r * [[A2]];
// CHECK:       {{^ +}}_d_r += _d_[[A2]];
// CHECK:       {{^ +}}_d_[[A1]] += _d_r * x;
// CHECK:       {{^ +}}_d_r += _d_[[A1]] * y;
// CHECK:       {{^}}  _d_a += _d_r;
// CHECK-NEXT:  {{^}}  _d_b += _d_r;

struct Tan { double v, dx, dy; };

static Tan f_tangent(double x, double y) {
  Tan a = {x * y, y, x};
  Tan b = a;
  a = {a.v * a.v + x, 2 * a.v * a.dx + 1, 2 * a.v * a.dy};
  a = {std::sin(a.v), std::cos(a.v) * a.dx, std::cos(a.v) * a.dy};
  Tan r = {a.v + b.v, a.dx + b.dx, a.dy + b.dy};
  Tan a1 = {r.v * y, r.dx * y, r.dy * y + r.v};
  r = {a1.v * x, a1.dx * x + a1.v, a1.dy * x};
  Tan a2 = {r.v + 1, r.dx, r.dy};
  r = {a2.v * a2.v, 2 * a2.v * a2.dx, 2 * a2.v * a2.dy};
  r = {r.v + a1.v, r.dx + a1.dx, r.dy + a1.dy};
  for (int i = 0; i < 2; ++i) {
    Tan a3 = {r.v * 0.5, r.dx * 0.5, r.dy * 0.5};
    r = {a3.v * y, a3.dx * y, a3.dy * y + a3.v};
  }
  return {r.v + a.v, r.dx + a.dx, r.dy + a.dy};
}

int main() {
  for (int k = 0; k < 8; ++k) {
    double x = -1.2 + 0.33 * k, y = 0.9 - 0.27 * k;
    Tan want = f_tangent(x, y);
    double value = ad_test::check_gradient("f", f, f_grad, x, y, want.dx, want.dy);
    ad_test::check("value vs hand sweep", value, want.v, 1e-12);
  }
  return ad_test::report();
}
