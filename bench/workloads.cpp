// The workloads exactly as WORKLOADS.md defines them, differentiated by ad,
// and the hand-written adjoints they are compared with. Compiled with the
// plugin; -fplugin-arg-ad-emit shows the generated code (bench/README.md).
#include "workloads.hpp"

#include <cmath>

[[ad::differentiate]]
double w1(double x) { double y = 0.; for (int i = 0; i < 100; ++i) y = std::sin(y + x); return y; }

[[ad::differentiate("p")]]
double nll(const double* p, const double* t, const double* e, int n) {
  double lam = p[0], rho = p[1], ll = 0, ch = 0;
  for (int i = 0; i < n; ++i) {
    ll += e[i] * (std::log(rho) - std::log(lam) + (rho - 1) * (std::log(t[i]) - std::log(lam)));
    ch += std::pow(t[i] / lam, rho);
  }
  return -(ll - ch);
}

// bench/run.sh times compiling this file with and without the plugin; the
// plain compile defines AD_BENCH_COMPILE_TIME (there is no f_grad then).
#ifndef AD_BENCH_COMPILE_TIME
double w1_ad(double x, double *dx) { return w1_grad(x, dx); }
double nll_ad(const double *p, const double *t, const double *e, int n, double *dp) {
  return nll_grad(p, t, e, n, dp);
}
#endif

// A straightforward adjoint of W1: store y before each step, then walk the
// steps backwards, recomputing cos(y + x).
double w1_hand(double x, double *dx) {
  double ys[100];
  double y = 0.;
  for (int i = 0; i < 100; ++i) {
    ys[i] = y;
    y = std::sin(y + x);
  }
  double dy = 1, d = 0;
  for (int i = 99; i >= 0; --i) {
    double c = std::cos(ys[i] + x);
    d += dy * c;
    dy *= c;
  }
  *dx += d;
  return y;
}

// A straightforward adjoint of the likelihood: one loop, each term's value
// and its partial derivatives together.
double nll_hand(const double *p, const double *t, const double *e, int n, double *dp) {
  double lam = p[0], rho = p[1], value = 0, dlam = 0, drho = 0;
  for (int i = 0; i < n; ++i) {
    double logz = std::log(t[i]) - std::log(lam);
    double z = std::pow(t[i] / lam, rho);
    value -= e[i] * (std::log(rho) - std::log(lam) + (rho - 1) * logz) - z;
    dlam -= e[i] * (-rho / lam) + z * rho / lam;
    drho -= e[i] * (1 / rho + logz) - z * logz;
  }
  dp[0] += dlam;
  dp[1] += drho;
  return value;
}
