// ++ and -- (contract §3), prefix and postfix as statements, on double locals,
// on double parameters and on an int that feeds the computation (derivative
// 1 for the doubles, none for the int). Checked against a hand tangent sweep.
// RUN: %adxx -O2 %s -o %t -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: FileCheck %s --input-file=%t.gen/increment.ad.cpp

#include "ad_test.hpp"

[[ad::differentiate]]
double f(double x, double y) {
  double a = x * y;
  ++a;
  a++;
  double b = a * x;
  --b;
  b--;
  int k = 0;
  k++;
  ++k;
  --k;
  double s = 0;
  for (int i = 0; i < 3; i++) {
    s++;
    s = s * b + k;
    k++;
  }
  x++;
  --y;
  return s + a + x * y;
}
// The int k gets no adjoint; the doubles' adjoints pass through ++/-- unchanged.
// CHECK-LABEL: {{^}}double f_grad(double x, double y, double *d_x, double *d_y) {
// CHECK-NOT:   _d_k
// CHECK:       {{^}}  for (i = 0; i < 3; i++) {
// CHECK:       {{^}}    s++;
// CHECK:       {{^}}    s = s * b + k;
// CHECK-NEXT:  {{^}}    k++;
// CHECK-NEXT:  {{^}}  }
// CHECK-NOT:   _d_k
// CHECK:       {{^}}  for (; [[C:_t[0-9]+]]; [[C]]--) {
// CHECK:       {{^ +}}s = _tape.pop();
// CHECK-NEXT:  {{^ +}}double [[R:_r[0-9]+]] = _d_s;
// CHECK-NEXT:  {{^ +}}_d_s = [[R]] * b;
// CHECK-NEXT:  {{^ +}}_d_b += s * [[R]];
// CHECK-NOT:   _d_k
// CHECK:       {{^}}  *d_x += _d_x;
// CHECK-NEXT:  {{^}}  *d_y += _d_y;

struct Tan { double v, dx, dy; };

static Tan f_tangent(double x, double y) {
  Tan a = {x * y + 2, y, x};          // x y, then ++ and ++
  Tan b = {a.v * x - 2, a.dx * x + a.v, a.dy * x};  // a x, then -- and --
  int k = 1;
  Tan s = {0, 0, 0};
  for (int i = 0; i < 3; i++) {
    double s1 = s.v + 1;  // s++
    s = {s1 * b.v + k, s.dx * b.v + s1 * b.dx, s.dy * b.v + s1 * b.dy};
    k++;
  }
  // x++, --y, then s + a + x y.
  return {s.v + a.v + (x + 1) * (y - 1), s.dx + a.dx + (y - 1), s.dy + a.dy + (x + 1)};
}

int main() {
  double pts[][2] = {{0.7, 1.3}, {-1.1, 0.4}, {2.5, -0.8}, {0.3, 2.2}, {-0.6, -1.9}};
  for (auto &p : pts) {
    double x = p[0], y = p[1];
    Tan want = f_tangent(x, y);
    double value = ad_test::check_gradient("f", f, f_grad, x, y, want.dx, want.dy);
    ad_test::check("value vs hand sweep", value, want.v, 1e-12);
  }
  return ad_test::report();
}
