// W4 (WORKLOADS.md): the Gaussian mixture log-likelihood of ADBench's GMM,
// written the way ADBench writes it -- a template on the scalar type,
// std::vector work arrays, small helpers writing through pointers -- and
// marked for ad. The same template serves all three tools: ad's gradient
// (w4_gmm.cpp, T = double), ADOL-C (T = adouble) and Sacado (T = ADvar).
// Calls of exp/log are unqualified so that each scalar type finds its own.
//
// Parameters of K components in d dimensions: alpha[K] (log mixture
// weights), mu[K*d] (means), q[K*d] (log of the diagonal of each inverse
// covariance factor), l[K*d*(d-1)/2] (its strictly lower triangle, column
// by column); data x[n*d].
#pragma once

#include <cmath>
#include <cstddef>
#include <vector>

// Namespaced as gradbench does, so that the names of these helpers
// (Wishart, sqnorm, logsumexp, ...) cannot meet another workload's.
namespace gmm {

struct Wishart {
  double gamma;
  int m;
};

// log of the multivariate gamma function Gamma_p(a) (a constant here).
inline double log_gamma_distrib(double a, int p) {
  double out = 0.25 * p * (p - 1) * std::log(M_PI);
  for (int j = 1; j <= p; ++j)
    out += std::lgamma(a + 0.5 * (1 - j));
  return out;
}

template <class T>
T arr_max(int n, const T *x) {
  T m = x[0];
  for (int i = 1; i < n; ++i)
    if (m < x[i])
      m = x[i];
  return m;
}

template <class T>
T sqnorm(int n, const T *x) {
  T s = x[0] * x[0];
  for (int i = 1; i < n; ++i)
    s = s + x[i] * x[i];
  return s;
}

// out = x - y (x data, y parameters)
template <class T>
void subtract(int d, const double *x, const T *y, T *out) {
  for (int id = 0; id < d; ++id)
    out[id] = x[id] - y[id];
}

template <class T>
T logsumexp(int n, const T *x) {
  T mx = arr_max(n, x);
  T semx = 0.;
  for (int i = 0; i < n; ++i)
    semx = semx + exp(x[i] - mx);
  return log(semx) + mx;
}

// out = Q x with Q lower triangular: diagonal Qdiag, strictly lower part
// ltri stored column by column.
template <class T>
void Qtimesx(int d, const T *Qdiag, const T *ltri, const T *x, T *out) {
  for (int id = 0; id < d; ++id)
    out[id] = Qdiag[id] * x[id];
  int lidx = 0;
  for (int i = 0; i < d; ++i)
    for (int j = i + 1; j < d; ++j) {
      out[j] = out[j] + ltri[lidx] * x[i];
      lidx++;
    }
}

template <class T>
T log_wishart_prior(int d, int k, Wishart wishart, const T *sum_qs, const T *Qdiags,
                    const T *l) {
  int n = d + wishart.m + 1;
  int l_sz = d * (d - 1) / 2;
  double C = n * d * (std::log(wishart.gamma) - 0.5 * std::log(2.0)) -
             log_gamma_distrib(0.5 * n, d);
  T out = 0.;
  for (int ik = 0; ik < k; ++ik) {
    T frobenius = sqnorm(d, &Qdiags[ik * d]) + sqnorm(l_sz, &l[ik * l_sz]);
    out = out + 0.5 * wishart.gamma * wishart.gamma * frobenius - wishart.m * sum_qs[ik];
  }
  return -out + k * C;
}

template <class T>
[[ad::differentiate("alpha", "mu", "q", "l", "err")]]
void gmm_objective(int d, int k, int n, const T *alpha, const T *mu, const T *q,
                   const T *l, const double *x, Wishart wishart, T *err) {
  const double CONSTANT = -n * d * 0.5 * std::log(2 * M_PI);
  const int l_sz = d * (d - 1) / 2;

  std::vector<T> Qdiags(d * k);
  std::vector<T> sum_qs(k);
  for (int i = 0; i < d * k; ++i)
    Qdiags[i] = exp(q[i]);
  for (int ik = 0; ik < k; ++ik) {
    sum_qs[ik] = 0.;
    for (int id = 0; id < d; ++id)
      sum_qs[ik] = sum_qs[ik] + q[ik * d + id];
  }

  std::vector<T> xcentered(d), Qxcentered(d), main_term(k);
  T slse = 0.;
  for (int ix = 0; ix < n; ++ix) {
    for (int ik = 0; ik < k; ++ik) {
      subtract(d, &x[ix * d], &mu[ik * d], &xcentered[0]);
      Qtimesx(d, &Qdiags[ik * d], &l[ik * l_sz], &xcentered[0], &Qxcentered[0]);
      main_term[ik] = alpha[ik] + sum_qs[ik] - 0.5 * sqnorm(d, &Qxcentered[0]);
    }
    slse = slse + logsumexp(k, &main_term[0]);
  }

  T lse_alpha = logsumexp(k, alpha);
  *err = CONSTANT + slse - n * lse_alpha;
  *err = *err + log_wishart_prior(d, k, wishart, &sum_qs[0], &Qdiags[0], l);
}

// The packed parameter vector of run_vector: alpha, mu, q, l.
struct GmmSizes {
  int d, k, n;
  int l_sz() const { return d * (d - 1) / 2; }
  int params() const { return k + 2 * k * d + k * l_sz(); }
};

// The peers (w4_gmm_adolc.cpp, w4_gmm_sacado.cpp): value, and the gradient
// with respect to the packed parameters p added into dp.
double gmm_adolc(GmmSizes s, const double *p, const double *x, Wishart w, double *dp);
double gmm_sacado(GmmSizes s, const double *p, const double *x, Wishart w, double *dp);

} // namespace gmm
