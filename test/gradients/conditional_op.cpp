// The conditional operator ?: (contract §3): nested, as an operand, with a
// constant arm, and in a loop whose condition reads an active value and an
// int updated non-invertibly. Points exercise both arms of every ?:.
// Reverse mode (forced: these functions have one active input, which
// otherwise gets forward mode), then forward mode, checked at run time.
// RUN: %adxx -O2 %s -o %t -fplugin-arg-ad-mode=reverse -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: FileCheck %s --input-file=%t.gen/conditional_op.ad.cpp
// RUN: %adxx -O2 %s -o %t.fwd -fplugin-arg-ad-emit=%t.fwd.gen
// RUN: %t.fwd

#include "ad_test.hpp"
#include <cmath>

[[ad::differentiate]]
double f(double x, double y) {
  double a = x > y ? x * x : y * x;
  double b = (a > 1 ? a : std::sin(a)) * y;
  double c = x < 0 ? -x : (x < 1 ? x * b : b / x);
  return a + b + c + (y > 0 ? 2.0 : y);
}
// The adjoint of c ? u : v goes to the arm the forward sweep took.
// CHECK-LABEL: {{^}}double f_grad(double x, double y, double *d_x, double *d_y) {
// CHECK:       {{^}}  _ret = a + b + c + (y > 0 ? 2.0 : y);
// CHECK:       {{^ +}}_d_y += 1;
// CHECK:       {{^ +}}_d_x += -_d_c;
// CHECK-NEXT:  {{^ +}}} else {
// CHECK:       {{^ +}}_d_b += x * _d_c;
// CHECK-NEXT:  {{^ +}}} else {
// CHECK-NEXT:  {{^ +}}_d_b += _d_c / x;
// CHECK:       {{^ +}}_d_a += _d_b * y;
// CHECK-NEXT:  {{^ +}}} else {
// CHECK-NEXT:  {{^ +}}_d_a += _d_b * y * std::cos(a);
// CHECK:       {{^ +}}_d_x += y * _d_a;
// CHECK:       {{^}}  *d_x += _d_x;

[[ad::differentiate]]
double g(double x) {
  double s = x;
  int k = 1;
  for (int i = 0; i < 6; ++i) {
    s = s > 1 ? s * 0.5 : (k > 3 ? s * s + x : s + x * x);
    k = (k * 3 + 1) % 7;
  }
  return s;
}
// In the reverse loop s and k are back to their values of that iteration
// before the conditions pick the arm.
// CHECK-LABEL: {{^}}double g_grad(double x, double *d_x) {
// CHECK:       {{^}}    _tape.push(s);
// CHECK-NEXT:  {{^}}    s = s > 1 ? s * 0.5 : (k > 3 ? s * s + x : s + x * x);
// CHECK-NEXT:  {{^}}    _tape_int.push(k);
// CHECK-NEXT:  {{^}}    k = (k * 3 + 1) % 7;
// CHECK:       {{^}}  for (; [[T:_t[0-9]+]]; [[T]]--) {
// CHECK-NEXT:  {{^}}    k = _tape_int.pop();
// CHECK:       {{^ +}}s = _tape.pop();
// CHECK:       {{^ +}}if (s > 1) {
// CHECK:       {{^ +}}if (k > 3) {

int main() {
  int arms[8] = {};
  double pts[][2] = {{2, 0.5}, {0.5, 0.8}, {-1.2, -2}, {0.3, -0.5}, {-0.5, 0.7}, {1.5, 2}};
  for (auto &p : pts) {
    double x = p[0], y = p[1];
    // By hand, arm by arm: partials of a, b, c.
    double a, ax, ay;
    if (x > y) ++arms[0], a = x * x, ax = 2 * x, ay = 0;
    else ++arms[1], a = y * x, ax = y, ay = x;
    double g = a > 1 ? (++arms[2], a) : (++arms[3], std::sin(a));
    double gp = a > 1 ? 1 : std::cos(a);
    double b = g * y, bx = gp * ax * y, by = gp * ay * y + g;
    double cx, cy;
    if (x < 0) ++arms[4], cx = -1, cy = 0;
    else if (x < 1) ++arms[5], cx = b + x * bx, cy = x * by;
    else ++arms[6], cx = bx / x - b / (x * x), cy = by / x;
    double ly = y > 0 ? 0 : (++arms[7], 1);
    ad_test::check_gradient("f", f, f_grad, x, y, ax + bx + cx, ay + by + cy + ly);
  }
  for (int i = 0; i < 8; ++i)
    ad_test::check("f: every arm taken at some point", arms[i] > 0, 1, 0);

  int garms[3] = {};
  double gx[] = {0.9, 3.0, -0.5, 0.4};
  for (double x : gx) {
    double dx = 0;
    double value = g_grad(x, &dx);
    ad_test::check("g value bit for bit", value == g(x), 1, 0);
    double s = x, ds = 1;  // hand tangent
    int k = 1;
    for (int i = 0; i < 6; ++i) {
      if (s > 1) ++garms[0], s = s * 0.5, ds = ds * 0.5;
      else if (k > 3) ++garms[1], ds = 2 * s * ds + 1, s = s * s + x;
      else ++garms[2], s = s + x * x, ds = ds + 2 * x;
      k = (k * 3 + 1) % 7;
    }
    ad_test::check("g d_x vs hand tangent", dx, ds, 1e-12);
    ad_test::check("g d_x vs central differences", dx,
                   ad_test::central_difference([&](double v) { return g(v); }, x), 1e-6);
  }
  for (int i = 0; i < 3; ++i)
    ad_test::check("g: every arm taken at some point", garms[i] > 0, 1, 0);
  return ad_test::report();
}
