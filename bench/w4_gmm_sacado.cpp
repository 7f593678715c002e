// W4 with Sacado's reverse mode (Sacado::Rad): gmm_objective<ADvar> of
// w4_gmm.hpp onto Sacado's tape, then Gradcomp.
#include <Sacado_trad.hpp>

#include "w4_gmm.hpp"

#include <vector>

double gmm::gmm_sacado(GmmSizes s, const double *p, const double *x, Wishart w, double *dp) {
  using ADvar = Sacado::Rad::ADvar<double>;
  const int np = s.params();
  std::vector<ADvar> ap(p, p + np);
  const ADvar *alpha = ap.data(), *mu = alpha + s.k, *q = mu + s.k * s.d, *l = q + s.k * s.d;
  ADvar err;
  gmm_objective(s.d, s.k, s.n, alpha, mu, q, l, x, w, &err);
  ADvar::Gradcomp();
  for (int i = 0; i < np; ++i)
    dp[i] += ap[i].adj();
  return err.val();
}
