// Lambdas held in local variables and called (contract §3, issue 11):
// captures by reference ([&], [&c]) and by value ([k], [=]); a generic
// lambda; a lambda called in a loop while what it captures changes between
// calls (the reverse sweep must see each call's values); a lambda calling a
// helper; a lambda inside a helper (its pullback then holds one too); a
// lambda of integers only (index arithmetic). Each lambda is defined once at
// the top of f_grad with its pullback, a lambda beside it.
// Checked against forward mode (fz::dual on a templated copy), central
// differences and f's value.
// RUN: %adxx -O1 -Werror -I%ad_src/test/fuzz %s -o %t -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: FileCheck %s --input-file=%t.gen/lambdas.ad.cpp

#include "ad_test.hpp"
#include "dual.hpp"
#include <cmath>

template <class T> T bump(T a) {
  using std::exp;
  return a * exp(-a * a);
}
template <class T> T helper_with_lambda(T a, T b) {
  auto mix = [&](T w) { return w * a + (1 - w) * b * b; };
  return mix(0.25) * mix(0.75);
}

#define BODY(T)                                                                \
  using std::sin;                                                              \
  auto f = [k](T t) { return k * t * t; };                                     \
  auto g = [&](T t, int n) {                                                   \
    T s = 0;                                                                   \
    for (int i = 0; i < n; ++i)                                                \
      s += sin(c * t + i);                                                     \
    return s;                                                                  \
  };                                                                           \
  auto at = [&](int i, int j) { return i * 2 + j; };                           \
  auto twice = [=](auto v) { return v + v * c; };                              \
  T grid[4] = {k, c, k * c, k - c};                                            \
  T r = 0, u = 0, w = k;                                                       \
  auto h = [&](T t) { return bump(t * w) + u; };                               \
  for (int i = 0; i < 3; ++i) {                                                \
    u = c * i;                                                                 \
    w = w * c;                                                                 \
    r += f(u) * g(T(0.5), i + 1) + h(k) * grid[at(i % 2, 1)];                  \
  }                                                                            \
  r += twice(k) + twice(2.0) * twice(c);                                       \
  return r + f(c) + f(T(2)) + helper_with_lambda(k, c);

[[ad::differentiate]]
double lambdas(double k, double c) {
  BODY(double)
}
// A lambda inside a helper: the helper's pullback holds the lambda and its pullback.
// CHECK-LABEL: {{^}}static void helper_with_lambda_pullback(double a, double b, double _d_return, double *d_a, double *d_b) {
// CHECK:       {{^}}  auto _d_mix = [&](double w, double _d_return_1, double *d_w) {
// The lambda as written, capturing by reference; its pullback beside it.
// CHECK-LABEL: {{^}}double lambdas_grad(double k, double c, double *d_k, double *d_c) {
// CHECK:       {{^}}  auto f = [&](double t) {
// CHECK-NEXT:  {{^}}    return k * t * t;
// CHECK-NEXT:  {{^}}  };
// CHECK:       {{^}}  auto _d_f = [&](double t, double _d_return, double *d_t) {
// CHECK:       {{^}}      _d_k += _r{{[0-9]+}} * t;
// A generic lambda's pullback takes its instantiation's types:
// CHECK:       {{^}}  auto _d_twice = [&](double v, double _d_return, double *d_v) {
// What h reads changes between calls: saved, and restored before each
// call of its pullback.
// CHECK:       {{^}}    _tape.push(w);
// CHECK:       {{^}}      _d_h(k, {{.*}}, &_d_k);

template <class T> T lambdas_t(T k, T c) {
  BODY(T)
}

int main() {
  const double pts[][2] = {{0.3, 0.7}, {-1.1, 0.4}, {1.4, -0.6}, {0.9, 1.2}};
  for (const auto &p : pts) {
    double k = p[0], c = p[1], dk = 0, dc = 0;
    double v = lambdas_grad(k, c, &dk, &dc);
    ad_test::check("value bit for bit", v == lambdas(k, c), 1, 0);
    ad_test::check("d_k vs forward mode", dk, lambdas_t(fz::dual(k, 1), fz::dual(c)).d, 1e-12);
    ad_test::check("d_c vs forward mode", dc, lambdas_t(fz::dual(k), fz::dual(c, 1)).d, 1e-12);
    ad_test::check("d_k vs central differences", dk,
                   ad_test::central_difference([&](double t) { return lambdas(t, c); }, k),
                   1e-6);
    ad_test::check("d_c vs central differences", dc,
                   ad_test::central_difference([&](double t) { return lambdas(k, t); }, c),
                   1e-6);
  }
  return ad_test::report();
}
