// Generic lambdas (`auto t`) handed to functions (contract §3, issue 11):
// the callee may call any instantiation of the call operator, so the
// caller hands along the pullback of each instantiation the program has —
// one lambda for one, an `::ad::overloaded` set of them for several
// (a helper calling it with a double and with a float). Also a generic
// lambda in std::accumulate and std::transform, and one taking
// `const auto &`. Checked against forward mode (fz::dual on templated
// copies) and central differences.
// RUN: %adxx -O1 -Wall -Werror -I%ad_src/test/fuzz %s -o %t -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: FileCheck %s --input-file=%t.gen/lambdas_generic.ad.cpp

#include "ad_test.hpp"
#include "dual.hpp"
#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

template <class F, class T> T simpson(F f, T a, T b, int n) {
  T h = (b - a) / n, s = f(a) + f(b);
  for (int i = 1; i < n; ++i)
    s += f(a + i * h) * T(i % 2 ? 4 : 2);
  return s * h / 3;
}

#define BELL(T)                                                                \
  using std::exp;                                                              \
  auto g = [k, &c](auto t) { return exp(-k * t * t) * c; };                    \
  return simpson(g, T(0), c, 10);

[[ad::differentiate]]
double bell(double k, double c) {
  BELL(double)
}
// One instantiation: its pullback is handed on as it is.
// CHECK-LABEL: {{^}}double bell_grad(double k, double c, double *d_k, double *d_c) {
// CHECK:       {{^}}  auto g = [&](auto t) {
// CHECK:       {{^}}  auto _d_g = [&](double t, double _d_return, double *d_t) {
// CHECK:       {{^}}  simpson_pullback(g, double(0), c, 10, 1, _d_g, &_d_c);

template <class T> T bell_t(T k, T c) {
  BELL(T)
}

// Called with a double and with a float: both pullbacks, as one overload set.
template <class F> double both_precisions(F f, double x) {
  float xf = static_cast<float>(x);
  return f(x) + static_cast<double>(f(xf));
}

[[ad::differentiate]]
double mixed(double k, double x) {
  auto sq = [&](auto t) { return k * t * t; };
  return both_precisions(sq, x);
}
// CHECK-LABEL: {{^}}double mixed_grad(double k, double x, double *d_k, double *d_x) {
// CHECK-DAG:   {{^}}  auto [[D0:_d_sq[_0-9]*]] = [&](double t, double _d_return, double *d_t) {
// CHECK-DAG:   {{^}}  auto [[D1:_d_sq[_0-9]*]] = [&](float t, double _d_return, float *d_t) {
// CHECK:       {{^}}  auto [[ALL:_d_sq[_0-9]*]] = ::ad::overloaded{{[{]}}[[D0]], [[D1]]};
// CHECK:       {{^}}  both_precisions_pullback(sq, x, 1, [[ALL]], &_d_x);

#define FOLDS(T)                                                               \
  using std::sin;                                                              \
  std::vector<T> y(x.size());                                                  \
  std::transform(x.begin(), x.end(), y.begin(), [&](const auto &v) { return sin(s * v); }); \
  auto step = [&](auto acc, auto v) { return acc * s + v * v; };               \
  return std::accumulate(y.begin(), y.end(), T(0), step);

[[ad::differentiate]]
double folds(const std::vector<double> &x, double s) {
  FOLDS(double)
}

template <class T> T folds_t(const std::vector<T> &x, T s) {
  FOLDS(T)
}

int main() {
  const double pts[][2] = {{0.7, 1.3}, {1.2, 0.4}, {0.3, 2.1}};
  for (const auto &p : pts) {
    double a = p[0], b = p[1], da = 0, db = 0;
    double v = bell_grad(a, b, &da, &db);
    ad_test::check("bell value bit for bit", v == bell(a, b), 1, 0);
    ad_test::check("bell d_k vs forward mode", da, bell_t(fz::dual(a, 1), fz::dual(b)).d, 1e-12);
    ad_test::check("bell d_c vs forward mode", db, bell_t(fz::dual(a), fz::dual(b, 1)).d, 1e-12);
    ad_test::check("bell d_k vs central differences", da,
                   ad_test::central_difference([&](double t) { return bell(t, b); }, a), 1e-6);
    ad_test::check("bell d_c vs central differences", db,
                   ad_test::central_difference([&](double t) { return bell(a, t); }, b), 1e-6);
    // mixed(k, x) = k x^2 + k float(x)^2: hand-derived.
    da = db = 0;
    v = mixed_grad(a, b, &da, &db);
    ad_test::check("mixed value bit for bit", v == mixed(a, b), 1, 0);
    float bf = static_cast<float>(b);
    ad_test::check("mixed d_k vs hand", da, b * b + static_cast<double>(bf * bf), 1e-7);
    ad_test::check("mixed d_x vs hand", db, 2 * a * b + static_cast<double>(2 * static_cast<float>(a) * bf), 1e-7);
    // A wide step: the float half rounds x to 1e-7 relative; quadratic in x,
    // so the step adds no truncation error.
    ad_test::check("mixed d_x vs central differences", db,
                   ad_test::central_difference([&](double t) { return mixed(a, t); }, b, 1e-2),
                   1e-4);
  }
  std::vector<double> x{0.3, -0.5, 0.9, 1.4}, dx(4);
  double s = 0.8, ds = 0;
  double v = folds_grad(x, s, dx.data(), &ds);
  ad_test::check("folds value bit for bit", v == folds(x, s), 1, 0);
  std::vector<fz::dual> xd(x.begin(), x.end());
  ad_test::check("folds d_s vs forward mode", ds, folds_t(xd, fz::dual(s, 1)).d, 1e-12);
  for (int k = 0; k < 4; ++k) {
    std::vector<fz::dual> xk(x.begin(), x.end());
    xk[k].d = 1;
    ad_test::check("folds d_x vs forward mode", dx[k], folds_t(xk, fz::dual(s)).d, 1e-12);
  }
  ad_test::check("folds d_s vs central differences", ds,
                 ad_test::central_difference([&](double t) { return folds(x, t); }, s), 1e-6);
  return ad_test::report();
}
