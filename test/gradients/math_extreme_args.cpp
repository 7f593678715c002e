// <cmath> derivatives at valid but extreme arguments, compared RELATIVELY
// (no absolute floor): tanh' for |x| >= 10, asinh'/acosh' at 1e200, atan2's
// partials at 1e-200 and 1e200, lgamma' far left of 0. "Up to rounding" (§2).
// RUN: %adxx -O2 %s -o %t -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: FileCheck %s --input-file=%t.gen/math_extreme_args.ad.cpp

#include "ad_math_check.hpp"
#include <cmath>

[[ad::differentiate]] double x_tanh(double x) { return std::tanh(x); }
// CHECK-LABEL: {{^}}double x_tanh_grad(double x, double *d_x) {
[[ad::differentiate]] double x_asinh(double x) { return std::asinh(x); }
[[ad::differentiate]] double x_acosh(double x) { return std::acosh(x); }
[[ad::differentiate]] double x_atan2(double y, double x) { return std::atan2(y, x); }
[[ad::differentiate]] double x_lgamma(double x) { return std::lgamma(x); }

typedef long double L;

// |got - want| <= tol |want|, with no absolute floor: tiny derivatives must be
// right relative to their own size.
static void rel(const char *what, double got, L want, double tol) {
  ++ad_test::checks;
  L err = std::fabs(got - want) / std::fabs(want);
  if (!(err <= tol)) {
    ++ad_test::failures;
    std::printf("FAIL %s: got %.17g, want %.17Lg (relative error %.3Lg > %.3g)\n",
                what, got, want, err, tol);
  }
}

int main() {
  char what[128];
  // tanh' = 1 / cosh^2 (1 - tanh^2 cancels: tanh(20) rounds to 1).
  for (double x : {-20.0, -10.0, 5.0, 10.0, 15.0, 20.0}) {
    double d = 0;
    double v = x_tanh_grad(x, &d);
    ad_test::check("tanh: value bit for bit", v == x_tanh(x), 1, 0);
    L c = std::cosh(L(x));
    std::snprintf(what, sizeof what, "tanh'(%g) relative", x);
    rel(what, d, 1 / (c * c), 1e-12);
  }
  // asinh'(x) = 1 / sqrt(x^2 + 1), acosh'(x) = 1 / sqrt(x^2 - 1): ~1/|x|
  // where x^2 overflows.
  for (double x : {1e10, 1e160, 1e200, 1e300}) {
    double d = 0;
    x_asinh_grad(x, &d);
    std::snprintf(what, sizeof what, "asinh'(%g) relative", x);
    rel(what, d, 1 / std::sqrt(L(x) * x + 1), 1e-12);
    d = 0;
    x_asinh_grad(-x, &d);
    std::snprintf(what, sizeof what, "asinh'(-%g) relative", x);
    rel(what, d, 1 / std::sqrt(L(x) * x + 1), 1e-12);
    d = 0;
    x_acosh_grad(x, &d);
    std::snprintf(what, sizeof what, "acosh'(%g) relative", x);
    rel(what, d, 1 / std::sqrt(L(x) * x - 1), 1e-12);
  }
  // atan2(y, x): d/dy = x / (x^2 + y^2), d/dx = -y / (x^2 + y^2); finite and
  // nonzero where x^2 + y^2 under- or overflows in double.
  for (double s : {1e-200, 1e-170, 1e170, 1e200}) {
    double y = s, x = 2 * s, dy = 0, dx = 0;
    double v = x_atan2_grad(y, x, &dy, &dx);
    ad_test::check("atan2: value bit for bit", v == x_atan2(y, x), 1, 0);
    L Y = y, X = x, r2 = X * X + Y * Y;
    std::snprintf(what, sizeof what, "atan2 d/dy at (%g, %g) relative", y, x);
    rel(what, dy, X / r2, 1e-12);
    std::snprintf(what, sizeof what, "atan2 d/dx at (%g, %g) relative", y, x);
    rel(what, dx, -Y / r2, 1e-12);
  }
  // lgamma' = psi far left of 0, where the reflection psi(1 - x) - pi cot(pi x)
  // needs pi x reduced exactly (psi is ~10 there, not small).
  for (double x : {-100.25, -1e4 + 0.25, -1e5 + 0.75, -1e6 + 0.25}) {
    double d = 0;
    double v = x_lgamma_grad(x, &d);
    ad_test::check("lgamma: value bit for bit", v == x_lgamma(x), 1, 0);
    std::snprintf(what, sizeof what, "lgamma'(%.2f) relative", x);
    rel(what, d, ad_math::psi(x), 1e-12);
  }
  return ad_test::report();
}
