// W4 (WORKLOADS.md): the ADBench GMM objective, d = 10, K = 25, n = 1000.
// ad differentiates the template of w4_gmm.hpp as written (only the
// attribute added); the hand-written adjoint below is the reference of
// every variant; the peers are in w4_gmm_adolc.cpp and w4_gmm_sacado.cpp.
#include "w4_gmm.hpp"

#include "runners.hpp"
#include "table.hpp"

#include <cmath>
#include <random>
#include <vector>

namespace gmm {
namespace {

struct GmmView { // the packed parameters p = (alpha, mu, q, l)
  const double *alpha, *mu, *q, *l;
  GmmView(GmmSizes s, const double *p)
      : alpha(p), mu(p + s.k), q(p + s.k + s.k * s.d), l(p + s.k + 2 * s.k * s.d) {}
};

double gmm_primal(GmmSizes s, const double *p, const double *x, Wishart w) {
  GmmView v(s, p);
  double err;
  gmm_objective(s.d, s.k, s.n, v.alpha, v.mu, v.q, v.l, x, w, &err);
  return err;
}

// ad's gradient: the generated gmm_objective_grad, err's seed 1.
double gmm_ad(GmmSizes s, const double *p, const double *x, Wishart w, double *dp) {
  GmmView v(s, p);
  double *d_alpha = dp, *d_mu = dp + s.k, *d_q = d_mu + s.k * s.d, *d_l = d_q + s.k * s.d;
  double err = 0, d_err = 1;
  gmm_objective_grad(s.d, s.k, s.n, v.alpha, v.mu, v.q, v.l, x, w, &err, d_alpha, d_mu, d_q,
                     d_l, &d_err);
  return err;
}

// A straightforward adjoint: the forward pass of each point keeps its
// centered and transformed vectors per component, then its log-sum-exp is
// differentiated (softmax weights) back through Q x - mu to the
// parameters; the per-component sums of q and the exp(q) are adjoined last.
double gmm_hand(GmmSizes s, const double *p, const double *x, Wishart w, double *dp) {
  const int d = s.d, k = s.k, n = s.n, l_sz = s.l_sz();
  GmmView v(s, p);
  double *d_alpha = dp, *d_mu = dp + k, *d_q = d_mu + k * d, *d_l = d_q + k * d;

  std::vector<double> Qdiags(k * d), sum_qs(k, 0.0);
  for (int i = 0; i < k * d; ++i)
    Qdiags[i] = std::exp(v.q[i]);
  for (int ik = 0; ik < k; ++ik)
    for (int id = 0; id < d; ++id)
      sum_qs[ik] += v.q[ik * d + id];

  // adjoints of the intermediate Qdiags and sum_qs, summed over points
  std::vector<double> d_Qdiags(k * d, 0.0), d_sum_qs(k, 0.0);
  std::vector<double> xc(k * d), Qxc(k * d), main_term(k), d_xc(d);
  double slse = 0;
  for (int ix = 0; ix < n; ++ix) {
    const double *xi = &x[ix * d];
    for (int ik = 0; ik < k; ++ik) {
      double *c = &xc[ik * d], *y = &Qxc[ik * d];
      const double *Qd = &Qdiags[ik * d], *L = &v.l[ik * l_sz];
      for (int id = 0; id < d; ++id) {
        c[id] = xi[id] - v.mu[ik * d + id];
        y[id] = Qd[id] * c[id];
      }
      int li = 0;
      for (int i = 0; i < d; ++i)
        for (int j = i + 1; j < d; ++j)
          y[j] += L[li++] * c[i];
      double sq = 0;
      for (int id = 0; id < d; ++id)
        sq += y[id] * y[id];
      main_term[ik] = v.alpha[ik] + sum_qs[ik] - 0.5 * sq;
    }
    double mx = main_term[0];
    for (int ik = 1; ik < k; ++ik)
      mx = std::fmax(mx, main_term[ik]);
    double se = 0;
    for (int ik = 0; ik < k; ++ik)
      se += std::exp(main_term[ik] - mx);
    slse += std::log(se) + mx;

    // reverse: d main_term = softmax weight; main_term = alpha + sum_q - |y|^2/2
    for (int ik = 0; ik < k; ++ik) {
      double wk = std::exp(main_term[ik] - mx) / se;
      d_alpha[ik] += wk;
      d_sum_qs[ik] += wk;
      const double *c = &xc[ik * d], *y = &Qxc[ik * d];
      const double *Qd = &Qdiags[ik * d], *L = &v.l[ik * l_sz];
      double *dQd = &d_Qdiags[ik * d], *dL = &d_l[ik * l_sz];
      // y = Qd .* c + L c; d y = -wk y
      for (int id = 0; id < d; ++id) {
        double dy = -wk * y[id];
        dQd[id] += dy * c[id];
        d_xc[id] = dy * Qd[id];
      }
      int li = 0;
      for (int i = 0; i < d; ++i)
        for (int j = i + 1; j < d; ++j) {
          double dy = -wk * y[j];
          dL[li] += dy * c[i];
          d_xc[i] += dy * L[li];
          ++li;
        }
      for (int id = 0; id < d; ++id)
        d_mu[ik * d + id] -= d_xc[id];
    }
  }

  // - n logsumexp(alpha)
  double amx = v.alpha[0];
  for (int ik = 1; ik < k; ++ik)
    amx = std::fmax(amx, v.alpha[ik]);
  double ase = 0;
  for (int ik = 0; ik < k; ++ik)
    ase += std::exp(v.alpha[ik] - amx);
  for (int ik = 0; ik < k; ++ik)
    d_alpha[ik] -= n * std::exp(v.alpha[ik] - amx) / ase;

  // Wishart prior: -sum_k (gamma^2/2 (|Qdiag_k|^2 + |l_k|^2) - m sum_q_k) + k C
  const int wn = d + w.m + 1;
  const double C = wn * d * (std::log(w.gamma) - 0.5 * std::log(2.0)) -
                   log_gamma_distrib(0.5 * wn, d);
  const double g2 = w.gamma * w.gamma;
  double prior = 0;
  for (int ik = 0; ik < k; ++ik) {
    double fro = 0;
    for (int id = 0; id < d; ++id)
      fro += Qdiags[ik * d + id] * Qdiags[ik * d + id];
    for (int i = 0; i < l_sz; ++i)
      fro += v.l[ik * l_sz + i] * v.l[ik * l_sz + i];
    prior -= 0.5 * g2 * fro - w.m * sum_qs[ik];
    for (int id = 0; id < d; ++id)
      d_Qdiags[ik * d + id] -= g2 * Qdiags[ik * d + id];
    for (int i = 0; i < l_sz; ++i)
      d_l[ik * l_sz + i] -= g2 * v.l[ik * l_sz + i];
    d_sum_qs[ik] += w.m;
  }

  // Qdiags = exp(q), sum_qs = row sums of q
  for (int ik = 0; ik < k; ++ik)
    for (int id = 0; id < d; ++id)
      d_q[ik * d + id] += d_Qdiags[ik * d + id] * Qdiags[ik * d + id] + d_sum_qs[ik];

  const double CONSTANT = -n * d * 0.5 * std::log(2 * M_PI);
  return CONSTANT + slse - n * (std::log(ase) + amx) + prior + k * C;
}

} // namespace
} // namespace gmm

namespace bench {

void run_w4_gmm(bool tiny, int samples, double min_seconds) {
  using namespace gmm;
  const GmmSizes s{10, 25, tiny ? 20 : 1000};
  const Wishart w{1.0, 0};
  // WORKLOADS.md: one generator, alpha, mu, q, l, then x, all normal(0, 1);
  // p is already the packed vector (alpha, mu, q, l).
  std::mt19937_64 rng(42);
  std::normal_distribution<double> normal(0, 1);
  std::vector<double> p(s.params()), x(s.n * s.d);
  for (double &v : p)
    v = normal(rng);
  for (double &v : x)
    v = normal(rng);
  const double *X = x.data();
  run_vector("W4", p, [s, X, w](const double *q) { return gmm_primal(s, q, X, w); },
             {[s, X, w](const double *q, double *d) { return gmm_ad(s, q, X, w, d); },
              [s, X, w](const double *q, double *d) { return gmm_hand(s, q, X, w, d); },
              [s, X, w](const double *q, double *d) { return gmm_adolc(s, q, X, w, d); },
              [s, X, w](const double *q, double *d) { return gmm_sacado(s, q, X, w, d); }},
             samples, min_seconds);
}

} // namespace bench
