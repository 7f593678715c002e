// W4 with ADOL-C: gmm_objective<adouble> of w4_gmm.hpp taped at the point
// for every call (like adolc.cpp: a tape holds one control flow, and the
// maxima in logsumexp branch on the values), then the gradient driver.
#include "adolc_gradient.hpp"

#include "workloads.hpp"
#include "w4_gmm.hpp"

#include <vector>

double gmm::gmm_adolc(GmmSizes s, const double *p, const double *x, Wishart w, double *dp) {
  return adolc_gradient(40, s.params(), p, dp, [&](const adouble *alpha) {
    const adouble *mu = alpha + s.k, *q = mu + s.k * s.d, *l = q + s.k * s.d;
    adouble err;
    gmm_objective(s.d, s.k, s.n, alpha, mu, q, l, x, w, &err);
    return err;
  });
}
