// while loops whose trip count depends on active values (contract §3): Newton
// iteration for sqrt(a) until converged, and while (s < x). The executed
// iterations are differentiated; checked against closed forms.
// Reverse mode (forced: these functions have one active input, which
// otherwise gets forward mode), then forward mode, checked at run time.
// RUN: %adxx -O2 %s -o %t -fplugin-arg-ad-mode=reverse -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: FileCheck %s --input-file=%t.gen/while_loop.ad.cpp
// RUN: %adxx -O2 %s -o %t.fwd -fplugin-arg-ad-emit=%t.fwd.gen
// RUN: %t.fwd

#include "ad_test.hpp"
#include <cmath>

[[ad::differentiate]]
double newton_sqrt(double a) {
  double r = a;
  int k = 0;
  while (std::fabs(r * r - a) > 1e-15 * a && k < 100) {
    r = 0.5 * (r + a / r);
    ++k;
  }
  return r;
}
// CHECK-LABEL: {{^}}double newton_sqrt_grad(double a, double *d_a) {
// CHECK:       {{^}}  while (std::fabs(r * r - a) > 1e-15 * a && k < 100) {
// CHECK-NEXT:  {{^}}    [[T:_t[0-9]+]]++;
// CHECK-NEXT:  {{^}}    _tape.push(r);
// CHECK-NEXT:  {{^}}    r = 0.5 * (r + a / r);
// CHECK:       {{^}}  for (; [[T]]; [[T]]--) {
// CHECK:       {{^ +}}r = _tape.pop();
// CHECK:       {{^ +}}_d_a += [[R:_r[0-9]+]] / r;
// CHECK-NEXT:  {{^ +}}_d_r += -([[R]] * a / (r * r));
// CHECK:       {{^}}  _d_a += _d_r;
// CHECK-NEXT:  {{^}}  *d_a += _d_a;

// s_k = y (3 * 1.5^k - 2) after k iterations, the first k with s_k >= x.
[[ad::differentiate]]
double g(double x, double y) {
  double s = y;
  int k = 0;
  while (s < x) {
    s = s * 1.5 + y;
    ++k;
  }
  return s * x + k;
}
// CHECK-LABEL: {{^}}double g_grad(double x, double y, double *d_x, double *d_y) {
// CHECK:       {{^}}  while (s < x) {
// CHECK-NEXT:  {{^}}    [[T:_t[0-9]+]]++;
// CHECK-NEXT:  {{^}}    _tape.push(s);
// CHECK:       {{^}}  for (; [[T]]; [[T]]--) {
// CHECK:       {{^ +}}s = _tape.pop();
// CHECK:       {{^ +}}_d_s = [[R:_r[0-9]+]] * 1.5;
// CHECK-NEXT:  {{^ +}}_d_y += [[R]];

int main() {
  for (int i = 0; i < 12; ++i) {
    double a = 0.3 + 1.7 * i;
    double da = 0;
    double value = newton_sqrt_grad(a, &da);
    ad_test::check("newton value bit for bit", value == newton_sqrt(a), 1, 0);
    ad_test::check("newton d_a vs 1 / (2 sqrt(a))", da, 0.5 / std::sqrt(a), 1e-12);
    ad_test::check("newton d_a vs central differences", da,
                   ad_test::central_difference(newton_sqrt, a), 1e-6);
  }
  // Trip counts 0 (y >= x), 1, and several.
  double pts[][2] = {{0.5, 0.8}, {1.2, 0.5}, {7.3, 0.4}, {30.1, 0.9}, {3.0, 2.9}};
  int trips_seen = 0, zero_trips = 0;
  for (auto &p : pts) {
    double x = p[0], y = p[1];
    int k = 0;
    while (y * (3 * std::pow(1.5, k) - 2) < x) ++k;
    (k ? trips_seen : zero_trips)++;
    double s = y * (3 * std::pow(1.5, k) - 2);
    ad_test::check_gradient("g", g, g_grad, x, y, s, x * (3 * std::pow(1.5, k) - 2));
  }
  ad_test::check("g: zero and nonzero trip counts", trips_seen > 0 && zero_trips > 0, 1, 0);
  return ad_test::report();
}
