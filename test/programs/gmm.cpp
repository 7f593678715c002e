// A Gaussian-mixture log-likelihood as numerical code writes it (contract
// §3): std::vector work arrays (the data point and the mean, filled by
// std::copy over iterator and pointer ranges, the centered point, Q times
// it, the per-component terms, the exponentiated diagonals), small helpers
// that write through `&v[k]` and `v.data() + k` pointers into them (subtract,
// a triangular matrix-vector product), a squared norm and a log-sum-exp helper
// that shifts by a running std::max. Each component's inverse Cholesky factor
// Q = diag(exp(q)) + L is packed per component as d log-diagonal entries
// followed by the strictly lower triangle, column by column. Active: the
// weights, the means and the packed factors; the data is not. Checked
// against forward mode (fz::dual on a templated copy), central differences
// and f's value bit for bit, and that two calls add twice.
// RUN: %adxx -O1 -Werror -I%ad_src/test/fuzz %s -o %t -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: FileCheck %s --input-file=%t.gen/gmm.ad.cpp

#include "ad_test.hpp"
#include "dual.hpp"
#include <algorithm>
#include <cmath>
#include <vector>

// out = x - y
void subtract(int d, const double *x, const double *y, double *out) {
  for (int i = 0; i < d; ++i)
    out[i] = x[i] - y[i];
}

// out = Q x, Q = diag(qdiag) + the strictly lower triangle l (column-major).
void qtimesx(int d, const double *qdiag, const double *l, const double *x,
             double *out) {
  for (int i = 0; i < d; ++i)
    out[i] = qdiag[i] * x[i];
  int idx = 0;
  for (int j = 0; j < d; ++j)
    for (int i = j + 1; i < d; ++i) {
      out[i] += l[idx] * x[j];
      ++idx;
    }
}

double sqnorm(int d, const double *x) {
  double s = 0;
  for (int i = 0; i < d; ++i)
    s += x[i] * x[i];
  return s;
}

double logsumexp(int n, const double *x) {
  double mx = x[0];
  for (int i = 1; i < n; ++i)
    mx = std::max(mx, x[i]);
  double s = 0;
  for (int i = 0; i < n; ++i)
    s += std::exp(x[i] - mx);
  return std::log(s) + mx;
}

// The data point is copied into a work vector with iterators
// (std::copy(x.begin() + p * d, x.begin() + (p + 1) * d, xp.begin())), each
// mean with pointers (std::copy(&means[c * d], &means[c * d] + d, mu.data())).

// sum_p log sum_c exp(alpha_c + sum(q_c) - |Q_c (x_p - mu_c)|^2 / 2)
//   - n log sum_c exp(alpha_c)     (up to the constant -n d log(2 pi) / 2)
[[ad::differentiate("alphas", "means", "icf")]]
double gmm_loglik(int d, int k, int n, const std::vector<double> &alphas,
                  const std::vector<double> &means,
                  const std::vector<double> &icf,
                  const std::vector<double> &x) {
  const int icf_sz = d * (d + 1) / 2;
  std::vector<double> qdiags(d * k), sum_qs(k);
  for (int c = 0; c < k; ++c) {
    sum_qs[c] = 0;
    for (int i = 0; i < d; ++i) {
      sum_qs[c] += icf[c * icf_sz + i];
      qdiags[c * d + i] = std::exp(icf[c * icf_sz + i]);
    }
  }
  std::vector<double> xp(d), mu(d), xc(d), qxc(d), main_term(k);
  double slse = 0;
  for (int p = 0; p < n; ++p) {
    std::copy(x.begin() + p * d, x.begin() + (p + 1) * d, xp.begin());
    for (int c = 0; c < k; ++c) {
      std::copy(&means[c * d], &means[c * d] + d, mu.data());
      subtract(d, xp.data(), mu.data(), xc.data());
      qtimesx(d, qdiags.data() + c * d, &icf[c * icf_sz + d], xc.data(),
              qxc.data());
      main_term[c] = alphas[c] + sum_qs[c] - 0.5 * sqnorm(d, qxc.data());
    }
    slse += logsumexp(k, main_term.data());
  }
  return slse - n * logsumexp(k, alphas.data());
}
// logsumexp (a loop over the components and exp) is split: its forward
// half runs where it is called, its reverse half on the record it left.
// CHECK:       {{^}}struct logsumexp_record {
// subtract and qtimesx keep pullbacks, lean: they leave their outputs as
// the call left them, and the caller saves and restores what it needs.
// subtract's own reverse sweep reads nothing of out, so its forward sweep
// does not compute out again (a dead store, Overwrites.cpp).
// CHECK:       {{^}}static void subtract_pullback_lean(int d, {{\[\[maybe_unused\]\]}} const double *x, {{\[\[maybe_unused\]\]}} const double *y, {{\[\[maybe_unused\]\]}} double *out, double *d_y, double *d_out, {{\[\[maybe_unused\]\]}} ::ad::RedoLog *_redo) {
// CHECK-NOT:   {{^}}}
// CHECK-NOT:   restore
// CHECK-NOT:   {{[^_]}}out[i] =
// CHECK:       {{^}}}
// CHECK:       {{^}}double logsumexp_record::_forward(int n, const double *x, {{.*}}double *d_x) {
// CHECK:       {{^}}void logsumexp_record::_reverse({{.*}}int n, const double *x, double _d_return, double *d_x) {
// CHECK:       {{^ +}}max_pullback(mx, x[i], {{.*}}, &_d_mx, &d_x[i]);
// CHECK-LABEL: {{^}}double gmm_loglik_grad(int d, int k, int n, const std::vector<double> &alphas, const std::vector<double> &means, const std::vector<double> &icf, const std::vector<double> &x, double *d_alphas, double *d_means, double *d_icf) {
// CHECK-DAG:   {{^}}  std::vector<double> _d_qdiags{};
// CHECK-DAG:   {{^}}  std::vector<double> _d_xc{};
// CHECK-DAG:   {{^}}  std::vector<double> _d_main_term{};
// CHECK-DAG:   {{^}}  std::vector<double> _d_mu{};
// The tape saves each range's length last - first, both parenthesized.
// CHECK:       {{^ +}}::ad::push_range(_tape, xp.begin(), ((x.begin() + (p + 1) * d) - (x.begin() + p * d)));
// CHECK-NEXT:  {{^ +}}std::copy(x.begin() + p * d, x.begin() + (p + 1) * d, xp.begin());
// CHECK:       {{^ +}}::ad::push_range(_tape, mu.data(), ((&means[[[C0:c[_0-9]*]] * d] + d) - (&means[[[C0]] * d])));
// CHECK-NEXT:  {{^ +}}std::copy(&means[[[C0]] * d], &means[[[C0]] * d] + d, mu.data());
// CHECK:       {{^ +}}_tape_vector.push(xc);
// CHECK-NEXT:  {{^ +}}subtract(d, xp.data(), mu.data(), xc.data());
// CHECK-NEXT:  {{^ +}}_tape_vector.push(qxc);
// CHECK-NEXT:  {{^ +}}qtimesx(
// CHECK:       {{^ +}}slse += [[LSE:_records_logsumexp[_0-9]*]].push()._forward(k, main_term.data(), _d_main_term.data());
// CHECK:       {{^ +}}_ret = slse - n * [[LSEA:_record_logsumexp[_0-9]*]]._forward(k, alphas.data(), d_alphas);
// CHECK:       {{^ +}}[[LSEA]]._reverse(k, alphas.data(), -n, d_alphas);
// CHECK:       {{^ +}}[[LSE]].top()._reverse(k, main_term.data(), _d_slse, _d_main_term.data());
// CHECK-NEXT:  {{^ +}}[[LSE]].pop();
// The caller's copy of each output, put back after the lean pullback (no
// second copy before it: qtimesx's pullback reads nothing of its output,
// which flows only into itself, linearly; subtract only writes its own).
// CHECK:       {{^ +}}sqnorm_pullback(
// CHECK-NEXT:  {{^ +}}_d_main_term[{{.*}}] = 0;
// CHECK-NEXT:  {{^ +}}qtimesx_pullback_lean(d, qdiags.data() + [[C:c[_0-9]*]] * d, &icf[[[C]] * icf_sz + d], xc.data(), qxc.data(), (_d_qdiags.data() + [[C]] * d), &d_icf[[[C]] * icf_sz + d], _d_xc.data(), _d_qxc.data());
// CHECK-NEXT:  {{^ +}}::ad::restore_in_place(qxc, _tape_vector.pop());
// CHECK-NEXT:  {{^ +}}subtract_pullback_lean(d, xp.data(), mu.data(), xc.data(), _d_mu.data(), _d_xc.data());
// CHECK-NEXT:  {{^ +}}::ad::restore_in_place(xc, _tape_vector.pop());
// CHECK-NEXT:  {{^ +}}::ad::move_adjoints(_d_mu.data(), &d_means[[[C]] * d], ((&means[[[C]] * d] + d) - (&means[[[C]] * d])));
// CHECK-NEXT:  {{^ +}}::ad::pop_range(_tape, mu.data(), ((&means[[[C]] * d] + d) - (&means[[[C]] * d])));
// CHECK:       {{^ +}}::ad::pop_range(_tape, xp.begin(), ((x.begin() + (p + 1) * d) - (x.begin() + p * d)));

// The same likelihood for any number type (the independent derivative).
template <class T>
T gmm_ref(int d, int k, int n, const std::vector<T> &alphas,
          const std::vector<T> &means, const std::vector<T> &icf,
          const std::vector<double> &x) {
  const int icf_sz = d * (d + 1) / 2;
  auto lse = [](const std::vector<T> &v) {
    T mx = v[0];
    for (const T &e : v)
      mx = e > mx ? e : mx;
    T s = 0.0;
    for (const T &e : v)
      s += exp(e - mx);
    return log(s) + mx;
  };
  T total = 0.0;
  for (int p = 0; p < n; ++p) {
    std::vector<T> terms(k);
    for (int c = 0; c < k; ++c) {
      const T *q = &icf[c * icf_sz], *l = q + d;
      T quad = 0.0, logdet = 0.0;
      for (int i = 0; i < d; ++i) {
        logdet += q[i];
        T row = exp(q[i]) * (x[p * d + i] - means[c * d + i]);
        // row i of the lower triangle: column j < i sits at
        // j*d - j*(j+1)/2 + (i - j - 1) in the packed storage.
        for (int j = 0; j < i; ++j)
          row += l[j * d - j * (j + 1) / 2 + (i - j - 1)] *
                 (x[p * d + j] - means[c * d + j]);
        quad += row * row;
      }
      terms[c] = alphas[c] + logdet - 0.5 * quad;
    }
    total += lse(terms);
  }
  return total - double(n) * lse(alphas);
}

int main() {
  struct Size { int d, k, n; };
  for (Size s : {Size{2, 3, 5}, Size{3, 4, 6}, Size{4, 2, 7}}) {
    const int d = s.d, k = s.k, n = s.n, icf_sz = d * (d + 1) / 2;
    std::vector<double> alphas(k), means(k * d), icf(k * icf_sz), x(n * d);
    for (int i = 0; i < k; ++i)
      alphas[i] = 0.3 * i - 0.5;
    for (size_t i = 0; i < means.size(); ++i)
      means[i] = std::sin(1.0 + i);
    for (size_t i = 0; i < icf.size(); ++i)
      icf[i] = 0.2 * std::cos(0.7 * i + d);
    for (size_t i = 0; i < x.size(); ++i)
      x[i] = std::cos(0.3 + 1.7 * i);

    std::vector<double> da(k), dm(means.size()), di(icf.size());
    double value = gmm_loglik_grad(d, k, n, alphas, means, icf, x, da.data(),
                                   dm.data(), di.data());
    ad_test::check("gmm value bit for bit",
                   value == gmm_loglik(d, k, n, alphas, means, icf, x), 1, 0);
    ad_test::check("gmm_ref agrees with gmm",
                   gmm_ref<double>(d, k, n, alphas, means, icf, x), value, 1e-13);

    // One list of all active inputs: (vector, gradient) pairs.
    std::vector<double> *param[3] = {&alphas, &means, &icf};
    std::vector<double> *grad[3] = {&da, &dm, &di};
    const char *name[3] = {"alphas", "means", "icf"};
    for (int a = 0; a < 3; ++a)
      for (size_t e = 0; e < param[a]->size(); ++e) {
        std::vector<fz::dual> ua(alphas.begin(), alphas.end()),
            um(means.begin(), means.end()), ui(icf.begin(), icf.end());
        std::vector<fz::dual> *u[3] = {&ua, &um, &ui};
        (*u[a])[e].d = 1;
        double fwd = gmm_ref(d, k, n, ua, um, ui, x).d;
        std::string what = std::string("gmm d_") + name[a];
        ad_test::check((what + " vs forward mode").c_str(), (*grad[a])[e], fwd, 1e-12);
        double fd = ad_test::central_difference(
            [&](double t) {
              double keep = (*param[a])[e];
              (*param[a])[e] = t;
              double v = gmm_loglik(d, k, n, alphas, means, icf, x);
              (*param[a])[e] = keep;
              return v;
            },
            (*param[a])[e]);
        ad_test::check((what + " vs central differences").c_str(), (*grad[a])[e], fd, 1e-6);
      }

    // A second call adds the gradient again.
    std::vector<double> da2 = da, dm2 = dm, di2 = di;
    gmm_loglik_grad(d, k, n, alphas, means, icf, x, da2.data(), dm2.data(), di2.data());
    for (int a = 0; a < 3; ++a) {
      const std::vector<double> &twice = a == 0 ? da2 : a == 1 ? dm2 : di2;
      for (size_t e = 0; e < twice.size(); ++e)
        ad_test::check("gmm two calls add twice", twice[e], 2 * (*grad[a])[e], 1e-13);
    }
  }
  return ad_test::report();
}
