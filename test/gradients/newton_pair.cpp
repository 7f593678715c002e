// Newton's method with helpers returning std::pair<T, T> (contract §3):
// g_and_dg returns g(x) and g'(x) as a pair built with a braced return,
// newton_step calls it and returns the new iterate and the residual with
// std::make_pair; the marked function runs a few iterations, reading the
// pair through .first/.second (structured bindings are refused for now:
// test/diagnostics), and
// differentiates through every iteration (no implicit-function shortcut:
// the derivative is that of the operations executed).
// Checked against forward mode (fz::dual on a templated copy), central
// differences and f's value.
// RUN: %adxx -O1 -Werror -I%ad_src/test/fuzz %s -o %t -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: FileCheck %s --input-file=%t.gen/newton_pair.ad.cpp

#include "ad_test.hpp"
#include "dual.hpp"
#include <cmath>
#include <utility>

// g(x) = x^3 + k x - c and its derivative.
template <class T> std::pair<T, T> g_and_dg(T x, T c, T k) {
  return {x * x * x + k * x - c, 3 * x * x + k};
}
template <class T> std::pair<T, T> newton_step(T x, T c, T k) {
  std::pair<T, T> gd = g_and_dg(x, c, k);
  T next = x - gd.first / gd.second;
  return std::make_pair(next, gd.first);
}

#define BODY(T)                                                                \
  T x = c / (1 + k);                                                           \
  T res = 0;                                                                   \
  for (int it = 0; it < 4; ++it) {                                             \
    std::pair<T, T> st = newton_step(x, c, k);                                 \
    x = st.first;                                                              \
    res += st.second * st.second;                                              \
  }                                                                            \
  auto last = g_and_dg(x, c, k);                                               \
  return x + T(10) * last.first / last.second + res;

[[ad::differentiate]]
double solve(double c, double k) {
  BODY(double)
}
// CHECK-LABEL: {{^}}double solve_grad(double c, double k, double *d_c, double *d_k) {

template <class T> T solve_t(T c, T k) {
  BODY(T)
}

int main() {
  const double pts[][2] = {{1.0, 1.0}, {2.5, 0.7}, {-0.8, 2.0}, {4.0, 3.5}, {0.3, 1.2}};
  for (const auto &p : pts) {
    double c = p[0], k = p[1], dc = 0, dk = 0;
    double v = solve_grad(c, k, &dc, &dk);
    ad_test::check("solve value bit for bit", v == solve(c, k), 1, 0);
    ad_test::check("solve d_c vs forward mode", dc, solve_t(fz::dual(c, 1), fz::dual(k)).d,
                   1e-12);
    ad_test::check("solve d_k vs forward mode", dk, solve_t(fz::dual(c), fz::dual(k, 1)).d,
                   1e-12);
    ad_test::check("solve d_c vs central differences", dc,
                   ad_test::central_difference([&](double t) { return solve(t, k); }, c), 1e-6);
    ad_test::check("solve d_k vs central differences", dk,
                   ad_test::central_difference([&](double t) { return solve(c, t); }, k), 1e-6);
  }
  return ad_test::report();
}
