// Powers and roots (contract §3): pow (both arguments active, or a constant
// exponent), sqrt, cbrt, hypot, on the interior of their domains (the kinks of
// pow are in math_minmax_abs.cpp). Closed formulas 1e-12, central diffs 1e-6.
// Reverse mode (forced: these functions have one active input, which
// otherwise gets forward mode), then forward mode, checked at run time.
// RUN: %adxx -O2 %s -o %t -fplugin-arg-ad-mode=reverse -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: FileCheck %s --input-file=%t.gen/math_pow_roots.ad.cpp
// RUN: %adxx -O2 %s -o %t.fwd -fplugin-arg-ad-emit=%t.fwd.gen
// RUN: %t.fwd

#include "ad_math_check.hpp"
#include <cmath>

[[ad::differentiate]] double p_pow(double x, double y) { return std::pow(x, y); }
// CHECK-LABEL: {{^}}double p_pow_grad(double x, double y, double *d_x, double *d_y) {
// CHECK-DAG:     {{^ +}}_d_x += ::ad::d::pow_dx(x, y)
// CHECK-DAG:     {{^ +}}_d_y += ::ad::d::pow_dy(x, y)

// A constant exponent: only d/dx is needed.
[[ad::differentiate]] double p_pow_const(double x) { return std::pow(x, 2.5); }
// CHECK-LABEL: {{^}}double p_pow_const_grad(double x, double *d_x) {
// CHECK-NOT:     pow_dy
// CHECK:         {{^ +}}_d_x += ::ad::d::pow_dx(x, 2.5)
// CHECK-NOT:     pow_dy
// CHECK:         {{^ +}}return _ret;

[[ad::differentiate]] double p_pow_neg(double x) { return std::pow(x, -1.5); }

// A constant base: only d/dy.
[[ad::differentiate]] double p_exp_base(double y) { return std::pow(3.5, y); }
// CHECK-LABEL: {{^}}double p_exp_base_grad(double y, double *d_y) {
// CHECK-NOT:     pow_dx
// CHECK:         {{^ +}}_d_y += ::ad::d::pow_dy(3.5, y)
// CHECK-NOT:     pow_dx
// CHECK:         {{^ +}}return _ret;

[[ad::differentiate]] double p_sqrt(double x) { return std::sqrt(x); }
// CHECK-LABEL: {{^}}double p_sqrt_grad(double x, double *d_x) {
// CHECK:         {{^ +}}_d_x += ::ad::d::sqrt(x)

[[ad::differentiate]] double p_cbrt(double x) { return std::cbrt(x); }
// CHECK-LABEL: {{^}}double p_cbrt_grad(double x, double *d_x) {
// CHECK:         {{^ +}}_d_x += ::ad::d::cbrt(x)

[[ad::differentiate]] double p_hypot(double x, double y) { return std::hypot(x, y); }
// CHECK-LABEL: {{^}}double p_hypot_grad(double x, double y, double *d_x, double *d_y) {
// CHECK-DAG:     {{^ +}}_d_x += ::ad::d::hypot_dx(x, y)
// CHECK-DAG:     {{^ +}}_d_y += ::ad::d::hypot_dy(x, y)

// x^x, and a norm written with sqrt next to the one written with hypot.
[[ad::differentiate]] double p_self(double x) { return std::pow(x, x); }

[[ad::differentiate]] double p_combo(double x, double y) {
  double r = std::sqrt(x * x + y * y) * std::hypot(y, 2 * x);
  r = std::pow(r, 1.0 / 3) - std::cbrt(x * y);
  return r;
}

int main() {
  using ad_math::grad1;
  using ad_math::grad2;
  typedef long double L;

  // d/dx x^y = y x^(y-1), d/dy x^y = x^y ln x (x > 0).
  grad2("pow", p_pow, p_pow_grad,
        [](L x, L y) { return y * std::exp((y - 1) * std::log(x)); },
        [](L x, L y) { return std::exp(y * std::log(x)) * std::log(x); },
        {{2, 3}, {0.5, 2.5}, {1, 7}, {3, -2}, {0.1, 0.3}, {10, 0}, {1.7, -0.4},
         {7.5, 1}});
  grad1("pow(x, 2.5)", p_pow_const, p_pow_const_grad,
        [](L x) { return 2.5L * x * std::sqrt(x); },
        {1e-3, 0.2, 1, 2, 9, 100});
  grad1("pow(x, -1.5)", p_pow_neg, p_pow_neg_grad,
        [](L x) { return -1.5L / (x * x * std::sqrt(x)); },
        {0.01, 0.2, 1, 2, 9, 100});
  grad1("pow(3.5, y)", p_exp_base, p_exp_base_grad,
        [](L y) { return std::exp(y * std::log(3.5L)) * std::log(3.5L); },
        {-4, -1, 0, 0.5, 3, 12});
  grad1("sqrt", p_sqrt, p_sqrt_grad, [](L x) { return 0.5L / std::sqrt(x); },
        {0.01, 0.25, 1, 2, 1e6});
  // cbrt' = x^(-2/3) / 3, also for negative x.
  grad1("cbrt", p_cbrt, p_cbrt_grad,
        [](L x) {
          L a = std::exp(-2 * std::log(std::fabs(x)) / 3);
          return a / 3;
        },
        {-27, -8, -0.5, -1e-3, 1e-3, 0.3, 1, 27, 1e6});
  grad2("hypot", p_hypot, p_hypot_grad,
        [](L x, L y) { return x / std::sqrt(x * x + y * y); },
        [](L x, L y) { return y / std::sqrt(x * x + y * y); },
        {{3, 4}, {-3, 4}, {1, 0}, {0, -2}, {0.01, 30}, {-5, -12}, {0.1, 0.2}});

  // (x^x)' = x^x (ln x + 1).
  grad1("pow(x, x)", p_self, p_self_grad,
        [](L x) { return std::exp(x * std::log(x)) * (std::log(x) + 1); },
        {0.1, 0.5, 1 / std::exp(1.0L), 1, 2, 4.5});

  // p_combo by hand: n = |(x, y)|, m = |(y, 2x)|, r = (n m)^(1/3) - (xy)^(1/3).
  auto combo_d = [](L x, L y, bool wrt_x) {
    L n = std::sqrt(x * x + y * y), dn = (wrt_x ? x : y) / n;
    L m = std::sqrt(y * y + 4 * x * x), dm = (wrt_x ? 4 * x : y) / m;
    L p = n * m, dp = dn * m + n * dm;
    L third = 1 / L(3);
    L q = x * y, dq = wrt_x ? y : x;
    // (xy)^(1/3) with the sign of xy (cbrt), derivative q^(-2/3) / 3.
    L dc = dq * std::exp(-2 * std::log(std::fabs(q)) / 3) / 3;
    return third * std::exp((third - 1) * std::log(p)) * dp - dc;
  };
  grad2("combo", p_combo, p_combo_grad,
        [&](L x, L y) { return combo_d(x, y, true); },
        [&](L x, L y) { return combo_d(x, y, false); },
        {{0.5, 0.25}, {-1, 2}, {3, -1.5}, {-4, -4.5}, {20, 0.1}});
  return ad_test::report();
}
