// A two-layer perceptron (contract §3): `struct Layer { std::vector<T> W,
// b; int in, out; }` locals built in the marked function from a flat weight
// array (read with w[k++]), a helper apply(const Layer&, const
// std::vector<T>&) returning a std::vector<T> (called as nn::apply: an
// unqualified call would find std::apply by ADL), a tanh activation applied in
// place with a range-for over auto&, a squared loss over a small batch and
// an L2 penalty on the weights. The gradient is taken w.r.t. all weights
// and biases and w.r.t. the inputs.
// Checked against forward mode (fz::dual on a templated copy), central
// differences and f's value.
// RUN: %adxx -O1 -Werror -I%ad_src/test/fuzz %s -o %t -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: FileCheck %s --input-file=%t.gen/mlp_layers.ad.cpp

#include "ad_test.hpp"
#include "dual.hpp"
#include <cmath>
#include <vector>

namespace nn {
template <class T> struct Layer {
  std::vector<T> W, b;
  int in, out;
};

template <class T> std::vector<T> apply(const Layer<T> &L, const std::vector<T> &x) {
  std::vector<T> y(L.out);
  for (int o = 0; o < L.out; ++o) {
    T s = L.b[o];
    for (int i = 0; i < L.in; ++i)
      s += L.W[o * L.in + i] * x[i];
    y[o] = s;
  }
  return y;
}
} // namespace nn

#define BODY(T)                                                                \
  using std::tanh;                                                             \
  int k = 0;                                                                   \
  nn::Layer<T> l1{std::vector<T>(nh * nin), std::vector<T>(nh), nin, nh};      \
  for (int j = 0; j < nh * nin; ++j)                                           \
    l1.W[j] = w[k++];                                                          \
  for (int j = 0; j < nh; ++j)                                                 \
    l1.b[j] = w[k++];                                                          \
  nn::Layer<T> l2{std::vector<T>(nout * nh), std::vector<T>(nout), nh, nout};  \
  for (int j = 0; j < nout * nh; ++j)                                          \
    l2.W[j] = w[k++];                                                          \
  for (int j = 0; j < nout; ++j)                                               \
    l2.b[j] = w[k++];                                                          \
  T loss = 0;                                                                  \
  for (int s = 0; s < ns; ++s) {                                               \
    std::vector<T> xs(nin);                                                    \
    for (int i = 0; i < nin; ++i)                                              \
      xs[i] = x[s * nin + i];                                                  \
    std::vector<T> h = nn::apply(l1, xs);                                      \
    for (T &v : h)                                                             \
      v = tanh(v);                                                             \
    std::vector<T> o = nn::apply(l2, h);                                       \
    for (int j = 0; j < nout; ++j) {                                           \
      T r = o[j] - target[s * nout + j];                                       \
      loss += T(0.5) * r * r;                                                  \
    }                                                                          \
  }                                                                            \
  for (T v : l1.W)                                                             \
    loss += T(1e-3) * v * v;                                                   \
  for (T v : l2.W)                                                             \
    loss += T(1e-3) * v * v;                                                   \
  return loss / T(ns);

[[ad::differentiate("w", "x")]]
double mlp_loss(const double *w, const double *x, const double *target, int ns, int nin, int nh,
                int nout) {
  BODY(double)
}
// CHECK-LABEL: {{^}}double mlp_loss_grad(const double *w, const double *x, const double *target, int ns, int nin, int nh, int nout, double *d_w, double *d_x) {

template <class T>
T mlp_loss_t(const T *w, const T *x, const double *target, int ns, int nin, int nh, int nout) {
  BODY(T)
}

int main() {
  const int ns = 3, nin = 3, nh = 4, nout = 2;
  const int nw = nh * nin + nh + nout * nh + nout;
  double w[nw], x[ns * nin], target[ns * nout];
  for (int j = 0; j < nw; ++j)
    w[j] = 0.7 * std::sin(1.3 * j + 0.4);
  for (int j = 0; j < ns * nin; ++j)
    x[j] = std::cos(0.9 * j) - 0.2;
  for (int j = 0; j < ns * nout; ++j)
    target[j] = 0.3 * j - 0.5;
  for (int round = 0; round < 2; ++round) {
    if (round == 1)
      for (int j = 0; j < nw; ++j)
        w[j] = -1.5 * w[j] + 0.1;
    double dw[nw] = {}, dx[ns * nin] = {};
    double v = mlp_loss_grad(w, x, target, ns, nin, nh, nout, dw, dx);
    ad_test::check("mlp_loss value bit for bit",
                   v == mlp_loss(w, x, target, ns, nin, nh, nout), 1, 0);
    std::vector<fz::dual> wd(w, w + nw), xd(x, x + ns * nin);
    for (int j = 0; j < nw; ++j) {
      wd[j].d = 1;
      ad_test::check("mlp_loss d_w vs forward mode", dw[j],
                     mlp_loss_t(wd.data(), xd.data(), target, ns, nin, nh, nout).d, 1e-12);
      wd[j].d = 0;
      double wp[nw];
      std::copy(w, w + nw, wp);
      ad_test::check("mlp_loss d_w vs central differences", dw[j],
                     ad_test::central_difference(
                         [&](double t) {
                           wp[j] = t;
                           return mlp_loss(wp, x, target, ns, nin, nh, nout);
                         },
                         w[j]),
                     1e-6);
    }
    for (int j = 0; j < ns * nin; ++j) {
      xd[j].d = 1;
      ad_test::check("mlp_loss d_x vs forward mode", dx[j],
                     mlp_loss_t(wd.data(), xd.data(), target, ns, nin, nh, nout).d, 1e-12);
      xd[j].d = 0;
      double xp[ns * nin];
      std::copy(x, x + ns * nin, xp);
      ad_test::check("mlp_loss d_x vs central differences", dx[j],
                     ad_test::central_difference(
                         [&](double t) {
                           xp[j] = t;
                           return mlp_loss(w, xp, target, ns, nin, nh, nout);
                         },
                         x[j]),
                     1e-6);
    }
  }
  return ad_test::report();
}
