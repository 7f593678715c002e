// The workloads with Sacado's reverse mode (Sacado::Rad, from Debian's
// libtrilinos-sacado-dev): operator overloading onto a tape, then Gradcomp.
#include "workloads.hpp"

#include <Sacado_trad.hpp>

#include <cmath>

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
