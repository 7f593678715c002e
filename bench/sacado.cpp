// The workloads with Sacado's reverse mode (Sacado::Rad, from Debian's
// libtrilinos-sacado-dev): operator overloading onto a tape, then Gradcomp.
#include "workloads.hpp"

#include <Sacado_trad.hpp>

#include <cmath>
#include <vector>

using ADvar = Sacado::Rad::ADvar<double>;

double w1_sacado(double x, double *dx) {
  ADvar ax = x, y = 0.;
  for (int i = 0; i < 100; ++i)
    y = sin(y + ax);
  ADvar::Gradcomp();
  *dx += ax.adj();
  return y.val();
}

double nll_sacado(const double *p, const double *t, const double *e, int n, double *dp) {
  ADvar lam = p[0], rho = p[1], ll = 0., ch = 0.;
  for (int i = 0; i < n; ++i) {
    ll += e[i] * (log(rho) - log(lam) + (rho - 1.) * (std::log(t[i]) - log(lam)));
    ch += pow(t[i] / lam, rho);
  }
  ADvar r = -(ll - ch);
  ADvar::Gradcomp();
  dp[0] += lam.adj();
  dp[1] += rho.adj();
  return r.val();
}

double lse_sacado(const double *x, int n, double *dx) {
  std::vector<ADvar> ax(x, x + n);
  ADvar a = ax[0];
  for (int i = 1; i < n; ++i)
    a = a.val() < ax[i].val() ? ax[i] : a; // std::max's choice
  ADvar s = 0.;
  for (int i = 0; i < n; ++i)
    s += exp(ax[i] - a);
  ADvar r = log(s) + a;
  ADvar::Gradcomp();
  for (int i = 0; i < n; ++i)
    dx[i] += ax[i].adj();
  return r.val();
}

double llsq_sacado(const double *x, int m, int n, double *dx) {
  std::vector<ADvar> ax(x, x + m);
  ADvar sum = 0.;
  for (int i = 0; i < n; ++i) {
    double t = -1 + i * 2.0 / (n - 1);
    ADvar r = t > 0 ? 1.0 : (t < 0 ? -1.0 : 0.0);
    double power = 1;
    for (int j = 0; j < m; ++j) {
      r -= ax[j] * power;
      power *= t;
    }
    sum += r * r / 2.;
  }
  ADvar::Gradcomp();
  for (int j = 0; j < m; ++j)
    dx[j] += ax[j].adj();
  return sum.val();
}
