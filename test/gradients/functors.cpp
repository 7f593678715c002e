// Functors (contract §3): `struct Gauss { T mu, sigma; T operator()(T t)
// const; }` built from active values, called directly, and passed by value
// to a user template simpson(F f, T a, T b, int n) that calls it at points
// depending on the active bounds; two functor objects of the same type
// (one built from the other's members) in one expression. The gradient
// reaches the functor's members through its pullback (d_self) and the
// integration bounds through simpson's.
// Checked against forward mode (fz::dual on a templated copy), central
// differences and f's value.
// RUN: %adxx -O1 -Werror -I%ad_src/test/fuzz %s -o %t -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: FileCheck %s --input-file=%t.gen/functors.ad.cpp

#include "ad_test.hpp"
#include "dual.hpp"
#include <cmath>

template <class T> struct Gauss {
  T mu, sigma;
  T operator()(T t) const {
    using std::exp;
    T z = (t - mu) / sigma;
    return exp(-T(0.5) * z * z) / sigma;
  }
};

template <class F, class T> T simpson(F f, T a, T b, int n) {
  T h = (b - a) / n;
  T s = f(a) + f(b);
  for (int i = 1; i < n; ++i)
    s += (i % 2 ? 4 : 2) * f(a + i * h);
  return s * h / 3;
}

#define BODY(T)                                                                \
  Gauss<T> g{mu, sigma};                                                       \
  Gauss<T> wide{g.mu * T(0.5), g.sigma * T(2)};                                \
  T peak = g(mu + T(0.1)) * wide(lo);                                          \
  return peak + simpson(g, lo, hi, 8) + T(0.5) * simpson(wide, lo, hi, 6);

[[ad::differentiate]]
double model(double mu, double sigma, double lo, double hi) {
  BODY(double)
}
// The call operator's pullback sends adjoints to the functor's members:
// CHECK-LABEL: {{^}}static void operator_call_pullback(const Gauss<double> *self, double t, double _d_return, Gauss<double> *d_self, double *d_t) {
// CHECK:       {{^}}    d_self->mu += -_r0;
// simpson is instantiated for Gauss<double>; the functor's shadow is d_f:
// CHECK-LABEL: {{^}}static void simpson_pullback(Gauss<double> f, double a, double b, int n, double _d_return, Gauss<double> *d_f, double *d_a, double *d_b) {
// CHECK:       {{^}}    operator_call_pullback(&f, a + i * h, (i % 2 ? 4 : 2) * _d_s, d_f, &_r1);
// CHECK-LABEL: {{^}}double model_grad(double mu, double sigma, double lo, double hi, double *d_mu, double *d_sigma, double *d_lo, double *d_hi) {
// CHECK:       {{^}}  simpson_pullback(g, lo, hi, 8, 1, &_d_g, &_d_lo, &_d_hi);
// CHECK-NEXT:  {{^}}  simpson_pullback(wide, lo, hi, 6, (double(0.5)), &_d_wide, &_d_lo, &_d_hi);
// wide was built from g's members:
// CHECK:       {{^}}  _d_g.mu += _d_wide.mu * (double(0.5));
// CHECK-NEXT:  {{^}}  _d_g.sigma += _d_wide.sigma * (double(2));

template <class T> T model_t(T mu, T sigma, T lo, T hi) {
  BODY(T)
}

int main() {
  const double pts[][4] = {
      {0.2, 1.0, -1.0, 1.5}, {-0.5, 0.7, -2.0, 0.3}, {1.1, 1.6, 0.0, 2.5}, {0.0, 0.4, -0.6, 0.9}};
  for (const auto &p : pts) {
    double x[4] = {p[0], p[1], p[2], p[3]}, d[4] = {};
    double v = model_grad(x[0], x[1], x[2], x[3], &d[0], &d[1], &d[2], &d[3]);
    ad_test::check("model value bit for bit", v == model(x[0], x[1], x[2], x[3]), 1, 0);
    for (int k = 0; k < 4; ++k) {
      fz::dual xd[4] = {x[0], x[1], x[2], x[3]};
      xd[k].d = 1;
      ad_test::check("model gradient vs forward mode", d[k],
                     model_t(xd[0], xd[1], xd[2], xd[3]).d, 1e-12);
      double xp[4] = {x[0], x[1], x[2], x[3]};
      ad_test::check("model gradient vs central differences", d[k],
                     ad_test::central_difference(
                         [&](double t) {
                           xp[k] = t;
                           return model(xp[0], xp[1], xp[2], xp[3]);
                         },
                         x[k]),
                     1e-6);
    }
  }
  return ad_test::report();
}
