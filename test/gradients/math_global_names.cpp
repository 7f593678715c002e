// <cmath> functions called by their global names, <math.h> style (contract §3:
// "both std:: and global"): ::sin, ::exp, ::pow, ... qualified and unqualified,
// on double. Closed formulas 1e-12, central differences 1e-6, value bit for bit.
// Reverse mode (forced: these functions have one active input, which
// otherwise gets forward mode), then forward mode, checked at run time.
// The checks below read the pullbacks (split=never); the default (split
// records and lean pullbacks, docs/design.md "Split calls") must agree.
// RUN: %adxx -O2 %s -o %t -fplugin-arg-ad-mode=reverse -fplugin-arg-ad-split=never -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: %adxx -O2 %s -o %t.split -fplugin-arg-ad-mode=reverse
// RUN: %t.split
// RUN: FileCheck %s --input-file=%t.gen/math_global_names.ad.cpp
// RUN: %adxx -O2 %s -o %t.fwd -fplugin-arg-ad-emit=%t.fwd.gen
// RUN: %t.fwd

#include "ad_math_check.hpp"
#include <math.h>

[[ad::differentiate]] double g_sin(double x) { return ::sin(x); }
// CHECK-LABEL: {{^}}double g_sin_grad(double x, double *d_x) {
// CHECK:         {{^ +}}_d_x += std::cos(x)
[[ad::differentiate]] double g_exp(double x) { return ::exp(x); }
// CHECK-LABEL: {{^}}double g_exp_grad(double x, double *d_x) {
// CHECK:         {{^ +}}_d_x += std::exp(x)
[[ad::differentiate]] double g_pow(double x, double y) { return ::pow(x, y); }
// CHECK-LABEL: {{^}}double g_pow_grad(double x, double y, double *d_x, double *d_y) {
// CHECK-DAG:     {{^ +}}_d_x += ::ad::d::pow_dx(x, y)
// CHECK-DAG:     {{^ +}}_d_y += ::ad::d::pow_dy(x, y)
[[ad::differentiate]] double g_pow3(double x) { return ::pow(x, 3); }
[[ad::differentiate]] double g_lgamma(double x) { return ::lgamma(x); }
// CHECK-LABEL: {{^}}double g_lgamma_grad(double x, double *d_x) {
// CHECK:         {{^ +}}_d_x += ::ad::d::lgamma(x)

// Every other function of the list, qualified with :: ...
[[ad::differentiate]] double g_trig(double x) {
  return ::cos(x) + ::tan(x) + ::asin(x / 4) + ::acos(x / 4) + ::atan(x) +
         ::atan2(x, 2.0);
}
[[ad::differentiate]] double g_hyp(double x) {
  return ::sinh(x) + ::cosh(x) + ::tanh(x) + ::asinh(x) + ::acosh(x + 2) +
         ::atanh(x / 4);
}
// CHECK-LABEL: {{^}}double g_hyp_grad(double x, double *d_x) {
// CHECK-DAG:     {{^ +}}_d_x += std::cosh(x)
// CHECK-DAG:     {{^ +}}_d_x += std::sinh(x)
// CHECK-DAG:     {{^ +}}_d_x += ::ad::d::tanh(x)
// CHECK-DAG:     {{^ +}}_d_x += ::ad::d::asinh(x)
// CHECK-DAG:     {{^ +}}_d_x += ::ad::d::acosh(x + 2)
// CHECK-DAG:     {{^ +}}_d_x += ::ad::d::atanh(x / 4)
[[ad::differentiate]] double g_explog(double x) {
  return ::exp2(x) + ::expm1(x) + ::log(x) + ::log2(x) + ::log10(x) +
         ::log1p(x);
}
[[ad::differentiate]] double g_roots(double x) {
  return ::sqrt(x) + ::cbrt(x) + ::hypot(x, 2.0) + ::fabs(x - 1) +
         ::abs(x - 2) + ::fmin(x, 1.5) + ::fmax(x, 0.75) + ::fma(x, x, 1.0);
}
[[ad::differentiate]] double g_special(double x) {
  return ::erf(x) + ::erfc(x) + ::tgamma(x) + ::floor(x) * x + ::ceil(x) * x +
         ::round(x) * x + ::trunc(x) * x;
}

// ... and unqualified, as C code writes them.
[[ad::differentiate]] double g_unqualified(double x, double y) {
  double r = sin(x) * exp(y) + pow(x, y) + log(x * y) + sqrt(x + y);
  r += atan2(y, x) + hypot(x, y) + fmax(x, y) + tanh(x - y) + fabs(x - y);
  return r;
}

// A user's own sin in a namespace is user code (differentiated as such, v^2),
// next to the library's.
namespace user { inline double sin(double v) { return v * v; } }
[[ad::differentiate]] double g_namesake(double x) { return user::sin(x) + ::sin(x); }
// CHECK-LABEL: {{^}}double g_namesake_grad(double x, double *d_x) {
// CHECK:         {{^ +}}sin_pullback(x,
// CHECK:         {{^ +}}_d_x += std::cos(x)

typedef long double L;
const L ln2 = 0.693147180559945309417232121458176568L;
const L ln10 = 2.30258509299404568401799145468436421L;

int main() {
  using ad_math::grad1;
  using ad_math::grad2;

  grad1("::sin", g_sin, g_sin_grad, [](L x) { return std::cos(x); },
        {-2.5, -1, 0, 0.7, 3});
  grad1("::exp", g_exp, g_exp_grad, [](L x) { return std::exp(x); },
        {-5, -1, 0, 0.5, 3});
  grad2("::pow", g_pow, g_pow_grad,
        [](L x, L y) { return y * std::exp((y - 1) * std::log(x)); },
        [](L x, L y) { return std::exp(y * std::log(x)) * std::log(x); },
        {{2, 3}, {0.5, 2.5}, {3, -2}, {1.7, -0.4}});
  grad1("::pow(x, 3)", g_pow3, g_pow3_grad, [](L x) { return 3 * x * x; },
        {-2, -0.5, 0.3, 1, 4});
  grad1("::lgamma", g_lgamma, g_lgamma_grad, [](L x) { return ad_math::psi(x); },
        {0.25, 0.5, 2, 4.75, -0.5, -2.5});

  grad1("::cos ... ::atan2", g_trig, g_trig_grad,
        [](L x) {
          L t = std::tan(x);
          return -std::sin(x) + 1 + t * t + 1 / std::sqrt(16 - x * x) -
                 1 / std::sqrt(16 - x * x) + 1 / (1 + x * x) + 2 / (4 + x * x);
        },
        {-1.2, -0.5, 0, 0.3, 1});
  grad1("::sinh ... ::atanh", g_hyp, g_hyp_grad,
        [](L x) {
          L c = std::cosh(x);
          return c + std::sinh(x) + 1 / (c * c) + 1 / std::sqrt(1 + x * x) +
                 1 / std::sqrt((x + 1) * (x + 3)) + 4 / ((4 - x) * (4 + x));
        },
        {-0.5, 0, 0.3, 1, 2});
  grad1("::exp2 ... ::log1p", g_explog, g_explog_grad,
        [](L x) {
          return std::exp(x * ln2) * ln2 + std::exp(x) + 1 / x + 1 / (x * ln2) +
                 1 / (x * ln10) + 1 / (1 + x);
        },
        {0.1, 0.5, 1, 2.5, 10});
  grad1("::sqrt ... ::fma", g_roots, g_roots_grad,
        [](L x) {
          return 1 / (2 * std::sqrt(x)) + std::exp(-2 * std::log(x) / 3) / 3 +
                 x / std::sqrt(x * x + 4) + (x > 1 ? 1 : -1) + (x > 2 ? 1 : -1) +
                 (x <= 1.5) + (x >= 0.75) + 2 * x;
        },
        {0.3, 0.9, 1.2, 1.7, 2.5});
  grad1("::erf ... ::trunc", g_special, g_special_grad,
        [](L x) {
          return std::tgamma(x) * ad_math::psi(x) + std::floor(x) + std::ceil(x) +
                 std::round(x) + std::trunc(x);  // erf' + erfc' = 0
        },
        {0.25, 0.75, 2.25, 4.75, -0.25, -1.75});

  // sin(x) e^y + x^y + log(xy) + sqrt(x + y) + atan2(y, x) + |(x, y)| + fmax(x, y)
  // + tanh(x - y) + |x - y|, for x, y > 0.
  grad2("unqualified", g_unqualified, g_unqualified_grad,
        [](L x, L y) {
          L r2 = x * x + y * y, t = std::tanh(x - y);
          return std::cos(x) * std::exp(y) + y * std::exp((y - 1) * std::log(x)) +
                 1 / x + 1 / (2 * std::sqrt(x + y)) - y / r2 + x / std::sqrt(r2) +
                 (x >= y) + (1 - t * t) + (x > y ? 1 : -1);
        },
        [](L x, L y) {
          L r2 = x * x + y * y, t = std::tanh(x - y);
          return std::sin(x) * std::exp(y) +
                 std::exp(y * std::log(x)) * std::log(x) + 1 / y +
                 1 / (2 * std::sqrt(x + y)) + x / r2 + y / std::sqrt(r2) + (y > x) -
                 (1 - t * t) - (x > y ? 1 : -1);
        },
        {{0.5, 2}, {2, 0.5}, {1.5, 3}, {3.5, 0.25}});
  grad1("user::sin(x) + ::sin(x)", g_namesake, g_namesake_grad,
        [](L x) { return 2 * x + std::cos(x); }, {-2, -0.5, 0, 1, 3});
  return ad_test::report();
}
