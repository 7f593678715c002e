// <cmath> calls with mixed argument types (§3): std::pow(x, 3), std::pow(2, x),
// std::fmax(x, 0.5), std::atan2(1, x), std::hypot(x, 2), an int exponent
// parameter, float/double/long double mixes. Closed formulas, central diffs.
// Reverse mode (forced: these functions have one active input, which
// otherwise gets forward mode), then forward mode, checked at run time.
// RUN: %adxx -O2 %s -o %t -fplugin-arg-ad-mode=reverse -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: FileCheck %s --input-file=%t.gen/math_mixed_args.ad.cpp
// RUN: %adxx -O2 %s -o %t.fwd -fplugin-arg-ad-emit=%t.fwd.gen
// RUN: %t.fwd

#include "ad_math_check.hpp"
#include <cmath>
#include <math.h>

[[ad::differentiate]] double x_pow_x3(double x) { return std::pow(x, 3); }
// CHECK-LABEL: {{^}}double x_pow_x3_grad(double x, double *d_x) {
// CHECK:         {{^ +}}_d_x += ::ad::d::pow_dx(x, 3)
[[ad::differentiate]] double x_pow_2x(double x) { return std::pow(2, x); }
// CHECK-LABEL: {{^}}double x_pow_2x_grad(double x, double *d_x) {
// CHECK:         {{^ +}}_d_x += ::ad::d::pow_dy(2, x)
[[ad::differentiate]] double x_pow_xhalf(double x) { return std::pow(x, 0.5f); }
[[ad::differentiate]] double x_fmax_x05(double x) { return std::fmax(x, 0.5); }
[[ad::differentiate]] double x_fmax_x1(double x) { return std::fmax(x, 1); }
// CHECK-LABEL: {{^}}double x_fmax_x1_grad(double x, double *d_x) {
// CHECK:         {{^ +}}_d_x += ::ad::d::fmax_dx(x, 1)
[[ad::differentiate]] double x_fmin_2x(double x) { return std::fmin(2, x); }
[[ad::differentiate]] double x_atan2_1x(double x) { return std::atan2(1, x); }
// CHECK-LABEL: {{^}}double x_atan2_1x_grad(double x, double *d_x) {
// CHECK:         {{^ +}}_d_x += ::ad::d::atan2_dx(1, x)
[[ad::differentiate]] double x_atan2_x2(double x) { return std::atan2(x, 2); }
[[ad::differentiate]] double x_hypot_x2(double x) { return std::hypot(x, 2); }
// CHECK-LABEL: {{^}}double x_hypot_x2_grad(double x, double *d_x) {
// CHECK:         {{^ +}}_d_x += ::ad::d::hypot_dx(x, 2)
[[ad::differentiate]] double x_hypot_3x(double x) { return std::hypot(3, x); }
[[ad::differentiate]] double x_fma_x21(double x) { return std::fma(x, 2, 1); }
[[ad::differentiate]] double x_fma_3xx(double x) { return std::fma(3, x, x); }
// Integer expressions inside the argument: exp(n x) and log(2 x), 2 an int.
[[ad::differentiate]] double x_int_inside(double x) {
  int n = 3;
  return std::exp(n * x) + std::log(2 * x) + std::sqrt(2) * x;
}

// An inactive int parameter as the exponent.
[[ad::differentiate]] double x_pow_n(double x, int n) { return std::pow(x, n); }
// CHECK-LABEL: {{^}}double x_pow_n_grad(double x, int n, double *d_x) {
// CHECK:         {{^ +}}_d_x += ::ad::d::pow_dx(x, n)

// float and double parameters together: the calls compute in double.
[[ad::differentiate]] double x_float_double(float a, double b) {
  return std::pow(a, b) + std::atan2(a, b) + std::fmax(a, b) + std::hypot(a, b) +
         std::fmin(b, a) + std::fma(a, b, a);
}
// CHECK-LABEL: {{^}}double x_float_double_grad(float a, double b, float *d_a, double *d_b) {

// A float function calling pow with int and double arguments (double result).
[[ad::differentiate]] float x_float_pow(float x) {
  return std::pow(x, 2) + std::pow(x, 1.5) + std::pow(2.0, x);
}

// long double with int and double constants: stays long double.
[[ad::differentiate]] long double x_long(long double x) {
  return std::pow(x, 3) + std::pow(2, x) + std::hypot(x, 2) + std::atan2(1.0, x) +
         std::fmax(x, 1);
}
// CHECK-LABEL: {{^}}long double x_long_grad(long double x, long double *d_x) {

// A C name with a wider argument: sinf(x) rounds x to float.
[[ad::differentiate]] double x_sinf_double(double x) { return sinf(x) * x; }

// Two variables with constants everywhere.
[[ad::differentiate]] double x_two(double x, double y) {
  return std::pow(x, 2) * y + std::pow(3, y) * x + std::hypot(x, 1) * std::fmin(y, 1) +
         std::atan2(2, x * y);
}

typedef long double L;

int main() {
  using ad_math::grad1;
  using ad_math::grad2;
  const L ln2 = 0.693147180559945309417232121458176568L;
  const L ln3 = 1.09861228866810969139524523692252571L;

  grad1("pow(x, 3)", x_pow_x3, x_pow_x3_grad, [](L x) { return 3 * x * x; },
        {-2, -0.5, 0.3, 1, 4});
  grad1("pow(2, x)", x_pow_2x, x_pow_2x_grad,
        [&](L x) { return std::exp(x * ln2) * ln2; }, {-3, -0.5, 0, 1.5, 10});
  grad1("pow(x, 0.5f)", x_pow_xhalf, x_pow_xhalf_grad,
        [](L x) { return 1 / (2 * std::sqrt(x)); }, {0.01, 0.5, 2, 100});
  grad1("fmax(x, 0.5)", x_fmax_x05, x_fmax_x05_grad,
        [](L x) { return L(x >= 0.5); }, {-1, 0.2, 0.7, 3});
  grad1("fmax(x, 1)", x_fmax_x1, x_fmax_x1_grad,
        [](L x) { return L(x >= 1); }, {-1, 0.2, 1.7, 3});
  grad1("fmin(2, x)", x_fmin_2x, x_fmin_2x_grad,
        [](L x) { return L(x < 2); }, {-1, 0.2, 1.7, 3});
  grad1("atan2(1, x)", x_atan2_1x, x_atan2_1x_grad,
        [](L x) { return -1 / (1 + x * x); }, {-3, -0.5, 0, 0.5, 4});
  grad1("atan2(x, 2)", x_atan2_x2, x_atan2_x2_grad,
        [](L x) { return 2 / (4 + x * x); }, {-3, -0.5, 0, 0.5, 4});
  grad1("hypot(x, 2)", x_hypot_x2, x_hypot_x2_grad,
        [](L x) { return x / std::sqrt(x * x + 4); }, {-3, -0.5, 0, 0.5, 4});
  grad1("hypot(3, x)", x_hypot_3x, x_hypot_3x_grad,
        [](L x) { return x / std::sqrt(x * x + 9); }, {-3, -0.5, 0, 0.5, 4});
  grad1("fma(x, 2, 1)", x_fma_x21, x_fma_x21_grad, [](L) { return L(2); },
        {-3, 0, 4});
  grad1("fma(3, x, x)", x_fma_3xx, x_fma_3xx_grad, [](L) { return L(4); },
        {-3, 0, 4});
  grad1("exp(3x) + log(2x) + sqrt(2) x", x_int_inside, x_int_inside_grad,
        [](L x) { return 3 * std::exp(3 * x) + 1 / x + std::sqrt(L(2)); },
        {0.1, 0.5, 1, 2.5});

  // pow(x, n) for an int n, including 0 and negative n and negative x.
  for (int n : {-3, -1, 0, 1, 2, 5})
    for (double x : {-1.5, -0.5, 0.25, 1.0, 2.0}) {
      double d = 0;
      double v = x_pow_n_grad(x, n, &d);
      ad_test::check("pow(x, n): value bit for bit", v == x_pow_n(x, n), 1, 0);
      L want = n == 0 ? 0 : n * std::pow(L(x), n - 1);
      ad_test::check("pow(x, n): d/dx vs n x^(n-1)", d, want, 1e-12);
      auto f = [n](double t) { return x_pow_n(t, n); };
      ad_test::check("pow(x, n): d/dx vs central differences", d,
                     ad_test::central_difference(f, x), 1e-6);
    }

  // x_float_double: a float, b double, a, b > 0 and a != b.
  for (auto p : {std::pair<float, double>{0.5f, 2.0}, {2.25f, 0.75}, {1.5f, 3.5}}) {
    float a = p.first, da = 0;
    double b = p.second, db = 0;
    double v = x_float_double_grad(a, b, &da, &db);
    ad_test::check("float/double: value bit for bit", v == x_float_double(a, b), 1, 0);
    L A = a, B = b, r2 = A * A + B * B;
    L want_a = B * std::pow(A, B - 1) + B / r2 + (A >= B) + A / std::sqrt(r2) +
               (A < B) + B + 1;
    L want_b = std::pow(A, B) * std::log(A) - A / r2 + (B > A) + B / std::sqrt(r2) +
               (B <= A) + A;
    // d_a is a float: float rounding of a double derivative.
    ad_test::check("float/double: d/da", da, want_a, 1e-7);
    ad_test::check("float/double: d/db", db, want_b, 1e-12);
  }

  // x_float_pow: the double-valued pow calls, rounded to a float result.
  ad_math::Tol ftol;
  ftol.formula = 1e-6;
  ftol.fd = 2e-3;
  grad1("float: pow(x, 2) + pow(x, 1.5) + pow(2.0, x)", x_float_pow, x_float_pow_grad,
        [&](L x) { return 2 * x + 1.5L * std::sqrt(x) + std::exp(x * ln2) * ln2; },
        {0.3, 1, 2.5, 7}, ftol, 1e-3f);

  // long double: 1e-17 (a double computation would be off by ~1e-16).
  ad_math::Tol ltol;
  ltol.formula = 1e-17;
  const L third = 1 / L(3);
  grad1("long double: pow(x, 3) + pow(2, x) + hypot(x, 2) + atan2(1.0, x) + fmax(x, 1)",
        x_long, x_long_grad,
        [&](L x) {
          return 3 * x * x + std::exp(x * ln2) * ln2 + x / std::sqrt(x * x + 4) -
                 1 / (1 + x * x) + (x >= 1);
        },
        {-2 - third, -third, third, 1 + third, 5 + third}, ltol, L(1e-6));

  // sinf(x) x for a double x: sinf works on float(x), so the reference is
  // cos(float(x)) x + sinf(x), to float accuracy.
  ad_math::Tol stol;
  stol.formula = 1e-6;
  stol.fd = 0;  // sinf(x) is a step function at double resolution
  grad1("sinf(double x) x", x_sinf_double, x_sinf_double_grad,
        [](L x) { float xf = float(x); return std::cos(L(xf)) * x + sinf(xf); },
        {-2, -0.3, 0.7, 1.9}, stol);

  grad2("two variables", x_two, x_two_grad,
        [&](L x, L y) {
          L u = x * y;
          return 2 * x * y + std::exp(y * ln3) + x / std::sqrt(x * x + 1) * std::fmin(y, L(1)) -
                 2 * y / (4 + u * u);
        },
        [&](L x, L y) {
          L u = x * y;
          return x * x + x * std::exp(y * ln3) * ln3 + std::sqrt(x * x + 1) * (y < 1) -
                 2 * x / (4 + u * u);
        },
        {{0.5, 0.25}, {-1, 2}, {3, -1.5}, {-2, -0.5}, {1.5, 3}});
  return ad_test::report();
}
