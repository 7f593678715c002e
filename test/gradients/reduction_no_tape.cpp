// W3: the Weibull likelihood over n = 1,000,000 records. A sum reduction
// needs nothing stored per iteration: the forward loop sums the partials of
// each sum (`_dll_drho`), the reverse sweep multiplies once by the sum's
// adjoint, and there is no reverse loop. The gradient allocates no tape
// memory at all (runtime statistic), and the emitted code declares no tape.
// Calls the loop does not change are computed before it (`_c0`) if it runs,
// values the
// partials need are bound once (`_v0`), pow's partials reuse its value, and
// the terms of one accumulator are added in one statement.
// RUN: %adxx -O2 %s -o %t -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: FileCheck %s --input-file=%t.gen/reduction_no_tape.ad.cpp

#include "ad_test.hpp"
#include <ad/ad.hpp>
#include <cmath>
#include <random>
#include <vector>

[[ad::differentiate("p")]]
double nll(const double *p, const double *t, const double *e, int n) {
  double lam = p[0], rho = p[1], ll = 0, ch = 0;
  for (int i = 0; i < n; ++i) {
    ll += e[i] * (std::log(rho) - std::log(lam) + (rho - 1) * (std::log(t[i]) - std::log(lam)));
    ch += std::pow(t[i] / lam, rho);
  }
  return -(ll - ch);
}

// CHECK:      {{^}}double nll_grad(const double *p, const double *t, const double *e, int n, double *d_p) {
// CHECK-NOT:  {{^ +.*}}Tape
// CHECK:      {{^}}  i = 0;
// CHECK-NEXT: {{^}}  if (i < n) {
// CHECK-NEXT: {{^}}    _c0 = std::log(rho) - std::log(lam);
// CHECK-NEXT: {{^}}    _c1 = std::log(lam);
// CHECK-NEXT: {{^}}  }
// CHECK-NEXT: {{^}}  for (; i < n; ++i) {
// CHECK-NEXT: {{^}}    double _v0 = std::log(t[i]) - _c1;
// CHECK-NEXT: {{^}}    ll += e[i] * (_c0 + (rho - 1) * _v0);
// CHECK-NEXT: {{^}}    _dll_drho += e[i] * (1 / (rho)) + e[i] * _v0;
// CHECK-NEXT: {{^}}    _dll_dlam += -e[i] * (1 / (lam)) - ((rho - 1) * e[i]) * (1 / (lam));
// CHECK-NEXT: {{^}}    double _v1 = std::pow(t[i] / lam, rho);
// CHECK-NEXT: {{^}}    ch += _v1;
// CHECK-NEXT: {{^}}    _dch_dlam += -(::ad::d::pow_dx(t[i] / lam, rho, _v1) * t[i] / (lam * lam));
// CHECK-NEXT: {{^}}    _dch_drho += ::ad::d::pow_dy(t[i] / lam, rho, _v1);
// CHECK-NEXT: {{^}}  }
// CHECK-NOT:  {{^ +}}for
// CHECK-NOT:  {{^ +.*}}Tape
// CHECK:      {{^}}  _d_rho += _d_ll * _dll_drho;
// CHECK-NEXT: {{^}}  _d_lam += _d_ll * _dll_dlam;
// CHECK-NEXT: {{^}}  _d_lam += _d_ch * _dch_dlam;
// CHECK-NEXT: {{^}}  _d_rho += _d_ch * _dch_drho;
// CHECK-NEXT: {{^}}  d_p[1] += _d_rho;
// CHECK-NEXT: {{^}}  d_p[0] += _d_lam;
// CHECK-NEXT: {{^}}  return _ret;
// CHECK-NEXT: {{^}}}

int main() {
  const int n = 1000000;
  std::mt19937_64 rng(42);
  std::exponential_distribution<double> exponential(1.0);
  std::bernoulli_distribution observed(0.95);
  std::vector<double> t(n), e(n);
  for (double &ti : t) ti = std::pow(exponential(rng) / 1.5, 2.3);
  for (double &ei : e) ei = observed(rng) ? 1.0 : 0.0;

  double p[2] = {0.7, 1.3}, dp[2] = {0, 0};
  ad::tape_statistics() = {};
  double value = nll_grad(p, t.data(), e.data(), n, dp);
  ad_test::check("tape allocations", ad::tape_statistics().allocations, 0, 0);
  ad_test::check("tape peak bytes", ad::tape_statistics().peak_bytes, 0, 0);
  ad_test::check("value bit for bit", value == nll(p, t.data(), e.data(), n), 1, 0);

  // Hand-derived gradient.
  double g0 = 0, g1 = 0;
  for (int i = 0; i < n; ++i) {
    double z = std::pow(t[i] / p[0], p[1]), logz = std::log(t[i] / p[0]);
    g0 -= e[i] * (-p[1] / p[0]) + z * p[1] / p[0];
    g1 -= e[i] * (1 / p[1] + logz) - z * logz;
  }
  ad_test::check("d/dlambda vs hand", dp[0], g0, 1e-10);
  ad_test::check("d/drho vs hand", dp[1], g1, 1e-10);
  for (int k = 0; k < 2; ++k) {
    auto along = [&](double v) {
      double q[2] = {p[0], p[1]};
      q[k] = v;
      return nll(q, t.data(), e.data(), n);
    };
    ad_test::check("vs central differences", dp[k],
                   ad_test::central_difference(along, p[k]), 1e-5);
  }
  return ad_test::report();
}
