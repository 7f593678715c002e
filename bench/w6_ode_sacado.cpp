// W6 with Sacado's reverse mode (Sacado::Rad, as sacado.cpp): the integrator
// of w6_ode.hpp on ADvars, then Gradcomp.
#include "w6_ode.hpp"

#include <Sacado_trad.hpp>

#include <vector>

namespace w6 {

using ADvar = Sacado::Rad::ADvar<double>;

double ode_sacado(const double *x, int n, int s, double *dx) {
  std::vector<ADvar> ax(x, x + n), ay(n);
  ode_model<ADvar>(n, ax.data(), s, ay.data());
  double value = ay[n - 1].val();
  // Gradcomp differentiates the last ADvar created, so the result is
  // copied into a fresh one.
  ADvar r = ay[n - 1];
  ADvar::Gradcomp();
  for (int i = 0; i < n; ++i)
    dx[i] += ax[i].adj();
  return value;
}

} // namespace w6
