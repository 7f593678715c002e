// Lambdas handed to function templates (contract §3, issue 11): Simpson's
// rule on a lambda written in the call, RK4 on std::array state with a
// named lambda right-hand side (returning the state, called from inside
// the integrator), a helper that hands its lambda on to another, a lambda
// called where it is written, and std::transform (unary, binary, in place)
// followed by std::inner_product. A pullback that takes a lambda is a
// template over the lambda's closure type and that of the lambda's pullback,
// which the caller passes as `d_f`.
// Checked against forward mode (fz::dual on templated copies) and central
// differences.
// RUN: %adxx -O1 -Werror -I%ad_src/test/fuzz %s -o %t -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: FileCheck %s --input-file=%t.gen/lambdas_passed.ad.cpp

#include "ad_test.hpp"
#include "dual.hpp"
#include <algorithm>
#include <array>
#include <cmath>
#include <numeric>
#include <vector>

template <class F, class T> T simpson(F f, T a, T b, int n) {
  T h = (b - a) / n, s = f(a) + f(b);
  for (int i = 1; i < n; ++i)
    s += f(a + i * h) * T(i % 2 ? 4 : 2);
  return s * h / 3;
}
template <class F, class T> T integrate(F f, T a, T b) { return simpson(f, a, b, 8); }

template <class F, class S> S rk4(F rhs, S y, double dt, int steps) {
  for (int k = 0; k < steps; ++k) {
    S k1 = rhs(y), y2 = y;
    for (std::size_t i = 0; i < y.size(); ++i)
      y2[i] = y[i] + 0.5 * dt * k1[i];
    S k2 = rhs(y2), y3 = y;
    for (std::size_t i = 0; i < y.size(); ++i)
      y3[i] = y[i] + 0.5 * dt * k2[i];
    S k3 = rhs(y3), y4 = y;
    for (std::size_t i = 0; i < y.size(); ++i)
      y4[i] = y[i] + dt * k3[i];
    S k4 = rhs(y4);
    for (std::size_t i = 0; i < y.size(); ++i)
      y[i] += dt / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
  }
  return y;
}

#define AREA(T)                                                                \
  using std::exp;                                                              \
  using std::sin;                                                              \
  T inner = integrate([&](T t) { return t * t * c; }, T(0), k);                \
  return simpson([&](T t) { return exp(-k * t) * sin(c * t); }, T(0), c, 10) + \
         inner + [&](T t) { return t * k; }(c);

[[ad::differentiate]]
double area(double k, double c) {
  AREA(double)
}
// CHECK-LABEL: {{^}}static void simpson_pullback(F f, double a, double b, int n, double _d_return, const D_F &d_f, double *d_b) {
// CHECK:       {{^}}    d_f(a + i * h, {{.*}}, &_r{{[0-9]+}});
// CHECK-LABEL: {{^}}double area_grad(double k, double c, double *d_k, double *d_c) {
// CHECK:       {{^}}  auto lambda = [&](double t) {
// CHECK:       {{^}}  simpson_pullback(lambda_1, double(0), c, 10, 1, _d_lambda_1, &_d_c);
// CHECK:       {{^}}  integrate_pullback(lambda, double(0), k, _d_inner, _d_lambda, &_d_k);

template <class T> T area_t(T k, T c) {
  AREA(T)
}

#define OSC(T)                                                                 \
  using State = std::array<T, 2>;                                              \
  auto rhs = [&](const State &y) { return State{y[1], -w * w * y[0] - damp * y[1]}; }; \
  State y = rk4(rhs, State{T(1), T(0)}, 0.1, 20);                              \
  return y[0] + 0.5 * y[1];

[[ad::differentiate]]
double oscillator(double w, double damp) {
  OSC(double)
}
// The state the integrator returns: its adjoint is the pullback's seed.
// CHECK-LABEL: {{^}}static void rk4_pullback(F rhs, std::array<double, 2> y, double dt, int steps, const std::array<double, 2> &_d_return, const D_F &d_rhs) {
// CHECK:       {{^}}    d_rhs(y4, _d_k4, _d_y4.data());

template <class T> T oscillator_t(T w, T damp) {
  OSC(T)
}

#define TRANSFORMED(T)                                                         \
  using std::tanh;                                                             \
  std::vector<T> y(x.size()), z(x.size());                                     \
  std::transform(x.begin(), x.end(), y.begin(), [&](T v) { return tanh(s * v); }); \
  std::transform(y.begin(), y.end(), x.begin(), z.begin(),                     \
                 [&](T a, T b) { return a * b + s; });                         \
  std::transform(z.begin(), z.end(), z.begin(), [](T v) { return v * v; });    \
  return std::inner_product(x.begin(), x.end(), z.begin(), T(0));

[[ad::differentiate]]
double transformed(const std::vector<double> &x, double s) {
  TRANSFORMED(double)
}
// In place: z's old values are put back, then each element's adjoint goes
// through the lambda's pullback.
// CHECK-LABEL: {{^}}double transformed_grad(
// CHECK:       {{^}}    ::ad::pop_range(_tape, z.begin(), (z.end() - z.begin()));
// CHECK-NEXT:  {{^}}    for (long [[K:_k[_0-9]*]] = (z.end() - z.begin()) - 1; [[K]] >= 0; --[[K]]) {
// CHECK-NEXT:  {{^}}      double [[S:_r[0-9]+]] = _d_z.data(){{\[}}[[K]]];
// CHECK-NEXT:  {{^}}      _d_z.data(){{\[}}[[K]]] = 0;
// CHECK-NEXT:  {{^}}      _d_lambda_2(*(z.begin() + [[K]]), [[S]], &_d_z.data(){{\[}}[[K]]]);

template <class T> T transformed_t(const std::vector<T> &x, T s) {
  TRANSFORMED(T)
}

// std::accumulate with a lambda (written in the call, and named): the
// partial results are computed again, then the adjoint runs back through
// the lambda's pullback.
#define FOLDED(T)                                                              \
  using std::sin;                                                              \
  T s = std::accumulate(x.begin(), x.end(), c,                                 \
                        [&](T acc, T v) { return acc * T(0.9) + sin(c * v); }); \
  auto sq = [](T a, T b) { return a + b * b; };                                \
  return s + std::accumulate(x.begin(), x.end(), T(0), sq);

[[ad::differentiate]]
double folded(const std::vector<double> &x, double c) {
  FOLDED(double)
}
// CHECK-LABEL: {{^}}double folded_grad(
// CHECK:       {{^}}        _d_sq(_folded_1[_k_1], *(x.begin() + _k_1), _r{{[0-9]+}}, &_r{{[0-9]+}}, &d_x[_k_1]);

template <class T> T folded_t(const std::vector<T> &x, T c) {
  FOLDED(T)
}

int main() {
  {
    std::vector<double> x{0.3, -0.5, 0.9, 1.4};
    std::vector<double> dx(4);
    double s = 0.8, ds = 0;
    double v = transformed_grad(x, s, dx.data(), &ds);
    ad_test::check("transformed value bit for bit", v == transformed(x, s), 1, 0);
    std::vector<fz::dual> xd(x.begin(), x.end());
    ad_test::check("transformed d_s vs forward mode", ds,
                   transformed_t(xd, fz::dual(s, 1)).d, 1e-12);
    for (int k = 0; k < 4; ++k) {
      std::vector<fz::dual> xk(x.begin(), x.end());
      xk[k].d = 1;
      ad_test::check("transformed d_x vs forward mode", dx[k],
                     transformed_t(xk, fz::dual(s)).d, 1e-12);
    }
    ad_test::check("transformed d_s vs central differences", ds,
                   ad_test::central_difference([&](double t) { return transformed(x, t); }, s),
                   1e-6);
    std::fill(dx.begin(), dx.end(), 0.0);
    double dc = 0;
    v = folded_grad(x, s, dx.data(), &dc);
    ad_test::check("folded value bit for bit", v == folded(x, s), 1, 0);
    ad_test::check("folded d_c vs forward mode", dc, folded_t(xd, fz::dual(s, 1)).d, 1e-12);
    for (int k = 0; k < 4; ++k) {
      std::vector<fz::dual> xk(x.begin(), x.end());
      xk[k].d = 1;
      ad_test::check("folded d_x vs forward mode", dx[k], folded_t(xk, fz::dual(s)).d, 1e-12);
    }
    ad_test::check("folded d_c vs central differences", dc,
                   ad_test::central_difference([&](double t) { return folded(x, t); }, s), 1e-6);
  }
  const double pts[][2] = {{0.7, 1.3}, {1.2, 0.4}, {0.3, 2.1}};
  for (const auto &p : pts) {
    double a = p[0], b = p[1], da = 0, db = 0;
    double v = area_grad(a, b, &da, &db);
    ad_test::check("area value bit for bit", v == area(a, b), 1, 0);
    ad_test::check("area d_k vs forward mode", da, area_t(fz::dual(a, 1), fz::dual(b)).d, 1e-12);
    ad_test::check("area d_c vs forward mode", db, area_t(fz::dual(a), fz::dual(b, 1)).d, 1e-12);
    ad_test::check("area d_k vs central differences", da,
                   ad_test::central_difference([&](double t) { return area(t, b); }, a), 1e-6);
    da = db = 0;
    v = oscillator_grad(a, b * 0.2, &da, &db);
    ad_test::check("oscillator value bit for bit", v == oscillator(a, b * 0.2), 1, 0);
    ad_test::check("oscillator d_w vs forward mode", da,
                   oscillator_t(fz::dual(a, 1), fz::dual(b * 0.2)).d, 1e-12);
    ad_test::check("oscillator d_damp vs forward mode", db,
                   oscillator_t(fz::dual(a), fz::dual(b * 0.2, 1)).d, 1e-12);
    ad_test::check("oscillator d_damp vs central differences", db,
                   ad_test::central_difference(
                       [&](double t) { return oscillator(a, t); }, b * 0.2),
                   1e-6);
  }
  return ad_test::report();
}
