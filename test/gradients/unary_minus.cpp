// Unary minus (contract §3) on parameters, locals, subexpressions, inside a
// call and doubled (- -b); also on an int. Algebraically f = y sin(x - 2xy) + n x.
// Checked against that closed form, central differences and f's value.
// RUN: %adxx -O2 %s -o %t -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: FileCheck %s --input-file=%t.gen/unary_minus.ad.cpp

#include "ad_test.hpp"
#include <cmath>

[[ad::differentiate]]
double f(double x, double y, int n) {
  double a = -x;
  double b = -(x * y) + -a * -y;
  a = -a - -b;
  return -std::sin(-a) * -(-y) - -n * x;
}
// The adjoint of -u is minus the adjoint: it flows back negated.
// CHECK-LABEL: {{^}}double f_grad(double x, double y, int n, double *d_x, double *d_y) {
// CHECK:       {{^}}  a = -a - -b;
// CHECK:       {{^ +}}a = _t{{[0-9]+}};
// CHECK-NEXT:  {{^ +}}double [[R:_r[0-9]+]] = _d_a;
// CHECK-NEXT:  {{^ +}}_d_a = -[[R]];
// CHECK-NEXT:  {{^ +}}_d_b += [[R]];
// CHECK:       {{^ +}}_d_x += -_d_a;
// CHECK-NEXT:  {{^}}  *d_x += _d_x;

int main() {
  for (int k = 0; k < 9; ++k) {
    double x = -2 + 0.47 * k, y = 1.3 - 0.31 * k;
    int n = k - 4;
    double dx = 0, dy = 0;
    double value = f_grad(x, y, n, &dx, &dy);
    ad_test::check("value bit for bit", value == f(x, y, n), 1, 0);
    double a = x - 2 * x * y;
    ad_test::check("d_x vs formula", dx, y * std::cos(a) * (1 - 2 * y) + n, 1e-12);
    ad_test::check("d_y vs formula", dy, std::sin(a) - 2 * x * y * std::cos(a), 1e-12);
    ad_test::check("d_x vs central differences", dx,
                   ad_test::central_difference([&](double v) { return f(v, y, n); }, x), 1e-6);
    ad_test::check("d_y vs central differences", dy,
                   ad_test::central_difference([&](double v) { return f(x, v, n); }, y), 1e-6);
  }
  return ad_test::report();
}
