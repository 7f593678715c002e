// Recursion (contract §3): recursive helpers (power, a Taylor series),
// mutually recursive helpers, and a marked function that calls itself. Each
// function gets one pullback, which calls itself; checked against forward-mode
// hand derivations, central differences and f's value.
// The checked text is reverse mode's; the default (forward mode for
// one-input gradients) is run too.
// RUN: %adxx -O2 %s -o %t -fplugin-arg-ad-mode=reverse -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: %adxx -O2 %s -o %t.fwd
// RUN: %t.fwd
// RUN: FileCheck %s --input-file=%t.gen/calls_recursion.ad.cpp

#include "ad_test.hpp"
#include <cmath>
#include <initializer_list>

double power(double x, int n) {
  if (n == 0)
    return 1;
  return x * power(x, n - 1);
}
// sum_{j < 26} x^j / j!, one term per level.
double series(double x, double term, int k) {
  if (k > 25)
    return term;
  return term + series(x, term * x / k, k + 1);
}

[[ad::differentiate]]
double f(double x, double y) { return power(x, 5) * y + series(x * y, 1.0, 1); }
// CHECK:       {{^}}static void power_pullback(double x, int n, double _d_return, double *d_x) {
// CHECK:         {{^ +}}power_pullback(x, n - 1, {{.*}}, &_d_x);
// CHECK:       {{^}}static void series_pullback_1(double x, double term, int k, double _d_return, double *d_x, double *d_term) {
// CHECK:         {{^ +}}series_pullback_1(x, term * x / k, k + 1, {{.*}});
// CHECK-LABEL: {{^}}double f_grad(double x, double y, double *d_x, double *d_y) {
// CHECK:         {{^ +}}power_pullback(x, 5, y, &_d_x);
// CHECK:         {{^ +}}series_pullback(x * y, 1.0, 1, {{.*}});

// Mutual recursion.
double pong(double x, int n);
double ping(double x, int n) { return n == 0 ? x : x * pong(x, n - 1); }
double pong(double x, int n) { return n == 0 ? 1.0 : std::cos(ping(x, n - 1)) + x; }

[[ad::differentiate]]
double h(double x, int n) { return ping(x, n); }
// CHECK:       {{^}}static void ping_pullback(double x, int n, double _d_return, double *d_x) {
// CHECK:         pong_pullback(
// CHECK:       {{^}}static void pong_pullback(double x, int n, double _d_return, double *d_x) {
// CHECK:         ping_pullback(
// CHECK-LABEL: {{^}}double h_grad(double x, int n, double *d_x) {

// The marked function calls itself: g_k = sin(g_{k-1}) + x, g_0 = x.
[[ad::differentiate]]
double g(double x, int n) {
  if (n == 0)
    return x;
  return std::sin(g(x, n - 1)) + x;
}
// CHECK:       {{^}}static void g_pullback(double x, int n, double _d_return, double *d_x) {
// CHECK:         {{^ +}}g_pullback(x, n - 1, {{.*}}, &_d_x);
// CHECK-LABEL: {{^}}double g_grad(double x, int n, double *d_x) {
// CHECK:         {{^ +}}g_pullback(x, n - 1, {{.*}}, &_d_x);

// Forward-mode hand derivations: (value, derivative) pairs.
static void ping_d(double x, int n, double &v, double &d);
static void pong_d(double x, int n, double &v, double &d) {
  if (n == 0) { v = 1; d = 0; return; }
  double pv, pd;
  ping_d(x, n - 1, pv, pd);
  v = std::cos(pv) + x;
  d = -std::sin(pv) * pd + 1;
}
static void ping_d(double x, int n, double &v, double &d) {
  if (n == 0) { v = x; d = 1; return; }
  double qv, qd;
  pong_d(x, n - 1, qv, qd);
  v = x * qv;
  d = qv + x * qd;
}

int main() {
  for (int i = 0; i < 21; ++i) {
    double x = -2 + 0.2 * i, y = 0.9 - 0.07 * i;
    double ds = 0, t = 1, z = x * y;  // d/dz of the series: sum_{j<25} z^j/j!
    for (int j = 0; j < 25; ++j) { ds += t; t *= z / (j + 1); }
    ad_test::check_gradient("f", f, f_grad, x, y,
                            5 * std::pow(x, 4) * y + y * ds,
                            std::pow(x, 5) + x * ds);

    for (int n : {0, 1, 2, 7, 12}) {
      double d = 0, pv, pd;
      double value = h_grad(x, n, &d);
      ping_d(x, n, pv, pd);
      ad_test::check("h value bit for bit", value == h(x, n), 1, 0);
      ad_test::check("h vs forward mode", d, pd, 1e-12);
      ad_test::check("h vs central differences", d,
                     ad_test::central_difference([&](double v) { return h(v, n); }, x), 1e-6);
    }

    for (int n : {0, 1, 5, 30}) {
      double d = 0;
      double value = g_grad(x, n, &d);
      ad_test::check("g value bit for bit", value == g(x, n), 1, 0);
      double gv = x, gd = 1;
      for (int k = 1; k <= n; ++k) {
        gd = std::cos(gv) * gd + 1;
        gv = std::sin(gv) + x;
      }
      ad_test::check("g vs forward mode", d, gd, 1e-12);
      ad_test::check("g vs central differences", d,
                     ad_test::central_difference([&](double v) { return g(v, n); }, x), 1e-6);
    }
  }
  return ad_test::report();
}
