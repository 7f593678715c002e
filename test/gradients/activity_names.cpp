// Activity from the attribute (contract §1, §2): a name list makes only the
// named parameters active, in declaration order; integers, bool and enums are
// never active. The emitted signatures are checked exactly, the values at run time.
// The checked text is reverse mode's; the default (forward mode for
// one-input gradients) is run too.
// RUN: %adxx -O2 %s -o %t -fplugin-arg-ad-mode=reverse -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: %adxx -O2 %s -o %t.fwd
// RUN: %t.fwd
// RUN: FileCheck %s --input-file=%t.gen/activity_names.ad.cpp

#include "ad_test.hpp"
#include <cmath>

// Gaussian negative log-likelihood in p = (mu, log sigma); t, e are data.
[[ad::differentiate("p")]]
double nll(const double *p, const double *t, const double *e, int n) {
  double mu = p[0], s = std::exp(p[1]), ll = 0;
  for (int i = 0; i < n; ++i) {
    double z = (t[i] - mu) / s;
    ll += e[i] * (0.5 * z * z + p[1]);
  }
  return ll;
}
// CHECK-LABEL: {{^}}double nll_grad(const double *p, const double *t, const double *e, int n, double *d_p) {
// CHECK-NOT:     d_t
// CHECK-NOT:     d_e
// CHECK:         {{^ +}}return _ret;

[[ad::differentiate("x", "y")]]
double g(double x, double y, double z) { return x * y * z + std::sin(z) * x; }
// CHECK-LABEL: {{^}}double g_grad(double x, double y, double z, double *d_x, double *d_y) {
// CHECK-NOT:     d_z
// CHECK:         {{^ +}}*d_x += _d_x;
// CHECK-NEXT:    {{^ +}}*d_y += _d_y;
// CHECK-NEXT:    {{^ +}}return _ret;

// The list's order does not matter: d_ arguments follow the declaration.
[[ad::differentiate("z", "x")]]
double g2(double x, double y, double z) { return x * y * z + std::sin(z) * x; }
// CHECK-LABEL: {{^}}double g2_grad(double x, double y, double z, double *d_x, double *d_z) {

// An empty list is no list.
[[ad::differentiate()]]
double g3(double x, double y, double z) { return x * y * z + std::sin(z) * x; }
// CHECK-LABEL: {{^}}double g3_grad(double x, double y, double z, double *d_x, double *d_y, double *d_z) {

// Without a list: int, bool and enum parameters get no d_ argument.
enum class Mode { Plain, Square };
[[ad::differentiate]]
double h(int k, double x, bool neg, Mode m, float w) {
  double v = x * k + w * w;
  if (neg)
    v = -v;
  return m == Mode::Square ? v * v : v;
}
// CHECK-LABEL: {{^}}double h_grad(int k, double x, bool neg, Mode m, float w, double *d_x, float *d_w) {

// The attribute on an earlier declaration; a const& parameter named.
[[ad::differentiate("b")]]
double q(double a, const double &b);
double q(double a, const double &b) { return a * b * b; }
// CHECK:       {{^}}double q_grad(double a, const double &b, double *d_b);
// CHECK:       {{^}}double q_grad(double a, const double &b, double *d_b) {
// CHECK-NOT:     d_a
// CHECK:         {{^ +}}(*d_b) += a * b;

int main() {
  const int n = 5;
  double t[n] = {0.3, 1.7, -0.4, 2.2, 0.9}, e[n] = {1, 0.5, 1, 2, 0};
  for (int k = 0; k < 6; ++k) {
    double p[2] = {0.2 * k - 0.3, 0.1 * k - 0.4}, dp[2] = {0, 0};
    double value = nll_grad(p, t, e, n, dp);
    ad_test::check("nll value bit for bit", value == nll(p, t, e, n), 1, 0);
    double s = std::exp(p[1]), w0 = 0, w1 = 0;
    for (int i = 0; i < n; ++i) {
      double z = (t[i] - p[0]) / s;
      w0 -= e[i] * z / s;
      w1 += e[i] * (1 - z * z);
    }
    ad_test::check("nll d/dmu vs formula", dp[0], w0, 1e-12);
    ad_test::check("nll d/dlogsigma vs formula", dp[1], w1, 1e-12);
    for (int j = 0; j < 2; ++j) {
      auto along = [&](double v) {
        double c[2] = {p[0], p[1]};
        c[j] = v;
        return nll(c, t, e, n);
      };
      ad_test::check("nll vs central differences", dp[j],
                     ad_test::central_difference(along, p[j]), 1e-6);
    }

    double x = 0.4 * k - 1, y = 1.3 - 0.2 * k, z = 0.7 + 0.1 * k;
    double dx = 0, dy = 0, dz = 0;
    value = g_grad(x, y, z, &dx, &dy);
    ad_test::check("g value bit for bit", value == g(x, y, z), 1, 0);
    ad_test::check("g d/dx", dx, y * z + std::sin(z), 1e-12);
    ad_test::check("g d/dy", dy, x * z, 1e-12);
    ad_test::check("g d/dx vs central differences", dx,
                   ad_test::central_difference([&](double v) { return g(v, y, z); }, x), 1e-6);
    ad_test::check("g d/dy vs central differences", dy,
                   ad_test::central_difference([&](double v) { return g(x, v, z); }, y), 1e-6);

    dx = dz = 0;
    value = g2_grad(x, y, z, &dx, &dz);
    ad_test::check("g2 value bit for bit", value == g2(x, y, z), 1, 0);
    ad_test::check("g2 d/dx", dx, y * z + std::sin(z), 1e-12);
    ad_test::check("g2 d/dz", dz, x * y + std::cos(z) * x, 1e-12);
    ad_test::check("g2 d/dz vs central differences", dz,
                   ad_test::central_difference([&](double v) { return g2(x, y, v); }, z), 1e-6);

    dx = dy = dz = 0;
    value = g3_grad(x, y, z, &dx, &dy, &dz);
    ad_test::check("g3 value bit for bit", value == g3(x, y, z), 1, 0);
    ad_test::check("g3 d/dx", dx, y * z + std::sin(z), 1e-12);
    ad_test::check("g3 d/dy", dy, x * z, 1e-12);
    ad_test::check("g3 d/dz", dz, x * y + std::cos(z) * x, 1e-12);

    for (int m = 0; m < 4; ++m) {
      int kk = k - 2;
      bool neg = m & 1;
      Mode mode = m & 2 ? Mode::Square : Mode::Plain;
      float w = 0.25f * k - 0.5f, dw = 0;
      dx = 0;
      value = h_grad(kk, x, neg, mode, w, &dx, &dw);
      ad_test::check("h value bit for bit", value == h(kk, x, neg, mode, w), 1, 0);
      double v = x * kk + w * w, sign = neg ? -1 : 1;
      double outer = mode == Mode::Square ? 2 * sign * v : 1;
      ad_test::check("h d/dx", dx, outer * sign * kk, 1e-12);
      ad_test::check("h d/dw (float)", dw, outer * sign * 2 * w, 1e-6);
      ad_test::check("h d/dx vs central differences", dx,
                     ad_test::central_difference([&](double u) { return h(kk, u, neg, mode, w); }, x), 1e-6);
    }

    double db = 0;
    value = q_grad(x, z, &db);
    ad_test::check("q value bit for bit", value == q(x, z), 1, 0);
    ad_test::check("q d/db", db, 2 * x * z, 1e-12);
    ad_test::check("q d/db vs central differences", db,
                   ad_test::central_difference([&](double v) { return q(x, v); }, z), 1e-6);
  }
  return ad_test::report();
}
