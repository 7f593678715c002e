// T[N] and const T[] parameters (contract §2): d_a is a T*, element k gets
// d f / d a[k]; elements never read get nothing added. double, float and
// long double; checked against hand formulas, central differences, f's value.
// RUN: %adxx -O2 %s -o %t -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: FileCheck %s --input-file=%t.gen/params_array.ad.cpp

#include "ad_test.hpp"
#include <cmath>

// f = a0 a1 - a2 + sum_{i<n} b_i^2 a_{i mod 3}
[[ad::differentiate]]
double quad(double a[3], const double b[], int n) {
  double s = a[0] * a[1] - *(a + 2);
  for (int i = 0; i < n; ++i)
    s += b[i] * b[i] * a[i % 3];
  return s;
}
// CHECK-LABEL: {{^}}double quad_grad(double a[3], const double b[], int n, double *d_a, double *d_b) {
// CHECK:         {{^ +}}d_b[i] +=
// CHECK:         {{^ +}}d_a[i % 3] += (b[i] * b[i]) * _d_s;
// CHECK:         {{^ +}}d_a[0] += _d_s * a[1];
// CHECK:         {{^ +}}d_a[1] += a[0] * _d_s;
// CHECK:         {{^ +}}*(d_a + 2) += -_d_s;

[[ad::differentiate]]
float fl(const float w[4]) { return w[0] * w[1] + std::sqrt(w[3]); }
// CHECK-LABEL: {{^}}float fl_grad(const float w[4], float *d_w) {
// CHECK-NOT:     d_w[2]
// CHECK:         {{^ +}}return _ret;

[[ad::differentiate]]
long double lsum(const long double c[], int n) {
  long double s = 0;
  for (int i = 0; i < n; ++i)
    s += std::exp(c[i] / (i + 1));
  return std::log(s);
}
// CHECK-LABEL: {{^}}long double lsum_grad(const long double c[], int n, long double *d_c) {
// CHECK:         {{^ +}}d_c[i] +=

int main() {
  for (int k = 0; k < 6; ++k) {
    double a[3] = {0.4 + 0.3 * k, -1.1 + 0.2 * k, 2.0 - 0.5 * k};
    double b[5] = {1.5, -0.7 + 0.1 * k, 0.3, 2.2 - 0.4 * k, 9.0};
    const int n = 4;  // b[4] is never read
    double da[3] = {0, 0, 0}, db[5] = {0, 0, 0, 0, 0};
    double value = quad_grad(a, b, n, da, db);
    ad_test::check("quad value bit for bit", value == quad(a, b, n), 1, 0);
    double wa[3] = {a[1], a[0], -1};
    for (int i = 0; i < n; ++i) wa[i % 3] += b[i] * b[i];
    for (int j = 0; j < 3; ++j) {
      ad_test::check("quad d_a vs formula", da[j], wa[j], 1e-12);
      auto along = [&](double v) {
        double c[3] = {a[0], a[1], a[2]};
        c[j] = v;
        return quad(c, b, n);
      };
      ad_test::check("quad d_a vs central differences", da[j],
                     ad_test::central_difference(along, a[j]), 1e-6);
    }
    for (int i = 0; i < 5; ++i) {
      double want = i < n ? 2 * b[i] * a[i % 3] : 0;
      ad_test::check("quad d_b vs formula", db[i], want, 1e-12);
      auto along = [&](double v) {
        double c[5] = {b[0], b[1], b[2], b[3], b[4]};
        c[i] = v;
        return quad(a, c, n);
      };
      ad_test::check("quad d_b vs central differences", db[i],
                     ad_test::central_difference(along, b[i]), 1e-6);
    }
    ad_test::check("quad: unread b[4] gets 0", db[4] == 0, 1, 0);

    // float: the gradient is computed in float.
    float w[4] = {0.5f + 0.25f * k, -1.5f, 3.0f, 0.75f + k};
    float dw[4] = {0, 0, 0, 0};
    float fv = fl_grad(w, dw);
    ad_test::check("fl value bit for bit", fv == fl(w), 1, 0);
    ad_test::check("fl d_w[0]", dw[0], w[1], 0);
    ad_test::check("fl d_w[1]", dw[1], w[0], 0);
    ad_test::check("fl: unread w[2] gets 0", dw[2] == 0, 1, 0);
    ad_test::check("fl d_w[3]", dw[3], 0.5f / std::sqrt(w[3]), 1e-6);
    auto along3 = [&](float v) {
      float c[4] = {w[0], w[1], w[2], v};
      return fl(c);
    };
    ad_test::check("fl d_w[3] vs central differences (float)", dw[3],
                   ad_test::central_difference(along3, w[3], 1e-2f), 1e-3);

    // long double: the gradient is exact to long double rounding.
    long double c[4] = {0.3L * k, -0.2L, 1.0L + k, 0.7L};
    long double dc[4] = {0, 0, 0, 0};
    long double lv = lsum_grad(c, 4, dc);
    ad_test::check("lsum value bit for bit", lv == lsum(c, 4), 1, 0);
    long double s = 0;
    for (int i = 0; i < 4; ++i) s += std::exp(c[i] / (i + 1));
    for (int i = 0; i < 4; ++i) {
      long double want = std::exp(c[i] / (i + 1)) / (i + 1) / s;
      ad_test::check("lsum d_c vs formula (long double)", dc[i], want, 1e-17);
      auto along = [&](long double v) {
        long double e[4] = {c[0], c[1], c[2], c[3]};
        e[i] = v;
        return lsum(e, 4);
      };
      ad_test::check("lsum d_c vs central differences", dc[i],
                     ad_test::central_difference(along, c[i]), 1e-6);
    }
  }
  return ad_test::report();
}
