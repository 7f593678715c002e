// A pointer parameter stepped through its elements (`*y++ = e`, `++p`):
// its shadow, the caller's d_y, steps with it forward and back. And
// std::inner_product / std::accumulate over a local array (pointers passed
// by value, which the algorithms step: not a write through them).
// RUN: %adxx -O1 -Werror %s -o %t -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: FileCheck %s --input-file=%t.gen/pointer_param_steps.ad.cpp

#include "ad_test.hpp"
#include <numeric>

[[ad::differentiate("x")]]
void squares(const double *x, double *y, int n) {
  for (int i = 0; i < n; ++i)
    *y++ = x[i] * x[i];
}
// CHECK-LABEL: {{^}}void squares_grad(const double *x, double *y, int n, double *d_x, double *d_y) {
// CHECK:       {{^}}    *y++ = x[i] * x[i];
// CHECK-NEXT:  {{^}}    ++d_y;
// CHECK:       {{^}}    d_x[i] += *(d_y - 1) * x[i];
// CHECK:       {{^}}    --d_y;

[[ad::differentiate("x")]]
double sum_of_steps(const double *x, int n) {
  double s = 0;
  const double *p = x;
  for (int i = 0; i < n; ++i, ++p)
    s += *p * (i + 1);
  return s;
}

[[ad::differentiate("x")]]
double products(const double *x) {
  double w[2] = {x[0], x[1] * 2};
  return std::inner_product(w, w + 2, w, 0.0) + std::accumulate(w, w + 2, 0.0);
}

int main() {
  const int n = 3;
  double x[n] = {1.5, -0.5, 2.0};
  double y[n], yf[n], dx[n] = {0, 0, 0}, dy[n] = {0.5, -1.0, 2.0};
  squares_grad(x, y, n, dx, dy);
  squares(x, yf, n);
  for (int i = 0; i < n; ++i) {
    ad_test::check("squares leaves y as f does", y[i] == yf[i], 1, 0);
    ad_test::check("squares d_y ends at zero", dy[i], 0, 0);
  }
  double w[n] = {0.5, -1.0, 2.0};
  for (int i = 0; i < n; ++i)
    ad_test::check("squares d_x = 2 x w", dx[i], 2 * x[i] * w[i], 1e-15);
  double ds[n] = {0, 0, 0};
  sum_of_steps_grad(x, n, ds);
  for (int i = 0; i < n; ++i)
    ad_test::check("sum_of_steps d_x = i + 1", ds[i], i + 1, 0);
  double dp[2] = {0, 0};
  double v = products_grad(x, dp);
  ad_test::check("products value bit for bit", v == products(x), 1, 0);
  ad_test::check("products d_x0", dp[0], 2 * x[0] + 1, 1e-15);
  ad_test::check("products d_x1", dp[1], 8 * x[1] + 2, 1e-15);
  ad_test::check("products d_x0 vs central differences", dp[0],
                 ad_test::central_difference([&](double t) {
                   double z[2] = {t, x[1]};
                   return products(z);
                 }, x[0]), 1e-6);
  return ad_test::report();
}
