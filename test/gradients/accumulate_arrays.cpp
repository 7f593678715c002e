// d_ arrays are added into, never overwritten (contract §2): starting from
// preset values, one call adds the gradient and a second call adds it again,
// for pointer, T[N], std::vector, std::array and scalar parameters, also when
// the d_ array is passed on to a helper's pullback.
// RUN: %adxx -fplugin-arg-ad-split=never -O2 %s -o %t -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// Every helper call split (SplitCalls.cpp) gives the same results:
// RUN: %adxx -fplugin-arg-ad-split=always -O2 %s -o %t.split
// RUN: %t.split
// RUN: FileCheck %s --input-file=%t.gen/accumulate_arrays.ad.cpp

#include "ad_test.hpp"
#include <array>
#include <cmath>
#include <vector>

double wsum(const double *w, const double *x, int n) {
  double s = 0;
  for (int i = 0; i < n; ++i)
    s += w[i] * x[i];
  return s;
}
double vnorm(const std::vector<double> &v) {
  double s = 0;
  for (double e : v)
    s += e * e;
  return std::sqrt(s);
}

// f = W s + N q0 + q1 p3, W = sum_{i<3} p_i a_i, N = |v|; p[4] is never read.
[[ad::differentiate]]
double f(const double *p, double a[3], const std::vector<double> &v,
         std::array<double, 2> q, double s) {
  return wsum(p, a, 3) * s + vnorm(v) * q[0] + q[1] * p[3];
}
// CHECK:       {{^}}static void wsum_pullback(const double *w, const double *x, int n, double _d_return, double *d_w, double *d_x) {
// CHECK:         {{^ +}}d_w[i] +=
// CHECK:         {{^ +}}d_x[i] +=
// CHECK-LABEL: {{^}}double f_grad(const double *p, double a[3], const std::vector<double> &v, std::array<double, 2> q, double s, double *d_p, double *d_a, double *d_v, double *d_q, double *d_s) {
// Nothing assigns (=) into a d_ argument; the caller's d_ arrays go straight
// to the helpers' pullbacks, which add.
// CHECK-NOT:     {{^ +}}d_{{[a-z]+}}[{{.*}}] ={{[^=]}}
// CHECK:         {{^ +}}wsum_pullback(p, a, 3, s, d_p, d_a);
// CHECK:         {{^ +}}vnorm_pullback(v, q[0], d_v);
// CHECK-NOT:     {{^ +}}d_{{[a-z]+}}[{{.*}}] ={{[^=]}}
// CHECK:         {{^ +}}d_q[0] += vnorm(v);
// CHECK-NOT:     {{^ +}}d_{{[a-z]+}}[{{.*}}] ={{[^=]}}
// CHECK-NOT:     {{^ +}}*d_s ={{[^=]}}
// CHECK:         {{^ +}}*d_s += _d_s;
// CHECK-NEXT:    {{^ +}}return _ret;

int main() {
  const double pre = 0.375;  // what the caller's d_ arrays hold before
  for (int k = 0; k < 5; ++k) {
    double p[5] = {0.3 * k - 0.5, 1.2, -0.7, 0.4 + 0.1 * k, 8.0};
    double a[3] = {2.0, -0.3 * k, 0.9};
    std::vector<double> v = {0.6, -1.1 + 0.2 * k, 0.25, 1.5};
    std::array<double, 2> q = {1.3 - 0.2 * k, -0.45};
    double s = 0.8 + 0.15 * k;

    double dp[5], da[3], dq[2], ds = pre;
    std::vector<double> dv(4, pre);
    for (double &d : dp) d = pre;
    for (double &d : da) d = pre;
    for (double &d : dq) d = pre;

    // Hand-derived gradient.
    double W = p[0] * a[0] + p[1] * a[1] + p[2] * a[2], N = 0;
    for (double e : v) N += e * e;
    N = std::sqrt(N);
    double gp[5] = {a[0] * s, a[1] * s, a[2] * s, q[1], 0};
    double ga[3] = {p[0] * s, p[1] * s, p[2] * s}, gq[2] = {N, p[3]};
    double gv[4];
    for (int i = 0; i < 4; ++i) gv[i] = v[i] / N * q[0];

    for (int call = 1; call <= 2; ++call) {
      double value = f_grad(p, a, v, q, s, dp, da, dv.data(), dq, &ds);
      ad_test::check("value bit for bit", value == f(p, a, v, q, s), 1, 0);
      for (int i = 0; i < 5; ++i)
        ad_test::check("d_p = preset + calls * gradient", dp[i], pre + call * gp[i], 1e-12);
      for (int i = 0; i < 3; ++i)
        ad_test::check("d_a = preset + calls * gradient", da[i], pre + call * ga[i], 1e-12);
      for (int i = 0; i < 4; ++i)
        ad_test::check("d_v = preset + calls * gradient", dv[i], pre + call * gv[i], 1e-12);
      for (int i = 0; i < 2; ++i)
        ad_test::check("d_q = preset + calls * gradient", dq[i], pre + call * gq[i], 1e-12);
      ad_test::check("d_s = preset + calls * gradient", ds, pre + call * W, 1e-12);
      ad_test::check("unread p[4]: d_p[4] keeps its preset", dp[4] == pre, 1, 0);
    }

    // The hand gradient itself against central differences.
    for (int i = 0; i < 5; ++i) {
      auto along = [&](double t) {
        double c[5] = {p[0], p[1], p[2], p[3], p[4]};
        c[i] = t;
        return f(c, a, v, q, s);
      };
      ad_test::check("d_p vs central differences", (dp[i] - pre) / 2,
                     ad_test::central_difference(along, p[i]), 1e-6);
    }
    for (int i = 0; i < 3; ++i) {
      auto along = [&](double t) {
        double c[3] = {a[0], a[1], a[2]};
        c[i] = t;
        return f(p, c, v, q, s);
      };
      ad_test::check("d_a vs central differences", (da[i] - pre) / 2,
                     ad_test::central_difference(along, a[i]), 1e-6);
    }
    for (int i = 0; i < 4; ++i) {
      auto along = [&](double t) {
        std::vector<double> c = v;
        c[i] = t;
        return f(p, a, c, q, s);
      };
      ad_test::check("d_v vs central differences", (dv[i] - pre) / 2,
                     ad_test::central_difference(along, v[i]), 1e-6);
    }
    for (int i = 0; i < 2; ++i) {
      auto along = [&](double t) {
        std::array<double, 2> c = q;
        c[i] = t;
        return f(p, a, v, c, s);
      };
      ad_test::check("d_q vs central differences", (dq[i] - pre) / 2,
                     ad_test::central_difference(along, q[i]), 1e-6);
    }
    ad_test::check("d_s vs central differences", (ds - pre) / 2,
                   ad_test::central_difference([&](double t) { return f(p, a, v, q, t); }, s), 1e-6);
  }
  return ad_test::report();
}
