// Marked function templates (contract §1, §2; issue 11): f_grad is a
// template with f's template parameters, and every instantiation the file
// uses -- deduced from a call of f_grad, named explicitly, or an
// instantiation of f itself for a floating type -- is an explicit
// specialization built from f's instantiation. float, double and long
// double; a void template with outputs; a template with a non-type
// parameter (std::array<T, N>); helper templates called inside.
// Checked against forward mode (the same templates instantiated with
// fz::dual) and central differences.
// RUN: %adxx -O1 -Werror -I%ad_src/test/fuzz %s -o %t -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: FileCheck %s --input-file=%t.gen/templates.ad.cpp

#include "ad_test.hpp"
#include "dual.hpp"
#include <array>
#include <cmath>
#include <vector>

template <class T> T sq(T a) { return a * a; }

template <class T>
[[ad::differentiate]] T rosenbrock(const T *x, int n) {
  T s = 0;
  for (int i = 0; i + 1 < n; ++i)
    s += sq(T(1) - x[i]) + T(100) * sq(x[i + 1] - x[i] * x[i]);
  return s;
}
// CHECK-LABEL: {{^ *}}// The gradient of rosenbrock: a template
// CHECK-NEXT:  {{^}}template <class T> T rosenbrock_grad(const T *x, int n, T *d_x);
// CHECK-DAG:   {{^}}template <> inline float rosenbrock_grad<float>(const float *x, int n, float *d_x) {
// CHECK-DAG:   {{^}}template <> inline double rosenbrock_grad<double>(const double *x, int n, double *d_x) {
// CHECK-DAG:   {{^}}template <> inline long double rosenbrock_grad<long double>(const long double *x, int n, long double *d_x) {

// The contract's example: results through err.
template <class T>
[[ad::differentiate("alpha", "mu", "err")]]
void objective(int k, const T *alpha, const T *mu, T *err) {
  using std::exp;
  for (int i = 0; i < k; ++i)
    err[i] = sq(alpha[i] - mu[i]) * exp(mu[i]);
}
// CHECK-LABEL: {{^ *}}// The gradient of objective: a template
// CHECK-NEXT:  {{^}}template <class T> void objective_grad(int k, const T *alpha, const T *mu, T *err, T *d_alpha, T *d_mu, T *d_err);

template <typename T, std::size_t N>
[[ad::differentiate]] T weighted_norm(const std::array<T, N> &a, const std::vector<T> &w) {
  using std::sqrt;
  T s = 0;
  for (std::size_t i = 0; i < N; ++i)
    s += w[i] * sq(a[i]);
  return sqrt(s);
}
// CHECK-LABEL: {{^ *}}// The gradient of weighted_norm: a template
// CHECK-NEXT:  {{^}}template <typename T, std::size_t N> T weighted_norm_grad(const std::array<T, N> &a, const std::vector<T> &w, T *d_a, T *d_w);
// CHECK:       {{^}}template <> inline double weighted_norm_grad<double, 3UL>(const std::array<double, 3UL> &a, const std::vector<double> &w, double *d_a, double *d_w) {

template <class T> void check_rosenbrock(const char *what, double tolerance) {
  const T x[4] = {T(0.3), T(-1.2), T(0.8), T(1.1)};
  T dx[4] = {};
  T v = rosenbrock_grad(x, 4, dx);
  ad_test::check(what, v, rosenbrock(x, 4), tolerance);
  for (int k = 0; k < 4; ++k) {
    fz::dual xd[4];
    for (int i = 0; i < 4; ++i)
      xd[i] = fz::dual(double(x[i]), i == k ? 1.0 : 0.0);
    ad_test::check(what, dx[k], rosenbrock(xd, 4).d, tolerance);
  }
}

int main() {
  check_rosenbrock<float>("rosenbrock<float> vs forward mode", 1e-5);
  check_rosenbrock<double>("rosenbrock<double> vs forward mode", 1e-13);
  check_rosenbrock<long double>("rosenbrock<long double> vs forward mode", 1e-13);
  {
    // Explicit template arguments; central differences.
    double x[3] = {0.5, -0.4, 1.3}, dx[3] = {};
    rosenbrock_grad<double>(x, 3, dx);
    for (int k = 0; k < 3; ++k)
      ad_test::check("rosenbrock d_x vs central differences", dx[k],
                     ad_test::central_difference(
                         [&](double t) {
                           double y[3] = {x[0], x[1], x[2]};
                           y[k] = t;
                           return rosenbrock(y, 3);
                         },
                         x[k]),
                     1e-6);
  }
  {
    // A vector-Jacobian product: d_err is the seed w; d_err ends at 0.
    const int k = 3;
    double alpha[k] = {0.2, 1.5, -0.7}, mu[k] = {0.1, -0.3, 0.9}, err[k];
    double da[k] = {}, dm[k] = {}, de[k] = {1.0, -2.0, 0.5}, w[k] = {1.0, -2.0, 0.5};
    objective_grad(k, alpha, mu, err, da, dm, de);
    double expect[k];
    objective(k, alpha, mu, expect);
    for (int i = 0; i < k; ++i) {
      ad_test::check("objective err bit for bit", err[i] == expect[i], 1, 0);
      ad_test::check("objective d_err ends at 0", de[i], 0, 0);
      fz::dual a[k], m[k], e[k];
      for (int j = 0; j < k; ++j)
        a[j] = fz::dual(alpha[j], i == j), m[j] = fz::dual(mu[j]);
      objective(k, a, m, e);
      double vjp = 0;
      for (int j = 0; j < k; ++j)
        vjp += w[j] * e[j].d;
      ad_test::check("objective d_alpha vs forward mode", da[i], vjp, 1e-13);
      for (int j = 0; j < k; ++j)
        a[j] = fz::dual(alpha[j]), m[j] = fz::dual(mu[j], i == j);
      objective(k, a, m, e);
      vjp = 0;
      for (int j = 0; j < k; ++j)
        vjp += w[j] * e[j].d;
      ad_test::check("objective d_mu vs forward mode", dm[i], vjp, 1e-13);
    }
  }
  {
    std::array<double, 3> a{0.4, -1.1, 2.0};
    std::vector<double> w{0.5, 1.5, 0.25};
    double da[3] = {}, dw[3] = {};
    double v = weighted_norm_grad(a, w, da, dw);
    ad_test::check("weighted_norm value bit for bit", v == weighted_norm(a, w), 1, 0);
    for (int k = 0; k < 3; ++k) {
      std::array<fz::dual, 3> ad;
      std::vector<fz::dual> wd(3);
      for (int i = 0; i < 3; ++i)
        ad[i] = fz::dual(a[i], i == k), wd[i] = fz::dual(w[i]);
      ad_test::check("weighted_norm d_a vs forward mode", da[k], weighted_norm(ad, wd).d, 1e-13);
      for (int i = 0; i < 3; ++i)
        ad[i] = fz::dual(a[i]), wd[i] = fz::dual(w[i], i == k);
      ad_test::check("weighted_norm d_w vs forward mode", dw[k], weighted_norm(ad, wd).d, 1e-13);
    }
  }
  return ad_test::report();
}
