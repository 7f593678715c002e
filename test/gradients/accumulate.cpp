// f_grad ADDS into the d_ pointers and never zeroes them (contract §2): two
// calls give twice the gradient, preset values are kept and added to, and
// array elements f never reads are left alone. A second call sees a fresh tape.
// RUN: %adxx -O2 %s -o %t -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: FileCheck %s --input-file=%t.gen/accumulate.ad.cpp

#include "ad_test.hpp"
#include <cmath>

[[ad::differentiate]]
double f(double x, double y) {
  return std::sin(x * y) + x;
}
// Local adjoints start at 0; the caller's values are only ever added to.
// CHECK-LABEL: {{^}}double f_grad(double x, double y, double *d_x, double *d_y) {
// CHECK:       {{^}}  double _d_x = 0;
// CHECK:       {{^}}  double _d_y = 0;
// CHECK-NOT:   {{^ +}}*d_x =
// CHECK-NOT:   {{^ +}}*d_y =
// CHECK:       {{^}}  *d_x += _d_x;
// CHECK-NEXT:  {{^}}  *d_y += _d_y;
// CHECK-NEXT:  {{^}}  return _ret;

// The recurrence s = s p[i] + 1: a loop that needs a tape.
[[ad::differentiate]]
double h(const double *p, int n) {
  double s = 0;
  for (int i = 0; i < n; ++i)
    s = s * p[i] + 1;
  return s;
}
// CHECK-LABEL: {{^}}double h_grad(const double *p, int n, double *d_p) {
// CHECK-NOT:   {{^ +}}d_p[{{.*}}] =
// CHECK:       {{^ +}}d_p[i] += s * [[R:_r[0-9]+]];
// CHECK-NOT:   {{^ +}}d_p[{{.*}}] =
// CHECK:       {{^}}  return _ret;

// d h / d p[k] by hand: s_{i+1} = s_i p_i + 1, so ds_n/dp_k = s_k * prod_{i>k} p_i.
static void h_gradient(const double *p, int n, double *g) {
  double s[8] = {0};
  for (int i = 0; i < n; ++i) s[i + 1] = s[i] * p[i] + 1;
  double prod = 1;
  for (int k = n - 1; k >= 0; --k) {
    g[k] = s[k] * prod;
    prod *= p[k];
  }
}

int main() {
  double pts[][2] = {{0.7, 1.3}, {-1.1, 0.4}, {2.5, -0.8}};
  for (auto &p : pts) {
    double x = p[0], y = p[1];
    double wx = y * std::cos(x * y) + 1, wy = x * std::cos(x * y);
    // From zero, then a second call on the same pointers: exactly doubled.
    double dx = 0, dy = 0;
    double value = f_grad(x, y, &dx, &dy);
    ad_test::check("value bit for bit", value == f(x, y), 1, 0);
    ad_test::check("d_x vs formula", dx, wx, 1e-12);
    ad_test::check("d_y vs formula", dy, wy, 1e-12);
    ad_test::check("d_x vs central differences", dx,
                   ad_test::central_difference([&](double v) { return f(v, y); }, x), 1e-6);
    ad_test::check("d_y vs central differences", dy,
                   ad_test::central_difference([&](double v) { return f(x, v); }, y), 1e-6);
    double once_x = dx, once_y = dy;
    value = f_grad(x, y, &dx, &dy);
    ad_test::check("second call: value again bit for bit", value == f(x, y), 1, 0);
    ad_test::check("second call doubles d_x", dx == once_x + once_x, 1, 0);
    ad_test::check("second call doubles d_y", dy == once_y + once_y, 1, 0);
    // Preset values: one addition onto them, nothing is reset.
    double px = 5.0, py = -3.0;
    f_grad(x, y, &px, &py);
    ad_test::check("preset d_x is added to", px == 5.0 + once_x, 1, 0);
    ad_test::check("preset d_y is added to", py == -3.0 + once_y, 1, 0);
    // Two calls summing into one accumulator: d/dt [f(t, 2) + f(3, t)].
    double dt = 0, unused = 0;
    f_grad(x, 2.0, &dt, &unused);
    f_grad(3.0, x, &unused, &dt);
    ad_test::check("sum of two calls in one accumulator", dt,
                   2 * std::cos(2 * x) + 1 + 3 * std::cos(3 * x), 1e-12);
  }

  // Arrays: preset 0.25 everywhere; n = 5 of 7 elements are read.
  double q[7] = {0.9, -0.4, 1.3, 0.7, -1.1, 2.0, 3.0};
  const int n = 5;
  double want[7] = {0};
  h_gradient(q, n, want);
  double d[7];
  for (double &e : d) e = 0.25;
  for (int call = 1; call <= 3; ++call) {
    double value = h_grad(q, n, d);
    ad_test::check("h value bit for bit", value == h(q, n), 1, 0);
    for (int k = 0; k < n; ++k)
      ad_test::check("h: d_p gains one gradient per call", d[k], 0.25 + call * want[k], 1e-12);
    ad_test::check("h: unread elements untouched", d[5] == 0.25 && d[6] == 0.25, 1, 0);
  }
  for (int k = 0; k < n; ++k) {
    auto along = [&](double v) {
      double c[7];
      for (int i = 0; i < 7; ++i) c[i] = q[i];
      c[k] = v;
      return h(c, n);
    };
    ad_test::check("h: gradient vs central differences", (d[k] - 0.25) / 3,
                   ad_test::central_difference(along, q[k]), 1e-6);
  }
  return ad_test::report();
}
