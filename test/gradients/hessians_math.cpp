// Second derivatives of every <cmath> function with a rule (issue 12):
// f_hvp differentiates f_jvp, whose partials call the runtime's
// ::ad::d:: helpers, which have rules of their own (MathRules.cpp's
// second table). Each Hessian against central differences of f_grad, with
// arguments that are sums (the rules parenthesize what they substitute: a
// fuzzer-found bug gave cbrt''(0.5 + x*x) as cbrt''(3 * 0.5 + x*x)).
// RUN: %adxx -O1 -Wall -Wextra -Werror %s -o %t
// RUN: %t

#include "ad_test.hpp"
#include <cmath>

#define UNARY(name, expr)                                                                  \
  [[ad::differentiate]] double name(double x) { return expr; }
UNARY(f_tan, std::tan(0.3 + x * 0.5))
UNARY(f_asin, std::asin(0.1 + x * 0.3))
UNARY(f_acos, std::acos(0.1 + x * 0.3))
UNARY(f_atan, std::atan(1.0 + x * x))
UNARY(f_tanh, std::tanh(0.2 + x))
UNARY(f_asinh, std::asinh(0.5 + x * x))
UNARY(f_acosh, std::acosh(1.5 + x * x))
UNARY(f_atanh, std::atanh(0.1 + x * 0.3))
UNARY(f_sqrt, std::sqrt(0.5 + x * x))
UNARY(f_cbrt, std::cbrt(0.5 + x * x))
UNARY(f_exp2, std::exp2(0.5 + x * x))
UNARY(f_log2, std::log2(0.5 + x * x))
UNARY(f_log10, std::log10(0.5 + x * x))
UNARY(f_erf, std::erf(0.2 + x))
UNARY(f_erfc, std::erfc(0.2 + x))
UNARY(f_fabs, std::fabs(x - 2) * (x + 1))

[[ad::differentiate]] double f_pow(double x, double y) { return std::pow(0.5 + x * x, 1.5 + y); }
[[ad::differentiate]] double f_negpow(double x, double y) { return std::pow(x, y); }
[[ad::differentiate]] double f_atan2(double x, double y) { return std::atan2(y + 0.1, x - y); }
[[ad::differentiate]] double f_hypot(double x, double y) { return std::hypot(x + y, x - 0.3); }
[[ad::differentiate]] double f_hypot3(double x, double y) {
  return std::hypot(x + y, x - 0.3, y * y);
}
[[ad::differentiate]] double f_minmax(double x, double y) {
  return std::fmin(x, y) * std::fmax(x * y, 0.2);
}

template <class Grad, class Hvp>
void check_unary(const char *name, Grad grad, Hvp hvp, double x) {
  double d = 0, hv = 0;
  hvp(x, &d, 1.0, &hv);
  auto g = [&](double v) {
    double dv = 0;
    grad(v, &dv);
    return dv;
  };
  ad_test::check(name, hv, ad_test::central_difference(g, x), 1e-6);
}

template <class Grad, class Hvp>
void check_binary(const char *name, Grad grad, Hvp hvp, double x, double y) {
  for (int c = 0; c < 2; ++c) {
    double dx = 0, dy = 0, hx = 0, hy = 0;
    hvp(x, y, &dx, &dy, c == 0 ? 1.0 : 0.0, c == 1 ? 1.0 : 0.0, &hx, &hy);
    for (int r = 0; r < 2; ++r) {
      auto g = [&](double v) {
        double gx = 0, gy = 0;
        grad(c == 0 ? v : x, c == 1 ? v : y, &gx, &gy);
        return r == 0 ? gx : gy;
      };
      ad_test::check(name, r == 0 ? hx : hy,
                     ad_test::central_difference(g, c == 0 ? x : y), 1e-6);
    }
  }
}

int main() {
  for (double x : {0.4, -0.7}) {
    check_unary("tan''", f_tan_grad, f_tan_hvp, x);
    check_unary("asin''", f_asin_grad, f_asin_hvp, x);
    check_unary("acos''", f_acos_grad, f_acos_hvp, x);
    check_unary("atan''", f_atan_grad, f_atan_hvp, x);
    check_unary("tanh''", f_tanh_grad, f_tanh_hvp, x);
    check_unary("asinh''", f_asinh_grad, f_asinh_hvp, x);
    check_unary("acosh''", f_acosh_grad, f_acosh_hvp, x);
    check_unary("atanh''", f_atanh_grad, f_atanh_hvp, x);
    check_unary("sqrt''", f_sqrt_grad, f_sqrt_hvp, x);
    check_unary("cbrt''", f_cbrt_grad, f_cbrt_hvp, x);
    check_unary("exp2''", f_exp2_grad, f_exp2_hvp, x);
    check_unary("log2''", f_log2_grad, f_log2_hvp, x);
    check_unary("log10''", f_log10_grad, f_log10_hvp, x);
    check_unary("erf''", f_erf_grad, f_erf_hvp, x);
    check_unary("erfc''", f_erfc_grad, f_erfc_hvp, x);
    check_unary("fabs'' (piecewise)", f_fabs_grad, f_fabs_hvp, x);
    check_binary("pow''", f_pow_grad, f_pow_hvp, x, 0.3);
    check_binary("atan2''", f_atan2_grad, f_atan2_hvp, x, 0.6);
    check_binary("hypot''", f_hypot_grad, f_hypot_hvp, x, 0.6);
    check_binary("hypot3''", f_hypot3_grad, f_hypot3_hvp, x, 0.6);
    check_binary("fmin/fmax'' (both branches over the points)", f_minmax_grad, f_minmax_hvp, x, 0.25);
  }
  // pow(x, y) at a negative base: d/dy is NaN, which must stay in the y
  // direction (a fuzzer-style hunt found f_jvp along x and Hxx NaN).
  {
    double t_ret = 0;
    f_pow_jvp(-1.2, 0.3, 1.0, 0.0, &t_ret); // d/dx (0.5 + x^2)^1.8: base > 0 here
    ad_test::check("pow jvp along x", t_ret, 1.8 * std::pow(1.94, 0.8) * 2 * -1.2, 1e-13);
    double dx = 0, dy = 0, hx = 0, hy = 0;
    f_negpow_hvp(-2.0, 3.0, &dx, &dy, 1.0, 0.0, &hx, &hy);
    ad_test::check("pow(-2, 3) d/dx", dx, 12, 1e-14);
    ad_test::check("pow(-2, 3) H_xx", hx, -12, 1e-13);
    double tn = 0;
    f_negpow_jvp(-2.0, 3.0, 1.0, 0.0, &tn);
    ad_test::check("pow(-2, 3) jvp along x", tn, 12, 1e-14);
  }
  // Hand-derived: erf''(u) = -2u erf'(u); pow: d2/dy2 (a^b) = a^b log(a)^2.
  double dx = 0, dy = 0, hx = 0, hy = 0;
  f_pow_hvp(0.4, 0.3, &dx, &dy, 0.0, 1.0, &hx, &hy);
  double a = 0.5 + 0.16, b = 1.8;
  ad_test::check("pow'' d2/dy2 vs hand", hy, std::pow(a, b) * std::log(a) * std::log(a), 1e-13);
  double d = 0, hv = 0;
  f_erf_hvp(0.4, &d, 1.0, &hv);
  ad_test::check("erf'' vs hand", hv, -2 * 0.6 * 2 / std::sqrt(M_PI) * std::exp(-0.36), 1e-13);
  return ad_test::report();
}
