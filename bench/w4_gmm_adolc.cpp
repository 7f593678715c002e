// W4 with ADOL-C: gmm_objective<adouble> of w4_gmm.hpp taped at the point
// for every call (like adolc.cpp: a tape holds one control flow, and the
// maxima in logsumexp branch on the values), then the gradient driver.
#include <adolc/adolc.h>

#include "workloads.hpp"
#include "w4_gmm.hpp"

#include <vector>

double gmm::gmm_adolc(GmmSizes s, const double *p, const double *x, Wishart w, double *dp) {
  const short tag = 40;
  const int np = s.params();
  // Buffers large enough to keep the tape (about 4 million operations at
  // n = 1000) in memory, not in files.
  const unsigned buffer = 1u << 28;
  trace_on(tag, 0, buffer, buffer, buffer, buffer);
  std::vector<adouble> ap(np);
  for (int i = 0; i < np; ++i)
    ap[i] <<= p[i];
  const adouble *alpha = ap.data(), *mu = alpha + s.k, *q = mu + s.k * s.d,
                *l = q + s.k * s.d;
  adouble err;
  gmm_objective(s.d, s.k, s.n, alpha, mu, q, l, x, w, &err);
  double value;
  err >>= value;
  trace_off();
  std::vector<double> g(np);
  gradient(tag, np, p, g.data());
  adolc_note_tape(tag);
  for (int i = 0; i < np; ++i)
    dp[i] += g[i];
  return value;
}
