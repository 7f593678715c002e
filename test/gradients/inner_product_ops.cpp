// std::inner_product with its two operations given as lambdas (a fold
// s = op(s, op2(a[k], b[k])), here a sum of squared terms and a product):
// the reverse sweep recomputes the partial folds and terms, then calls
// op's pullback and op2's pullback per element, last first. One lambda
// captures the marked function's parameter c by reference. Checked
// against forward mode (fz::dual on a templated copy), central differences
// and f's value.
// RUN: %adxx -O1 -Werror -I%ad_src/test/fuzz %s -o %t -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: FileCheck %s --input-file=%t.gen/inner_product_ops.ad.cpp

#include "ad_test.hpp"
#include "dual.hpp"
#include <cmath>
#include <numeric>
#include <vector>

#define BODY(T)                                                                \
  T s = std::inner_product(                                                    \
      x.begin(), x.end(), w.begin(), c, [](T a, T b) { return a + b * b; },    \
      [&](T a, T b) { return sin(a) * b + c * a; });                           \
  T m = std::inner_product(                                                    \
      x.begin(), x.end(), x.begin(), T(1.0), [](T a, T b) { return a * b; },   \
      [](T a, T b) { return 1.0 + a * b; });                                   \
  return s + m;

[[ad::differentiate("x", "w", "c")]]
double f(const std::vector<double> &x, const std::vector<double> &w, double c) {
  using std::sin;
  BODY(double)
}
// CHECK-LABEL: {{^}}double f_grad(
// CHECK:       {{^}}      _terms[_k] = lambda_1(*(x.begin() + _k), *(w.begin() + _k));
// CHECK-NEXT:  {{^}}      _folded[_k + 1] = lambda(_folded[_k], _terms[_k]);

template <class T> T f_t(const std::vector<T> &x, const std::vector<T> &w, T c) {
  using std::sin;
  BODY(T)
}

int main() {
  std::vector<double> x = {0.3, -0.5, 0.8, 1.1}, w = {1.2, 0.7, -0.4, 0.25};
  const double c = 0.9;
  double dx[4] = {}, dw[4] = {}, dc = 0;
  double v = f_grad(x, w, c, dx, dw, &dc);
  ad_test::check("f value bit for bit", v == f(x, w, c), 1, 0);
  std::vector<fz::dual> xd(x.begin(), x.end()), wd(w.begin(), w.end());
  for (int k = 0; k < 4; ++k) {
    xd[k].d = 1;
    ad_test::check("d_x vs forward mode", dx[k], f_t(xd, wd, fz::dual(c)).d, 1e-12);
    xd[k].d = 0;
    wd[k].d = 1;
    ad_test::check("d_w vs forward mode", dw[k], f_t(xd, wd, fz::dual(c)).d, 1e-12);
    wd[k].d = 0;
    auto xp = x, wp = w;
    ad_test::check("d_x vs central differences", dx[k],
                   ad_test::central_difference(
                       [&](double t) {
                         xp[k] = t;
                         return f(xp, w, c);
                       },
                       x[k]),
                   1e-6);
    ad_test::check("d_w vs central differences", dw[k],
                   ad_test::central_difference(
                       [&](double t) {
                         wp[k] = t;
                         return f(x, wp, c);
                       },
                       w[k]),
                   1e-6);
  }
  ad_test::check("d_c vs forward mode", dc, f_t(xd, wd, fz::dual(c, 1)).d, 1e-12);
  ad_test::check("d_c vs central differences", dc,
                 ad_test::central_difference([&](double t) { return f(x, w, t); }, c), 1e-6);
  return ad_test::report();
}
