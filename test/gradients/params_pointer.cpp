// T* and const T* parameters (contract §2): reads as p[i] and *(p + i).
// d_p[k] receives d f / d p[k]; elements f never reads get nothing added.
// Checked against hand-derived formulas, central differences and f's value.
// RUN: %adxx -O2 %s -o %t -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: FileCheck %s --input-file=%t.gen/params_pointer.ad.cpp

#include "ad_test.hpp"
#include <cmath>

// f = p[1] * sum_i (p[i] q[i] + sin(p[i]) q[i]^2), both pointers active.
[[ad::differentiate]]
double dotp(const double *p, double *q, int n) {
  double s = 0;
  for (int i = 0; i < n; ++i)
    s += p[i] * *(q + i) + std::sin(*(p + i)) * q[i] * q[i];
  return s * *(p + 1);
}
// CHECK-LABEL: {{^}}double dotp_grad(const double *p, double *q, int n, double *d_p, double *d_q) {
// CHECK:         {{^ +}}*(d_p + 1) += s;
// CHECK:         {{^ +}}d_p[i] += _d_s * (*(q + i));
// CHECK:         {{^ +}}*(d_q + i) += p[i] * _d_s;
// CHECK:         {{^ +}}*(d_p + i) += _r0 * q[i] *
// CHECK:         {{^ +}}d_q[i] +=
// CHECK:         {{^ +}}return _ret;

// Reads only the odd elements: the even ones of d_p stay as they were.
[[ad::differentiate]]
double odd(const double *p, int n) {
  double s = 1;
  for (int i = 0; i < n; ++i)
    s *= p[2 * i + 1];
  return s;
}
// CHECK-LABEL: {{^}}double odd_grad(const double *p, int n, double *d_p) {
// CHECK:         {{^ +}}d_p[2 * i + 1] += s * _r0;

// Constant offsets, mixed with a scalar; p[0], p[3], p[5] are never read.
[[ad::differentiate]]
double shifted(double a, const double *p) {
  return a * p[2] * *(p + 2) + *(p + 1) / a + std::exp(p[4] * a);
}
// CHECK-LABEL: {{^}}double shifted_grad(double a, const double *p, double *d_a, double *d_p) {
// CHECK-NOT:     d_p[0]
// CHECK-DAG:     {{^ +}}d_p[2] +=
// CHECK-DAG:     {{^ +}}*(d_p + 2) +=
// CHECK-DAG:     {{^ +}}*(d_p + 1) += 1 / a;
// CHECK-DAG:     {{^ +}}d_p[4] +=
// CHECK:         {{^ +}}*d_a += _d_a;

int main() {
  const int N = 6;
  for (int k = 0; k < 7; ++k) {
    double p[N], q[N];
    for (int i = 0; i < N; ++i) {
      p[i] = 0.3 * i - 0.8 + 0.17 * k;
      q[i] = std::cos(1.3 * i + k);
    }
    // dotp over the first 4 elements: p[4], p[5], q[4], q[5] are never read.
    const int n = 4;
    double dp[N], dq[N];
    for (int i = 0; i < N; ++i) dp[i] = dq[i] = 0.25;  // added into
    double value = dotp_grad(p, q, n, dp, dq);
    ad_test::check("dotp value bit for bit", value == dotp(p, q, n), 1, 0);
    double s = 0;
    for (int i = 0; i < n; ++i) s += p[i] * q[i] + std::sin(p[i]) * q[i] * q[i];
    for (int i = 0; i < N; ++i) {
      double wp = 0, wq = 0;
      if (i < n) {
        wp = (q[i] + std::cos(p[i]) * q[i] * q[i]) * p[1] + (i == 1 ? s : 0);
        wq = (p[i] + 2 * std::sin(p[i]) * q[i]) * p[1];
      }
      ad_test::check("dotp d_p vs formula", dp[i] - 0.25, wp, 1e-12);
      ad_test::check("dotp d_q vs formula", dq[i] - 0.25, wq, 1e-12);
      if (i >= n) {
        ad_test::check("dotp unread d_p untouched", dp[i] == 0.25, 1, 0);
        ad_test::check("dotp unread d_q untouched", dq[i] == 0.25, 1, 0);
      }
      auto along_p = [&](double v) {
        double c[N];
        for (int j = 0; j < N; ++j) c[j] = p[j];
        c[i] = v;
        return dotp(c, q, n);
      };
      auto along_q = [&](double v) {
        double c[N];
        for (int j = 0; j < N; ++j) c[j] = q[j];
        c[i] = v;
        return dotp(p, c, n);
      };
      ad_test::check("dotp d_p vs central differences", dp[i] - 0.25,
                     ad_test::central_difference(along_p, p[i]), 1e-6);
      ad_test::check("dotp d_q vs central differences", dq[i] - 0.25,
                     ad_test::central_difference(along_q, q[i]), 1e-6);
    }

    // odd over 3 factors p[1] p[3] p[5].
    double d[N] = {0, 0, 0, 0, 0, 0};
    value = odd_grad(p, 3, d);
    ad_test::check("odd value bit for bit", value == odd(p, 3), 1, 0);
    ad_test::check("odd d_p[1]", d[1], p[3] * p[5], 1e-12);
    ad_test::check("odd d_p[3]", d[3], p[1] * p[5], 1e-12);
    ad_test::check("odd d_p[5]", d[5], p[1] * p[3], 1e-12);
    for (int i = 0; i < N; i += 2)
      ad_test::check("odd: even elements get 0", d[i] == 0, 1, 0);
    for (int i = 1; i < N; i += 2) {
      auto along = [&](double v) {
        double c[N];
        for (int j = 0; j < N; ++j) c[j] = p[j];
        c[i] = v;
        return odd(c, 3);
      };
      ad_test::check("odd vs central differences", d[i],
                     ad_test::central_difference(along, p[i]), 1e-6);
    }

    // shifted: reads p[1], p[2], p[4] only.
    double a = 0.7 + 0.2 * k, da = 0, ds[N] = {0, 0, 0, 0, 0, 0};
    value = shifted_grad(a, p, &da, ds);
    ad_test::check("shifted value bit for bit", value == shifted(a, p), 1, 0);
    double e = std::exp(p[4] * a);
    ad_test::check("shifted d_a", da, p[2] * p[2] - p[1] / (a * a) + p[4] * e, 1e-12);
    ad_test::check("shifted d_p[1]", ds[1], 1 / a, 1e-12);
    ad_test::check("shifted d_p[2]", ds[2], 2 * a * p[2], 1e-12);
    ad_test::check("shifted d_p[4]", ds[4], a * e, 1e-12);
    ad_test::check("shifted: unread elements get 0",
                   ds[0] == 0 && ds[3] == 0 && ds[5] == 0, 1, 0);
    auto along_a = [&](double v) { return shifted(v, p); };
    ad_test::check("shifted d_a vs central differences", da,
                   ad_test::central_difference(along_a, a), 1e-6);
    for (int i = 0; i < N; ++i) {
      auto along = [&](double v) {
        double c[N];
        for (int j = 0; j < N; ++j) c[j] = p[j];
        c[i] = v;
        return shifted(a, c);
      };
      ad_test::check("shifted d_p vs central differences", ds[i],
                     ad_test::central_difference(along, p[i]), 1e-6);
    }
  }
  return ad_test::report();
}
