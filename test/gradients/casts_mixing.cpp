// Casts and int/float/double mixing (contract §3): (int) and static_cast<int>
// truncation have derivative 0, int operands are constants, (long double) and
// static_cast<float> pass the derivative through, float parameters get float*.
// RUN: %adxx -O2 %s -o %t -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: FileCheck %s --input-file=%t.gen/casts_mixing.ad.cpp

#include "ad_test.hpp"

[[ad::differentiate]]
double f(double x, double y, int n) {
  double a = x * n + y / 2 + 1 / 2;  // 1 / 2 is the int 0
  int k = (int)(x * 3);
  double b = a * k + static_cast<int>(y * x) + (long)a;
  double c = (double)n * x / (n + 1);
  long double e = (long double)x * y;
  return b + c + (double)e + 3 / 2 * x;  // 3 / 2 is the int 1
}
// CHECK-LABEL: {{^}}double f_grad(double x, double y, int n, double *d_x, double *d_y) {
// CHECK-NOT:   _d_k
// CHECK:       {{^}}  long double _d_e = 0;
// CHECK-NOT:   _d_k
// CHECK:       {{^}}  k = (int)(x * 3);
// CHECK-NOT:   _d_k
// CHECK:       {{^ +}}_d_x += _d_e * y;
// CHECK-NOT:   _d_k
// CHECK:       {{^ +}}_d_a += _d_b * k;
// CHECK-NOT:   _d_k
// CHECK:       {{^}}  *d_x += _d_x;

// A float parameter and float intermediates inside a double function.
[[ad::differentiate]]
double h(double x, float y) {
  double a = x * y;
  float c = static_cast<float>(x) * y;
  return a + c * x + (int)y;
}
// CHECK-LABEL: {{^}}double h_grad(double x, float y, double *d_x, float *d_y) {
// CHECK:       {{^}}  float _d_y = 0;
// CHECK:       {{^}}  float _d_c = 0;
// CHECK:       {{^ +}}_d_x += _d_c * y;
// CHECK-NEXT:  {{^ +}}_d_y += {{.*}}static_cast<float>(x){{.*}} * _d_c;
// CHECK:       {{^}}  *d_y += _d_y;

int main() {
  // Points where no truncation is within 1e-5 of a jump.
  struct { double x, y; int n; } pts[] = {
      {0.7, 1.3, 2}, {-1.1, 0.4, 3}, {2.55, -0.8, 1}, {0.45, 2.2, 0}, {-3.1, -1.7, 5}};
  for (auto p : pts) {
    double x = p.x, y = p.y;
    int n = p.n;
    double dx = 0, dy = 0;
    double value = f_grad(x, y, n, &dx, &dy);
    ad_test::check("f value bit for bit", value == f(x, y, n), 1, 0);
    int k = (int)(x * 3);
    ad_test::check("f d_x vs formula", dx, n * k + (double)n / (n + 1) + y + 1, 1e-12);
    ad_test::check("f d_y vs formula", dy, k / 2.0 + x, 1e-12);
    ad_test::check("f d_x vs central differences", dx,
                   ad_test::central_difference([&](double v) { return f(v, y, n); }, x), 1e-6);
    ad_test::check("f d_y vs central differences", dy,
                   ad_test::central_difference([&](double v) { return f(x, v, n); }, y), 1e-6);
  }

  // h = x y + float(x) y x + (int) y: d/dx = y + 2 x y, d/dy = x + x^2. The
  // float adjoints round at 6e-8, hence 1e-6 against the formula; central
  // differences use steps of 2^-10 (float y stays exact) and allow 1e-4.
  double hx[] = {0.75, -1.25, 2.5, 0.375};
  float hy[] = {1.5f, -0.625f, 0.25f, -2.75f};
  for (int i = 0; i < 4; ++i) {
    double x = hx[i];
    float y = hy[i];
    double dx = 0;
    float dy = 0;
    double value = h_grad(x, y, &dx, &dy);
    ad_test::check("h value bit for bit", value == h(x, y), 1, 0);
    ad_test::check("h d_x vs formula", dx, y + 2 * x * y, 1e-6);
    ad_test::check("h d_y vs formula", dy, x + x * x, 1e-6);
    ad_test::check("h d_x vs central differences", dx,
                   ad_test::central_difference([&](double v) { return h(v, y); }, x, 1.0 / 1024),
                   1e-4);
    ad_test::check("h d_y vs central differences", dy,
                   ad_test::central_difference([&](float v) { return h(x, v); }, y, 1.0f / 1024),
                   1e-4);
  }
  return ad_test::report();
}
