// Helpers with double& outputs (contract §3: writes through reference
// parameters): pure outputs, an accumulator, and two in-out references in one
// call. Checked against hand-derived formulas, central differences, f's value.
// The checks below read the pullbacks (split=never); the default (split
// records and lean pullbacks, docs/design.md "Split calls") must agree.
// RUN: %adxx -O2 %s -o %t -fplugin-arg-ad-split=never -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: %adxx -O2 %s -o %t.split
// RUN: %t.split
// RUN: FileCheck %s --input-file=%t.gen/calls_reference_out.ad.cpp

#include "ad_test.hpp"
#include <cmath>

void polar(double r, double th, double &x, double &y) {
  x = r * std::cos(th);
  y = r * std::sin(th);
}
void accumulate(double v, double &acc) { acc += v * v; }
void product(const double &a, const double &b, double &out) { out = a * b; }

// F = 1 + x^2 + (x y)^2 + x y with (x, y) = r (cos th, sin th)
[[ad::differentiate]]
double f1(double r, double th) {
  double x = 0, y = 0;
  polar(r, th, x, y);
  double acc = 1;
  accumulate(x, acc);
  accumulate(y * x, acc);
  double xy = 0;
  product(x, y, xy);
  return acc + xy;
}
// CHECK:       {{^}}static void polar_pullback(double r, double th, double &x, double &y, double *d_r, double *d_th, double *d_x, double *d_y, ::ad::RedoLog *_redo) {
// CHECK:       {{^}}static void accumulate_pullback(double v, double &acc, double *d_v, double *d_acc, ::ad::RedoLog *_redo) {
// CHECK-LABEL: {{^}}double f1_grad(double r, double th, double *d_r, double *d_th) {
// CHECK:         {{^ +}}product_pullback(x, y, xy, &_d_x, &_d_y, &_d_xy);
// CHECK:         {{^ +}}accumulate_pullback(y * x, acc, {{.*}}, &_d_acc);
// CHECK:         {{^ +}}accumulate_pullback(x, acc, &_d_x, &_d_acc);
// CHECK:         {{^ +}}polar_pullback(r, th, x, y, &_d_r, &_d_th, &_d_x, &_d_y);

// Two in-out references: (u, v) <- (u v, u + v^2).
void mixup(double &u, double &v) {
  double t = u;
  u = u * v;
  v = t + v * v;
}

// f2 = a b + 2 a + 2 b^2
[[ad::differentiate]]
double f2(double a, double b) {
  double u = a, v = b;
  mixup(u, v);
  return u + 2 * v;
}
// CHECK-LABEL: {{^}}double f2_grad(double a, double b, double *d_a, double *d_b) {
// CHECK:         {{^ +}}mixup_pullback(u, v, &_d_u, &_d_v);

int main() {
  for (int i = 0; i < 9; ++i)
    for (int j = 0; j < 9; ++j) {
      double r = 0.2 + 0.25 * i, th = -2 + 0.5 * j;
      double x = r * std::cos(th), y = r * std::sin(th);
      double fx = 2 * x + 2 * x * y * y + y, fy = 2 * x * x * y + x;
      ad_test::check_gradient("f1", f1, f1_grad, r, th,
                              fx * std::cos(th) + fy * std::sin(th),
                              -fx * y + fy * x);

      double a = r - 1, b = th;
      ad_test::check_gradient("f2", f2, f2_grad, a, b, b + 2, a + 4 * b);
    }
  return ad_test::report();
}
