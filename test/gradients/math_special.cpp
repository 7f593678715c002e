// erf erfc tgamma lgamma (contract §3). psi in tgamma' = Gamma psi and lgamma' =
// psi comes from closed forms (ad_math::psi), not a series. Closed formulas
// 1e-12, central differences 1e-6, value bit for bit.
// Reverse mode (forced: these functions have one active input, which
// otherwise gets forward mode), then forward mode, checked at run time.
// RUN: %adxx -O2 %s -o %t -fplugin-arg-ad-mode=reverse -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: FileCheck %s --input-file=%t.gen/math_special.ad.cpp
// RUN: %adxx -O2 %s -o %t.fwd -fplugin-arg-ad-emit=%t.fwd.gen
// RUN: %t.fwd

#include "ad_math_check.hpp"
#include <cmath>

[[ad::differentiate]] double s_erf(double x) { return std::erf(x); }
// CHECK-LABEL: {{^}}double s_erf_grad(double x, double *d_x) {
// CHECK:         {{^ +}}_d_x += ::ad::d::erf(x)

[[ad::differentiate]] double s_erfc(double x) { return std::erfc(x); }
// CHECK-LABEL: {{^}}double s_erfc_grad(double x, double *d_x) {
// CHECK:         {{^ +}}_d_x += ::ad::d::erfc(x)

[[ad::differentiate]] double s_tgamma(double x) { return std::tgamma(x); }
// CHECK-LABEL: {{^}}double s_tgamma_grad(double x, double *d_x) {
// CHECK:         {{^ +}}_d_x += ::ad::d::tgamma(x)

[[ad::differentiate]] double s_lgamma(double x) { return std::lgamma(x); }
// CHECK-LABEL: {{^}}double s_lgamma_grad(double x, double *d_x) {
// CHECK:         {{^ +}}_d_x += ::ad::d::lgamma(x)

// log B(x, y) = lgamma(x) + lgamma(y) - lgamma(x + y).
[[ad::differentiate]] double s_logbeta(double x, double y) {
  return std::lgamma(x) + std::lgamma(y) - std::lgamma(x + y);
}

// A mix: erf(x) erfc(x) + lgamma(x^2 + 1).
[[ad::differentiate]] double s_mix(double x) {
  double e = std::erf(x) * std::erfc(x);
  return e + std::lgamma(x * x + 1);
}

typedef long double L;
using ad_math::psi;
const L pi = 3.14159265358979323846264338327950288L;

int main() {
  using ad_math::grad1;
  using ad_math::grad2;
  const L two_over_sqrt_pi = 2 / std::sqrt(pi);

  grad1("erf", s_erf, s_erf_grad,
        [&](L x) { return two_over_sqrt_pi * std::exp(-x * x); },
        {-4, -1.5, -0.2, 0, 0.5, 1, 2.5, 6});
  grad1("erfc", s_erfc, s_erfc_grad,
        [&](L x) { return -two_over_sqrt_pi * std::exp(-x * x); },
        {-4, -1.5, -0.2, 0, 0.5, 1, 2.5, 6, 12});

  // Points in both signs, between the poles of Gamma, with psi in closed form.
  // (1.5 is close to psi's zero at 1.4616: psi(1.5) = 0.0365.)
  const L points[] = {0.25L,  1 / L(3), 0.5L,  2 / L(3), 0.75L, 1,     1.5L,
                      2,      3.25L,    4.5L,  5,        7.75L, 10.5L, 30.5L,
                      -0.5L,  -0.25L,   -0.75L, -1.5L,   -2.5L, -3.25L, -5.5L};
  for (L x : points) {
    grad1("lgamma", s_lgamma, s_lgamma_grad, [](L x) { return psi(x); }, {x});
    grad1("tgamma", s_tgamma, s_tgamma_grad,
          [](L x) { return std::tgamma(x) * psi(x); }, {x});
  }

  // d/dx log B(x, y) = psi(x) - psi(x + y).
  grad2("log beta", s_logbeta, s_logbeta_grad,
        [](L x, L y) { return psi(x) - psi(x + y); },
        [](L x, L y) { return psi(y) - psi(x + y); },
        {{0.5, 0.5}, {1.5, 2}, {0.25, 0.5}, {3, 4}, {1 / L(3), 1 / L(3)},
         {10.5, 0.25}, {-0.5, 2}});

  // erf' erfc + erf erfc' + 2x psi(x^2 + 1).
  grad1("erf(x) erfc(x) + lgamma(x^2 + 1)", s_mix, s_mix_grad,
        [&](L x) {
          L g = two_over_sqrt_pi * std::exp(-x * x);
          return g * std::erfc(x) - std::erf(x) * g + 2 * x * psi(x * x + 1);
        },
        {-2, -1, -0.5, 0, 0.5, 1, 2, 3.5});
  return ad_test::report();
}
