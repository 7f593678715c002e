// Compound assignment += -= *= /= (contract §3) on locals and on parameters,
// with self reference (s *= s, s += s, s /= s + x, x *= x). Each overwrite is
// saved and restored; checked against a hand-written forward (tangent) sweep.
// RUN: %adxx -O2 %s -o %t -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: FileCheck %s --input-file=%t.gen/compound_assign.ad.cpp

#include "ad_test.hpp"

[[ad::differentiate]]
double f(double x, double y) {
  double s = x;
  s += y * x;
  s -= 2 * y;
  s *= x + y;
  s /= y;
  s *= s;
  s += s;
  s /= s + x;
  double t = y;
  t *= t;
  t -= x;
  t /= x;
  return s + t;
}
// CHECK-LABEL: {{^}}double f_grad(double x, double y, double *d_x, double *d_y) {
// Forward: the old value is saved before each overwrite.
// CHECK:       {{^}}  s /= y;
// CHECK-NEXT:  {{^}}  [[TA:_t[0-9]+]] = s;
// CHECK-NEXT:  {{^}}  s *= s;
// CHECK-NEXT:  {{^}}  [[TB:_t[0-9]+]] = s;
// CHECK-NEXT:  {{^}}  s += s;
// CHECK-NEXT:  {{^}}  [[TC:_t[0-9]+]] = s;
// CHECK-NEXT:  {{^}}  s /= s + x;
// Reverse of s /= s + x: d(s / (s + x)) = ds / (s + x) - s (ds + dx) / (s + x)^2.
// CHECK:       {{^ +}}s = [[TC]];
// CHECK-NEXT:  {{^ +}}double [[R5:_r[0-9]+]] = _d_s;
// CHECK-NEXT:  {{^ +}}_d_s = [[R5]] / (s + x);
// CHECK-NEXT:  {{^ +}}double [[R6:_r[0-9]+]] = -([[R5]] * s / ((s + x) * (s + x)));
// CHECK-NEXT:  {{^ +}}_d_s += [[R6]];
// CHECK-NEXT:  {{^ +}}_d_x += [[R6]];
// Reverse of s += s and s *= s: both uses of the old s get the adjoint.
// CHECK:       {{^ +}}s = [[TB]];
// CHECK-NEXT:  {{^ +}}double [[R4:_r[0-9]+]] = _d_s;
// CHECK-NEXT:  {{^ +}}_d_s = [[R4]];
// CHECK-NEXT:  {{^ +}}_d_s += [[R4]];
// CHECK:       {{^ +}}s = [[TA]];
// CHECK-NEXT:  {{^ +}}double [[R3:_r[0-9]+]] = _d_s;
// CHECK-NEXT:  {{^ +}}_d_s = [[R3]] * s;
// CHECK-NEXT:  {{^ +}}_d_s += s * [[R3]];
// CHECK:       {{^}}  return _ret;

// Parameters overwritten in place: x *= x, then x, y read with new values.
[[ad::differentiate]]
double g(double x, double y) {
  x *= x;
  x += y;
  y /= x;
  x -= y * y;
  return x * y;
}
// CHECK-LABEL: {{^}}double g_grad(double x, double y, double *d_x, double *d_y) {
// CHECK:       {{^}}  [[T0:_t[0-9]+]] = x;
// CHECK-NEXT:  {{^}}  x *= x;
// CHECK:       {{^ +}}x = [[T0]];
// CHECK-NEXT:  {{^ +}}double [[R:_r[0-9]+]] = _d_x;
// CHECK-NEXT:  {{^ +}}_d_x = [[R]] * x;
// CHECK-NEXT:  {{^ +}}_d_x += x * [[R]];
// CHECK:       {{^}}  *d_x += _d_x;

// Value and tangent (dv/dx, dv/dy) of each variable, propagated by hand.
struct Tan { double v, dx, dy; };

static Tan f_tangent(double x, double y) {
  Tan s = {x, 1, 0};
  s = {s.v + y * x, s.dx + y, s.dy + x};
  s = {s.v - 2 * y, s.dx, s.dy - 2};
  s = {s.v * (x + y), s.dx * (x + y) + s.v, s.dy * (x + y) + s.v};
  s = {s.v / y, s.dx / y, s.dy / y - s.v / (y * y)};
  s = {s.v * s.v, 2 * s.v * s.dx, 2 * s.v * s.dy};
  s = {s.v + s.v, 2 * s.dx, 2 * s.dy};
  double q = s.v + x;  // s / q
  s = {s.v / q, s.dx / q - s.v * (s.dx + 1) / (q * q), s.dy / q - s.v * s.dy / (q * q)};
  Tan t = {y * y, 0, 2 * y};
  t = {t.v - x, -1, t.dy};
  t = {t.v / x, t.dx / x - t.v / (x * x), t.dy / x};
  return {s.v + t.v, s.dx + t.dx, s.dy + t.dy};
}

int main() {
  double pts[][2] = {{0.7, 1.3}, {-1.1, 0.4}, {2.5, -0.8}, {0.3, 2.2}, {1.9, 0.6}};
  for (auto &p : pts) {
    double x = p[0], y = p[1];
    Tan want = f_tangent(x, y);
    ad_test::check_gradient("f", f, f_grad, x, y, want.dx, want.dy);

    // g = (X - Y^2) Y with X = x^2 + y, Y = y / X.
    double X = x * x + y, Y = y / X;
    double dX_dx = 2 * x, dX_dy = 1;
    double dY_dx = -y * dX_dx / (X * X), dY_dy = 1 / X - y * dX_dy / (X * X);
    ad_test::check_gradient("g", g, g_grad, x, y,
                            (dX_dx - 2 * Y * dY_dx) * Y + (X - Y * Y) * dY_dx,
                            (dX_dy - 2 * Y * dY_dy) * Y + (X - Y * Y) * dY_dy);
  }
  return ad_test::report();
}
