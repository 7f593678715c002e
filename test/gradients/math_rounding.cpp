// floor ceil round trunc (contract §3): piecewise constant, derivative 0, while
// the rest of the expression around them still differentiates. Checked away
// from the jumps against closed formulas (1e-12) and central differences (1e-6).
// Reverse mode (forced: these functions have one active input, which
// otherwise gets forward mode), then forward mode, checked at run time.
// RUN: %adxx -O2 %s -o %t -fplugin-arg-ad-mode=reverse -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: FileCheck %s --input-file=%t.gen/math_rounding.ad.cpp
// RUN: %adxx -O2 %s -o %t.fwd -fplugin-arg-ad-emit=%t.fwd.gen
// RUN: %t.fwd

#include "ad_math_check.hpp"
#include <cmath>

// Alone: the derivative is exactly 0 (and f_grad still compiles).
[[ad::differentiate]] double r_floor(double x) { return std::floor(x); }
// CHECK-LABEL: {{^}}double r_floor_grad(double x, double *d_x) {
// CHECK:         {{^ +}}_ret = std::floor(x);
// CHECK-NOT:     {{^ +}}_d_x +=
// CHECK:         {{^ +}}*d_x += _d_x;
[[ad::differentiate]] double r_ceil(double x) { return std::ceil(x); }
[[ad::differentiate]] double r_round(double x) { return std::round(x); }
[[ad::differentiate]] double r_trunc(double x) { return std::trunc(x); }

// Multiplied by x: the rounded value is a constant factor.
[[ad::differentiate]] double r_floor_x(double x) { return std::floor(x) * x; }
// CHECK-LABEL: {{^}}double r_floor_x_grad(double x, double *d_x) {
// CHECK:         {{^ +}}_d_x += std::floor(x);
// CHECK-NEXT:    {{^ +}}*d_x += _d_x;

// The fractional part: x - trunc(x) has derivative 1.
[[ad::differentiate]] double r_frac(double x) { return x - std::trunc(x); }

// Rounding inside an expression and through a local.
[[ad::differentiate]] double r_mix(double x) {
  double k = std::round(3 * x) / 3;
  double c = std::ceil(x * x);
  return k * std::sin(x) + c * std::exp(x) + x * x;
}

// Two variables: y - floor(y) plus floor(x) y^2 plus ceil(x y) x.
[[ad::differentiate]] double r_two(double x, double y) {
  return y - std::floor(y) + std::floor(x) * y * y + std::ceil(x * y) * x;
}

int main() {
  using ad_math::grad1;
  using ad_math::grad2;
  typedef long double L;
  const std::initializer_list<long double> pts = {-2.7, -1.2, -0.4, 0.3,
                                                  0.8,  1.6,  2.45, 7.1};
  auto zero = [](L) { return L(0); };

  grad1("floor", r_floor, r_floor_grad, zero, pts);
  grad1("ceil", r_ceil, r_ceil_grad, zero, pts);
  grad1("round", r_round, r_round_grad, zero, pts);
  grad1("trunc", r_trunc, r_trunc_grad, zero, pts);
  // Even exactly at a jump, the derivative of the taken branch is 0.
  for (L x : {-2.0L, -0.5L, 0.0L, 0.5L, 1.0L, 3.0L}) {
    ad_math::Tol no_fd;
    no_fd.fd = 0;
    grad1("floor at a jump", r_floor, r_floor_grad, zero, {x}, no_fd);
    grad1("ceil at a jump", r_ceil, r_ceil_grad, zero, {x}, no_fd);
    grad1("round at a jump", r_round, r_round_grad, zero, {x}, no_fd);
    grad1("trunc at a jump", r_trunc, r_trunc_grad, zero, {x}, no_fd);
  }

  grad1("floor(x) x", r_floor_x, r_floor_x_grad,
        [](L x) { return std::floor(x); }, pts);
  grad1("x - trunc(x)", r_frac, r_frac_grad, [](L) { return L(1); }, pts);
  grad1("round(3x)/3 sin x + ceil(x^2) e^x + x^2", r_mix, r_mix_grad,
        [](L x) {
          return std::round(3 * x) / 3 * std::cos(x) +
                 std::ceil(x * x) * std::exp(x) + 2 * x;
        },
        {-2.7, -1.2, -0.4, 0.3, 0.8, 1.6, 2.45});
  grad2("y - floor y + floor(x) y^2 + ceil(xy) x", r_two, r_two_grad,
        [](L x, L y) { return std::ceil(x * y); },
        [](L x, L y) { return 1 + 2 * std::floor(x) * y; },
        {{0.3, 0.7}, {-1.2, 2.1}, {2.45, -0.9}, {-2.7, -1.3}});
  return ad_test::report();
}
