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

// W7 (gradbench lse): the maximum taken with std::max in a loop.
[[ad::differentiate("x")]]
double lse(const double *x, int n) {
  double a = x[0];
  for (int i = 1; i < n; ++i)
    a = std::max(a, x[i]);
  double s = 0;
  for (int i = 0; i < n; ++i)
    s += std::exp(x[i] - a);
  return std::log(s) + a;
}

// W8 (gradbench llsq): (sign(t_i) - sum_j x_j t_i^j)^2 / 2 summed over n
// points t_i in [-1, 1].
[[ad::differentiate("x")]]
double llsq(const double *x, int m, int n) {
  double sum = 0;
  for (int i = 0; i < n; ++i) {
    double t = -1 + i * 2.0 / (n - 1);
    double r = t > 0 ? 1.0 : (t < 0 ? -1.0 : 0.0);
    double power = 1;
    for (int j = 0; j < m; ++j) {
      r -= x[j] * power;
      power *= t;
    }
    sum += r * r / 2;
  }
  return sum;
}

// bench/run.sh times compiling this file with and without the plugin; the
// plain compile defines AD_BENCH_COMPILE_TIME (there is no f_grad then).
#ifndef AD_BENCH_COMPILE_TIME
double w1_ad(double x, double *dx) { return w1_grad(x, dx); }
double nll_ad(const double *p, const double *t, const double *e, int n, double *dp) {
  return nll_grad(p, t, e, n, dp);
}
double lse_ad(const double *x, int n, double *dx) { return lse_grad(x, n, dx); }
double llsq_ad(const double *x, int m, int n, double *dx) { return llsq_grad(x, m, n, dx); }
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

// The adjoint of log-sum-exp: the softmax (the maximum's own derivative
// cancels: d/da (log s + a) = 1 - sum exp(x_i - a) / s = 0).
double lse_hand(const double *x, int n, double *dx) {
  double a = x[0];
  for (int i = 1; i < n; ++i)
    a = std::max(a, x[i]);
  double s = 0;
  for (int i = 0; i < n; ++i)
    s += std::exp(x[i] - a);
  for (int i = 0; i < n; ++i)
    dx[i] += std::exp(x[i] - a) / s;
  return std::log(s) + a;
}

// The adjoint of least squares: each residual, then its contribution
// -r_i t_i^j to every coefficient.
double llsq_hand(const double *x, int m, int n, double *dx) {
  double sum = 0;
  for (int i = 0; i < n; ++i) {
    double t = -1 + i * 2.0 / (n - 1);
    double r = t > 0 ? 1.0 : (t < 0 ? -1.0 : 0.0);
    double power = 1;
    for (int j = 0; j < m; ++j) {
      r -= x[j] * power;
      power *= t;
    }
    sum += r * r / 2;
    power = 1;
    for (int j = 0; j < m; ++j) {
      dx[j] -= r * power;
      power *= t;
    }
  }
  return sum;
}
