// + - * / (contract §3) on active and inactive operands, int parameters,
// literals and a global constant. f_grad must match the hand-derived partials,
// central differences, and return f's value bit for bit.
// RUN: %adxx -O2 %s -o %t -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: FileCheck %s --input-file=%t.gen/arithmetic.ad.cpp

#include "ad_test.hpp"

double c = 2.5;  // a global: read as a constant

[[ad::differentiate]]
double f(double x, double y, int n) {
  double a = x + y;
  double b = x - 3.0;
  double c2 = x * y + 2 * x - y * n;
  double d = x / y + 1.5 / y - y / 4;
  double e = (a * b - c2) / (d + n);
  return e + 7 - x / (y * y) + n * x * c;
}
// Only x and y get adjoints; each operator's rule shows up in the reverse sweep.
// CHECK-LABEL: {{^}}double f_grad(double x, double y, int n, double *d_x, double *d_y) {
// CHECK-NOT:   _d_n
// CHECK:       {{^}}  _ret = e + 7 - x / (y * y) + n * x * c;
// CHECK:       {{^ +}}_d_e += 1;
// CHECK:       {{^ +}}_d_x += n * c;
// CHECK:       {{^ +}}_d_a += [[R:_r[0-9]+]] * b;
// CHECK-NEXT:  {{^ +}}_d_b += a * [[R]];
// CHECK-NEXT:  {{^ +}}_d_c2 += -[[R]];
// CHECK:       {{^ +}}_d_x += _d_d / y;
// CHECK:       {{^ +}}_d_y += -(_d_d * 1.5 / (y * y));
// CHECK:       {{^ +}}_d_y += -_d_d / 4;
// CHECK:       {{^ +}}_d_y += -_d_c2 * n;
// CHECK:       {{^ +}}_d_x += _d_a;
// CHECK-NEXT:  {{^ +}}_d_y += _d_a;
// CHECK-NEXT:  {{^}}  *d_x += _d_x;
// CHECK-NEXT:  {{^}}  *d_y += _d_y;
// CHECK-NEXT:  {{^}}  return _ret;

int main() {
  struct { double x, y; int n; } pts[] = {
      {0.7, 1.3, 2}, {-1.1, 0.4, 3}, {2.5, -0.8, 1}, {0.3, 2.2, 0}, {-3.0, -1.7, 5}};
  for (auto p : pts) {
    double x = p.x, y = p.y;
    int n = p.n;
    double dx = 0, dy = 0;
    double value = f_grad(x, y, n, &dx, &dy);
    ad_test::check("value bit for bit", value == f(x, y, n), 1, 0);
    // By hand: e = N / D with N = a b - c2, D = d + n.
    double a = x + y, b = x - 3, c2 = x * y + 2 * x - y * n;
    double N = a * b - c2, D = x / y + 1.5 / y - y / 4 + n;
    double dN_dx = b + a - (y + 2), dN_dy = b - (x - n);
    double dD_dx = 1 / y, dD_dy = -(x + 1.5) / (y * y) - 0.25;
    double want_x = (dN_dx * D - N * dD_dx) / (D * D) - 1 / (y * y) + n * c;
    double want_y = (dN_dy * D - N * dD_dy) / (D * D) + 2 * x / (y * y * y);
    ad_test::check("d_x vs formula", dx, want_x, 1e-12);
    ad_test::check("d_y vs formula", dy, want_y, 1e-12);
    ad_test::check("d_x vs central differences", dx,
                   ad_test::central_difference([&](double v) { return f(v, y, n); }, x), 1e-6);
    ad_test::check("d_y vs central differences", dy,
                   ad_test::central_difference([&](double v) { return f(x, v, n); }, y), 1e-6);
  }
  return ad_test::report();
}
