// Log-sum-exp shifted by its maximum for stability, the way it is written in
// every likelihood (contract §2, §3): over a std::vector with a std::max
// loop and a range-for; over `const double*` + n; with std::max_element on
// vector iterators; and log-softmax into a std::vector output. The cases
// include ties of the maximum (two equal maxima in the middle, first and
// last, all equal), where the shift's branch is taken by the tie rule (first
// argument of std::max); the gradient is softmax whichever branch is taken,
// since the shift cancels. Checked against the softmax formula, central
// differences and f's value bit for bit.
// RUN: %adxx -O1 -Werror %s -o %t -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: FileCheck %s --input-file=%t.gen/logsumexp.ad.cpp

#include "ad_test.hpp"
#include <algorithm>
#include <cmath>
#include <vector>

[[ad::differentiate]]
double logsumexp(const std::vector<double> &x) {
  double m = x[0];
  for (size_t i = 1; i < x.size(); ++i)
    m = std::max(m, x[i]);
  double s = 0;
  for (double xi : x)
    s += std::exp(xi - m);
  return m + std::log(s);
}
// CHECK:       {{^}}static void max_pullback(const double &__a, const double &__b, double _d_return, double *d___a, double *d___b) {
// CHECK-LABEL: {{^}}double logsumexp_grad(const std::vector<double> &x, double *d_x) {
// CHECK:       {{^ +}}max_pullback(m, x[i], _r{{[0-9]+}}, &_d_m, &d_x[i]);
// CHECK:       {{^ +}}d_x[0] += _d_m;

[[ad::differentiate("x")]]
double logsumexp_n(const double *x, int n) {
  double m = x[0];
  for (int i = 1; i < n; ++i)
    m = std::max(m, x[i]);
  double s = 0;
  for (int i = 0; i < n; ++i)
    s += std::exp(x[i] - m);
  return m + std::log(s);
}
// CHECK-LABEL: {{^}}double logsumexp_n_grad(const double *x, int n, double *d_x) {

[[ad::differentiate]]
double logsumexp_me(const std::vector<double> &x) {
  const double m = *std::max_element(x.begin(), x.end());
  double s = 0;
  for (double xi : x)
    s += std::exp(xi - m);
  return m + std::log(s);
}
// CHECK-LABEL: {{^}}double logsumexp_me_grad(const std::vector<double> &x, double *d_x) {
// CHECK:       {{^ +}}*(d_x + ({{_v[0-9]+}} - x.begin())) += _d_m;

// out[i] = x[i] - logsumexp(x); out is sized by the caller (an output
// vector's shadow has the size it had on entry, so out.resize is refused).
[[ad::differentiate("x", "out")]]
void log_softmax(const std::vector<double> &x, std::vector<double> &out) {
  double m = x[0];
  for (double xi : x)
    m = std::max(xi, m);
  double s = 0;
  for (double xi : x)
    s += std::exp(xi - m);
  const double lse = m + std::log(s);
  for (size_t i = 0; i < x.size(); ++i)
    out[i] = x[i] - lse;
}
// CHECK-LABEL: {{^}}void log_softmax_grad(const std::vector<double> &x, std::vector<double> &out, double *d_x, double *d_out) {
// CHECK:       {{^ +}}d_out[i] = 0;

// softmax(x) by the textbook formula, in long double.
std::vector<double> softmax(const std::vector<double> &x) {
  long double m = *std::max_element(x.begin(), x.end()), s = 0;
  for (double xi : x)
    s += std::exp(xi - m);
  std::vector<double> p;
  for (double xi : x)
    p.push_back(static_cast<double>(std::exp(xi - m) / s));
  return p;
}

int main() {
  const std::vector<std::vector<double>> cases = {
      {1, 3, 3, 0.5},             // two maxima tie in the middle
      {3, 1, 3},                  // first and last tie
      {2, 2, 2, 2},               // all equal
      {-0.7, 0.2, 1.9, -3.1, 0.4}, // no tie
      {1000, 999.5, 1000},        // exp(x) overflows without the shift
      {0.3},                      // one element
  };
  for (const std::vector<double> &x : cases) {
    const size_t n = x.size();
    const std::vector<double> p = softmax(x);
    auto along = [&](auto f, size_t k) {
      return ad_test::central_difference(
          [&](double t) {
            std::vector<double> y = x;
            y[k] = t;
            return f(y);
          },
          x[k]);
    };

    std::vector<double> d1(n), d2(n), d3(n);
    double v1 = logsumexp_grad(x, d1.data());
    double v2 = logsumexp_n_grad(x.data(), static_cast<int>(n), d2.data());
    double v3 = logsumexp_me_grad(x, d3.data());
    ad_test::check("logsumexp value bit for bit", v1 == logsumexp(x), 1, 0);
    ad_test::check("logsumexp_n value bit for bit",
                   v2 == logsumexp_n(x.data(), static_cast<int>(n)), 1, 0);
    ad_test::check("logsumexp_me value bit for bit", v3 == logsumexp_me(x), 1, 0);
    ad_test::check("logsumexp is finite", std::isfinite(v1), 1, 0);
    double sum = 0;
    for (size_t k = 0; k < n; ++k) {
      sum += d1[k];
      ad_test::check("logsumexp d_x vs softmax", d1[k], p[k], 1e-14);
      ad_test::check("logsumexp_n d_x vs softmax", d2[k], p[k], 1e-14);
      ad_test::check("logsumexp_me d_x vs softmax", d3[k], p[k], 1e-14);
      ad_test::check("logsumexp d_x vs central differences", d1[k],
                     along([](const std::vector<double> &y) { return logsumexp(y); }, k), 1e-6);
      ad_test::check("logsumexp_n d_x vs central differences", d2[k],
                     along([](const std::vector<double> &y) {
                       return logsumexp_n(y.data(), static_cast<int>(y.size()));
                     }, k), 1e-6);
      ad_test::check("logsumexp_me d_x vs central differences", d3[k],
                     along([](const std::vector<double> &y) { return logsumexp_me(y); }, k), 1e-6);
    }
    ad_test::check("logsumexp gradient sums to 1", sum, 1, 1e-14);

    // log_softmax with a seed w on out: d_x gains w - softmax(x) * sum(w).
    std::vector<double> w(n), out(n, 7.0), out2(n, 7.0), dx(n), dout(n);
    double wsum = 0;
    for (size_t k = 0; k < n; ++k)
      wsum += w[k] = dout[k] = 0.5 + std::sin(1.0 + 2.0 * k);
    log_softmax_grad(x, out, dx.data(), dout.data());
    log_softmax(x, out2);
    for (size_t k = 0; k < n; ++k) {
      ad_test::check("log_softmax leaves out as f does", out[k] == out2[k], 1, 0);
      ad_test::check("log_softmax d_out ends at zero", dout[k], 0, 0);
      ad_test::check("log_softmax d_x vs formula", dx[k], w[k] - p[k] * wsum, 1e-13);
      ad_test::check("log_softmax d_x vs central differences", dx[k],
                     along([&](const std::vector<double> &y) {
                       std::vector<double> o(n);
                       log_softmax(y, o);
                       double L = 0;
                       for (size_t j = 0; j < n; ++j)
                         L += w[j] * o[j];
                       return L;
                     }, k), 1e-6);
    }
  }
  return ad_test::report();
}
