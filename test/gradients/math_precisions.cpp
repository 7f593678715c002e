// Every §3 function on float and long double: std:: overloads, C names (sinf,
// sinl, ...) and <math.h> globals. long double must really be long double:
// 1e-17 vs closed formulas (double is off by ~1e-16), and inputs double can't hold.
// Reverse mode (forced: these functions have one active input, which
// otherwise gets forward mode), then forward mode, checked at run time.
// RUN: %adxx -O2 %s -o %t -fplugin-arg-ad-mode=reverse -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: FileCheck %s --input-file=%t.gen/math_precisions.ad.cpp
// RUN: %adxx -O2 %s -o %t.fwd -fplugin-arg-ad-emit=%t.fwd.gen
// RUN: %t.fwd

#include "ad_math_check.hpp"
#include <cmath>
#include <math.h>

// ---- float, std:: overloads -------------------------------------------------
[[ad::differentiate]] float fl_sin(float x) { return std::sin(x); }
// CHECK-LABEL: {{^}}float fl_sin_grad(float x, float *d_x) {
// CHECK:         {{^ +}}float _d_x = 0;
// CHECK:         {{^ +}}_d_x += std::cos(x)
[[ad::differentiate]] float fl_cos(float x) { return std::cos(x); }
[[ad::differentiate]] float fl_tan(float x) { return std::tan(x); }
[[ad::differentiate]] float fl_asin(float x) { return std::asin(x); }
[[ad::differentiate]] float fl_acos(float x) { return std::acos(x); }
[[ad::differentiate]] float fl_atan(float x) { return std::atan(x); }
[[ad::differentiate]] float fl_sinh(float x) { return std::sinh(x); }
[[ad::differentiate]] float fl_cosh(float x) { return std::cosh(x); }
[[ad::differentiate]] float fl_tanh(float x) { return std::tanh(x); }
[[ad::differentiate]] float fl_asinh(float x) { return std::asinh(x); }
[[ad::differentiate]] float fl_acosh(float x) { return std::acosh(x); }
[[ad::differentiate]] float fl_atanh(float x) { return std::atanh(x); }
[[ad::differentiate]] float fl_exp(float x) { return std::exp(x); }
[[ad::differentiate]] float fl_exp2(float x) { return std::exp2(x); }
[[ad::differentiate]] float fl_expm1(float x) { return std::expm1(x); }
[[ad::differentiate]] float fl_log(float x) { return std::log(x); }
[[ad::differentiate]] float fl_log2(float x) { return std::log2(x); }
[[ad::differentiate]] float fl_log10(float x) { return std::log10(x); }
[[ad::differentiate]] float fl_log1p(float x) { return std::log1p(x); }
[[ad::differentiate]] float fl_sqrt(float x) { return std::sqrt(x); }
[[ad::differentiate]] float fl_cbrt(float x) { return std::cbrt(x); }
[[ad::differentiate]] float fl_fabs(float x) { return std::fabs(x); }
[[ad::differentiate]] float fl_abs(float x) { return std::abs(x); }
[[ad::differentiate]] float fl_erf(float x) { return std::erf(x); }
[[ad::differentiate]] float fl_erfc(float x) { return std::erfc(x); }
[[ad::differentiate]] float fl_tgamma(float x) { return std::tgamma(x); }
[[ad::differentiate]] float fl_lgamma(float x) { return std::lgamma(x); }
[[ad::differentiate]] float fl_floor(float x) { return std::floor(x) * x; }
[[ad::differentiate]] float fl_ceil(float x) { return std::ceil(x) * x; }
[[ad::differentiate]] float fl_round(float x) { return std::round(x) * x; }
[[ad::differentiate]] float fl_trunc(float x) { return std::trunc(x) * x; }
[[ad::differentiate]] float fl_atan2(float y, float x) { return std::atan2(y, x); }
[[ad::differentiate]] float fl_pow(float x, float y) { return std::pow(x, y); }
// CHECK-LABEL: {{^}}float fl_pow_grad(float x, float y, float *d_x, float *d_y) {
// CHECK-DAG:     {{^ +}}_d_x += ::ad::d::pow_dx(x, y)
// CHECK-DAG:     {{^ +}}_d_y += ::ad::d::pow_dy(x, y)
[[ad::differentiate]] float fl_hypot(float x, float y) { return std::hypot(x, y); }
[[ad::differentiate]] float fl_fmin(float x, float y) { return std::fmin(x, y); }
[[ad::differentiate]] float fl_fmax(float x, float y) { return std::fmax(x, y); }
[[ad::differentiate]] float fl_fma(float x, float y) { return std::fma(x, y, x); }

// ---- float, C names -----------------------------------------------------------
[[ad::differentiate]] float fl_c_trig(float x) {
  return sinf(x) + cosf(x) + tanf(x) + asinf(x / 4) + acosf(x / 4) + atanf(x);
}
// CHECK-LABEL: {{^}}float fl_c_trig_grad(float x, float *d_x) {
// CHECK-DAG:     {{^ +}}_d_x += std::cos(x)
// CHECK-DAG:     {{^ +}}_d_x += -std::sin(x)
// CHECK-DAG:     {{^ +}}_d_x += ::ad::d::tan(x)
// CHECK-DAG:     {{^ +}}_d_x += ::ad::d::asin(x / 4)
// CHECK-DAG:     {{^ +}}_d_x += ::ad::d::acos(x / 4)
// CHECK-DAG:     {{^ +}}_d_x += ::ad::d::atan(x)
[[ad::differentiate]] float fl_c_hyp(float x) {
  return sinhf(x) + coshf(x) + tanhf(x) + asinhf(x) + acoshf(x + 2) +
         atanhf(x / 4);
}
[[ad::differentiate]] float fl_c_explog(float x) {
  return expf(x) + exp2f(x) + expm1f(x) + logf(x) + log2f(x) + log10f(x) +
         log1pf(x);
}
[[ad::differentiate]] float fl_c_pow(float x) {
  return powf(x, 2.5f) + sqrtf(x) + cbrtf(x) + hypotf(x, 2.f) +
         fabsf(x - 1) + fminf(x, 1.5f) + fmaxf(x, 0.75f) + fmaf(x, x, 1.f);
}
[[ad::differentiate]] float fl_c_special(float x) {
  return erff(x) + erfcf(x) + tgammaf(x) + lgammaf(x) + floorf(x) * x +
         ceilf(x) * x + roundf(x) * x + truncf(x) * x;
}
[[ad::differentiate]] float fl_c_two(float x, float y) {
  return atan2f(y, x) + powf(x, y) + hypotf(x, y) + fminf(x, y) + fmaxf(x, y) +
         fmaf(x, y, x);
}

// ---- long double, std:: overloads -------------------------------------------
[[ad::differentiate]] long double ld_sin(long double x) { return std::sin(x); }
// CHECK-LABEL: {{^}}long double ld_sin_grad(long double x, long double *d_x) {
// CHECK:         {{^ +}}long double _d_x = 0;
// CHECK:         {{^ +}}_d_x += std::cos(x)
[[ad::differentiate]] long double ld_cos(long double x) { return std::cos(x); }
[[ad::differentiate]] long double ld_tan(long double x) { return std::tan(x); }
[[ad::differentiate]] long double ld_asin(long double x) { return std::asin(x); }
[[ad::differentiate]] long double ld_acos(long double x) { return std::acos(x); }
[[ad::differentiate]] long double ld_atan(long double x) { return std::atan(x); }
[[ad::differentiate]] long double ld_sinh(long double x) { return std::sinh(x); }
[[ad::differentiate]] long double ld_cosh(long double x) { return std::cosh(x); }
[[ad::differentiate]] long double ld_tanh(long double x) { return std::tanh(x); }
[[ad::differentiate]] long double ld_asinh(long double x) { return std::asinh(x); }
[[ad::differentiate]] long double ld_acosh(long double x) { return std::acosh(x); }
[[ad::differentiate]] long double ld_atanh(long double x) { return std::atanh(x); }
[[ad::differentiate]] long double ld_exp(long double x) { return std::exp(x); }
[[ad::differentiate]] long double ld_exp2(long double x) { return std::exp2(x); }
[[ad::differentiate]] long double ld_expm1(long double x) { return std::expm1(x); }
[[ad::differentiate]] long double ld_log(long double x) { return std::log(x); }
[[ad::differentiate]] long double ld_log2(long double x) { return std::log2(x); }
[[ad::differentiate]] long double ld_log10(long double x) { return std::log10(x); }
[[ad::differentiate]] long double ld_log1p(long double x) { return std::log1p(x); }
[[ad::differentiate]] long double ld_sqrt(long double x) { return std::sqrt(x); }
[[ad::differentiate]] long double ld_cbrt(long double x) { return std::cbrt(x); }
[[ad::differentiate]] long double ld_fabs(long double x) { return std::fabs(x); }
[[ad::differentiate]] long double ld_abs(long double x) { return std::abs(x); }
[[ad::differentiate]] long double ld_erf(long double x) { return std::erf(x); }
[[ad::differentiate]] long double ld_erfc(long double x) { return std::erfc(x); }
[[ad::differentiate]] long double ld_tgamma(long double x) { return std::tgamma(x); }
[[ad::differentiate]] long double ld_lgamma(long double x) { return std::lgamma(x); }
[[ad::differentiate]] long double ld_floor(long double x) { return std::floor(x) * x; }
[[ad::differentiate]] long double ld_ceil(long double x) { return std::ceil(x) * x; }
[[ad::differentiate]] long double ld_round(long double x) { return std::round(x) * x; }
[[ad::differentiate]] long double ld_trunc(long double x) { return std::trunc(x) * x; }
[[ad::differentiate]] long double ld_atan2(long double y, long double x) { return std::atan2(y, x); }
[[ad::differentiate]] long double ld_pow(long double x, long double y) { return std::pow(x, y); }
// CHECK-LABEL: {{^}}long double ld_pow_grad(long double x, long double y, long double *d_x, long double *d_y) {
// CHECK-DAG:     {{^ +}}_d_x += ::ad::d::pow_dx(x, y)
// CHECK-DAG:     {{^ +}}_d_y += ::ad::d::pow_dy(x, y)
[[ad::differentiate]] long double ld_hypot(long double x, long double y) { return std::hypot(x, y); }
[[ad::differentiate]] long double ld_fmin(long double x, long double y) { return std::fmin(x, y); }
[[ad::differentiate]] long double ld_fmax(long double x, long double y) { return std::fmax(x, y); }
[[ad::differentiate]] long double ld_fma(long double x, long double y) { return std::fma(x, y, x); }

// ---- long double, C names -----------------------------------------------------
[[ad::differentiate]] long double ld_c_trig(long double x) {
  return sinl(x) + cosl(x) + tanl(x) + asinl(x / 4) + acosl(x / 4) + atanl(x);
}
// CHECK-LABEL: {{^}}long double ld_c_trig_grad(long double x, long double *d_x) {
// CHECK-DAG:     {{^ +}}_d_x += std::cos(x)
// CHECK-DAG:     {{^ +}}_d_x += -std::sin(x)
// CHECK-DAG:     {{^ +}}_d_x += ::ad::d::tan(x)
// CHECK-DAG:     {{^ +}}_d_x += ::ad::d::asin(x / 4)
// CHECK-DAG:     {{^ +}}_d_x += ::ad::d::acos(x / 4)
// CHECK-DAG:     {{^ +}}_d_x += ::ad::d::atan(x)
[[ad::differentiate]] long double ld_c_hyp(long double x) {
  return sinhl(x) + coshl(x) + tanhl(x) + asinhl(x) + acoshl(x + 2) +
         atanhl(x / 4);
}
[[ad::differentiate]] long double ld_c_explog(long double x) {
  return expl(x) + exp2l(x) + expm1l(x) + logl(x) + log2l(x) + log10l(x) +
         log1pl(x);
}
[[ad::differentiate]] long double ld_c_pow(long double x) {
  return powl(x, 2.5L) + sqrtl(x) + cbrtl(x) + hypotl(x, 2.L) +
         fabsl(x - 1) + fminl(x, 1.5L) + fmaxl(x, 0.75L) + fmal(x, x, 1.L);
}
[[ad::differentiate]] long double ld_c_special(long double x) {
  return erfl(x) + erfcl(x) + tgammal(x) + lgammal(x) + floorl(x) * x +
         ceill(x) * x + roundl(x) * x + truncl(x) * x;
}
[[ad::differentiate]] long double ld_c_two(long double x, long double y) {
  return atan2l(y, x) + powl(x, y) + hypotl(x, y) + fminl(x, y) + fmaxl(x, y) +
         fmal(x, y, x);
}

// ---- global names from <math.h> (overloaded for float and long double) ------
[[ad::differentiate]] float fl_global(float x) {
  return ::sin(x) * ::exp(x) + ::pow(x, x) + ::lgamma(x) + ::fabs(x - 1) +
         ::atan2(x, 1.5f) + ::sqrt(x) + ::floor(x);
}
[[ad::differentiate]] long double ld_global(long double x) {
  return ::sin(x) * ::exp(x) + ::pow(x, x) + ::lgamma(x) + ::fabs(x - 1) +
         ::atan2(x, 1.5L) + ::sqrt(x) + ::floor(x);
}
// CHECK-LABEL: {{^}}long double ld_global_grad(long double x, long double *d_x) {
// CHECK:         {{^ +}}long double _d_x = 0;

// ---- inputs where a double computation would be far off ----------------------
// 1 + 2^-60 rounds to 1 in double, where acosh' is infinite.
[[ad::differentiate]] long double ld_acosh_near1(long double x) { return acoshl(x); }
// sin at 1e10 + 1/3: double would round x by ~1e-6.
[[ad::differentiate]] long double ld_sin_big(long double x) { return sinl(x); }
// x^50: a relative error e in x becomes 49 e in the derivative.
[[ad::differentiate]] long double ld_pow50(long double x) { return powl(x, 50); }

typedef long double L;
const L ln2 = 0.693147180559945309417232121458176568L;
const L ln10 = 2.30258509299404568401799145468436421L;
const L two_over_sqrt_pi = 1.12837916709551257389615890312154517L;

// Closed-form derivatives, evaluated in long double.
static L d_sin(L x) { return std::cos(x); }
static L d_cos(L x) { return -std::sin(x); }
static L d_tan(L x) { L t = std::tan(x); return 1 + t * t; }
static L d_asin(L x) { return 1 / std::sqrt((1 - x) * (1 + x)); }
static L d_acos(L x) { return -1 / std::sqrt((1 - x) * (1 + x)); }
static L d_atan(L x) { return 1 / (1 + x * x); }
static L d_sinh(L x) { return std::cosh(x); }
static L d_cosh(L x) { return std::sinh(x); }
static L d_tanh(L x) { L c = std::cosh(x); return 1 / (c * c); }
static L d_asinh(L x) { return 1 / std::sqrt(1 + x * x); }
static L d_acosh(L x) { return 1 / std::sqrt((x - 1) * (x + 1)); }
static L d_atanh(L x) { return 1 / ((1 - x) * (1 + x)); }
static L d_exp(L x) { return std::exp(x); }
static L d_exp2(L x) { return std::exp(x * ln2) * ln2; }
static L d_log(L x) { return 1 / x; }
static L d_log2(L x) { return 1 / (x * ln2); }
static L d_log10(L x) { return 1 / (x * ln10); }
static L d_log1p(L x) { return 1 / (1 + x); }
static L d_sqrt(L x) { return 1 / (2 * std::sqrt(x)); }
static L d_cbrt(L x) { return std::exp(-2 * std::log(std::fabs(x)) / 3) / 3; }
static L d_fabs(L x) { return x > 0 ? 1 : -1; }
static L d_erf(L x) { return two_over_sqrt_pi * std::exp(-x * x); }
static L d_erfc(L x) { return -two_over_sqrt_pi * std::exp(-x * x); }
static L d_tgamma(L x) { return std::tgamma(x) * ad_math::psi(x); }
static L d_lgamma(L x) { return ad_math::psi(x); }
static L d_floor(L x) { return std::floor(x); }
static L d_ceil(L x) { return std::ceil(x); }
static L d_round(L x) { return std::round(x); }
static L d_trunc(L x) { return std::trunc(x); }

// Sums for the C-name groups (same formulas).
static L d_trig(L x) {
  return d_sin(x) + d_cos(x) + d_tan(x) + d_asin(x / 4) / 4 +
         d_acos(x / 4) / 4 + d_atan(x);
}
static L d_hyp(L x) {
  return d_sinh(x) + d_cosh(x) + d_tanh(x) + d_asinh(x) + d_acosh(x + 2) +
         d_atanh(x / 4) / 4;
}
static L d_explog(L x) {
  return 2 * d_exp(x) + d_exp2(x) + d_log(x) + d_log2(x) +
         d_log10(x) + d_log1p(x);
}
static L d_cpow(L x) {
  return 2.5L * x * std::sqrt(x) + d_sqrt(x) + d_cbrt(x) +
         x / std::sqrt(x * x + 4) + d_fabs(x - 1) + (x < 1.5L) +
         (x > 0.75L) + 2 * x;
}
static L d_special(L x) {
  return d_erf(x) + d_erfc(x) + d_tgamma(x) + d_lgamma(x) + d_floor(x) +
         d_ceil(x) + d_round(x) + d_trunc(x);
}
// atan2(y, x) + x^y + |(x, y)| + fmin + fmax + (x y + x), for x, y > 0.
static L d_two_x(L x, L y) {
  return -y / (x * x + y * y) + y * std::exp((y - 1) * std::log(x)) +
         x / std::sqrt(x * x + y * y) + (x <= y) + (x >= y) + y + 1;
}
static L d_two_y(L x, L y) {
  return x / (x * x + y * y) + std::exp(y * std::log(x)) * std::log(x) +
         y / std::sqrt(x * x + y * y) + (y < x) + (y > x) + x;
}
static L d_global(L x) {
  return (std::cos(x) + std::sin(x)) * std::exp(x) +
         std::exp(x * std::log(x)) * (std::log(x) + 1) + ad_math::psi(x) +
         d_fabs(x - 1) + 1.5L / (1.5L * 1.5L + x * x) + d_sqrt(x);
}

// Runs every check of one precision T (float or long double).
template <typename T>
struct Suite {
  ad_math::Tol tol;  // closed formula / central differences
  T h;               // central-difference step

  void one(const char *name, T (*f)(T), T (*g)(T, T *), L (*want)(L),
           std::initializer_list<long double> xs) {
    ad_math::grad1(name, f, g, want, xs, tol, h);
  }
  void two(const char *name, T (*f)(T, T), T (*g)(T, T, T *, T *),
           L (*wx)(L, L), L (*wy)(L, L),
           std::initializer_list<std::pair<long double, long double>> ps) {
    ad_math::grad2(name, f, g, wx, wy, ps, tol, h);
  }
};

static const L third = 1 / L(3);

int main() {
  // float: derivatives in float agree to a few float ulps; central
  // differences in float need a larger step and tolerance.
  Suite<float> F{{2e-6, 2e-3}, 1e-3f};
  // The digamma-based rules sum ~20 terms in float; tanh' = 1 - tanh^2
  // cancels for |x| >= 3.
  Suite<float> Fg{{1e-5, 2e-3}, 1e-3f};
  // long double: 1e-17 is ~200 long double ulps and ~1/10 of a double ulp.
  Suite<long double> D{{1e-17, 1e-6}, 1e-6L};
  // digamma (tgamma', lgamma') sums ~20 terms that cancel near psi's zero
  // (psi(-0.5) = 0.036): a few 1e-18 absolute; double would give ~1e-16.
  Suite<long double> Dg{{2e-16, 1e-6}, 1e-6L};

  F.one("sin float", fl_sin, fl_sin_grad, d_sin, {-2.5, -1, 0.2, third, 1.4, 3});
  F.one("cos float", fl_cos, fl_cos_grad, d_cos, {-2.5, -1, 0.2, third, 1.4, 3});
  F.one("tan float", fl_tan, fl_tan_grad, d_tan, {-1.2, -0.5, 0, third, 1.1});
  F.one("asin float", fl_asin, fl_asin_grad, d_asin, {-0.9, -third, 0.1, 0.5, 0.77});
  F.one("acos float", fl_acos, fl_acos_grad, d_acos, {-0.9, -third, 0.1, 0.5, 0.77});
  F.one("atan float", fl_atan, fl_atan_grad, d_atan, {-10, -1, 0, third, 3});
  F.one("sinh float", fl_sinh, fl_sinh_grad, d_sinh, {-3, -0.5, 0, third, 2});
  F.one("cosh float", fl_cosh, fl_cosh_grad, d_cosh, {-3, -0.5, 0.2, third, 2});
  Fg.one("tanh float", fl_tanh, fl_tanh_grad, d_tanh, {-3, -0.5, 0, third, 2});
  F.one("asinh float", fl_asinh, fl_asinh_grad, d_asinh, {-20, -0.5, 0, third, 3});
  F.one("acosh float", fl_acosh, fl_acosh_grad, d_acosh, {1.1, 4 * third, 2, 7.5, 40});
  F.one("atanh float", fl_atanh, fl_atanh_grad, d_atanh, {-0.8, -third, 0, 0.5, 0.77});
  F.one("exp float", fl_exp, fl_exp_grad, d_exp, {-5, -1, 0, third, 3, 10});
  F.one("exp2 float", fl_exp2, fl_exp2_grad, d_exp2, {-5, -1, 0, third, 3, 10});
  F.one("expm1 float", fl_expm1, fl_expm1_grad, d_exp, {-5, -1, 0, third, 3, 10});
  F.one("log float", fl_log, fl_log_grad, d_log, {0.05, third, 1, 2.5, 30});
  F.one("log2 float", fl_log2, fl_log2_grad, d_log2, {0.05, third, 1, 2.5, 30});
  F.one("log10 float", fl_log10, fl_log10_grad, d_log10, {0.05, third, 1, 2.5, 30});
  F.one("log1p float", fl_log1p, fl_log1p_grad, d_log1p, {-0.5, -0.01, 0, third, 30});
  F.one("sqrt float", fl_sqrt, fl_sqrt_grad, d_sqrt, {0.05, third, 1, 2.5, 30});
  F.one("cbrt float", fl_cbrt, fl_cbrt_grad, d_cbrt, {-8, -third, 0.05, 2.5, 30});
  F.one("fabs float", fl_fabs, fl_fabs_grad, d_fabs, {-8, -third, 0.05, 2.5});
  F.one("abs float", fl_abs, fl_abs_grad, d_fabs, {-8, -third, 0.05, 2.5});
  F.one("erf float", fl_erf, fl_erf_grad, d_erf, {-2, -third, 0, 0.5, 1.5});
  F.one("erfc float", fl_erfc, fl_erfc_grad, d_erfc, {-2, -third, 0, 0.5, 1.5});
  Fg.one("tgamma float", fl_tgamma, fl_tgamma_grad, d_tgamma, {0.25, 0.75, 2.5, 4.5, -0.5, -1.5});
  Fg.one("lgamma float", fl_lgamma, fl_lgamma_grad, d_lgamma, {0.25, 0.75, 2.5, 4.5, -0.5, -1.5});
  F.one("floor(x) x float", fl_floor, fl_floor_grad, d_floor, {-2.7, -0.4, 0.3, 1.6, 7.1});
  F.one("ceil(x) x float", fl_ceil, fl_ceil_grad, d_ceil, {-2.7, -0.4, 0.3, 1.6, 7.1});
  F.one("round(x) x float", fl_round, fl_round_grad, d_round, {-2.7, -0.4, 0.3, 1.6, 7.1});
  F.one("trunc(x) x float", fl_trunc, fl_trunc_grad, d_trunc, {-2.7, -0.4, 0.3, 1.6, 7.1});
  F.two("atan2 float", fl_atan2, fl_atan2_grad,
        [](L y, L x) { return x / (x * x + y * y); },
        [](L y, L x) { return -y / (x * x + y * y); },
        {{1, 2}, {2, -1}, {-0.5, -3}, {-4, 0.25}});
  F.two("pow float", fl_pow, fl_pow_grad,
        [](L x, L y) { return y * std::exp((y - 1) * std::log(x)); },
        [](L x, L y) { return std::exp(y * std::log(x)) * std::log(x); },
        {{2, 3}, {0.5, 2.5}, {3, -2}, {1.7, -0.4}});
  F.two("hypot float", fl_hypot, fl_hypot_grad,
        [](L x, L y) { return x / std::sqrt(x * x + y * y); },
        [](L x, L y) { return y / std::sqrt(x * x + y * y); },
        {{3, 4}, {-3, 4}, {-5, -12}, {0.1, 0.2}});
  F.two("fmin float", fl_fmin, fl_fmin_grad,
        [](L x, L y) { return L(x < y); }, [](L x, L y) { return L(y < x); },
        {{1, 2}, {2, 1}, {-3, 0.5}});
  F.two("fmax float", fl_fmax, fl_fmax_grad,
        [](L x, L y) { return L(x > y); }, [](L x, L y) { return L(y > x); },
        {{1, 2}, {2, 1}, {-3, 0.5}});
  F.two("fma float", fl_fma, fl_fma_grad,
        [](L, L y) { return y + 1; }, [](L x, L) { return x; },
        {{1, 2}, {-3, 0.5}, {0.25, -7}});
  F.one("C names float: sinf ... atanf", fl_c_trig, fl_c_trig_grad, d_trig, {-1.2, -0.5, 0.3, third, 1});
  F.one("C names float: sinhf ... atanhf", fl_c_hyp, fl_c_hyp_grad, d_hyp, {-0.5, 0.3, third, 1, 2});
  F.one("C names float: expf ... log1pf", fl_c_explog, fl_c_explog_grad, d_explog, {0.1, third, 1, 2.5});
  F.one("C names float: powf ... fmaf", fl_c_pow, fl_c_pow_grad, d_cpow, {0.3, 0.9, 1.2, 2.5});
  Fg.one("C names float: erff ... truncf", fl_c_special, fl_c_special_grad, d_special,
         {0.25, 0.75, 2.25, 4.75, -0.25, -1.75});
  F.two("C names float: atan2f powf hypotf fminf fmaxf fmaf", fl_c_two, fl_c_two_grad,
        d_two_x, d_two_y, {{0.5, 2}, {2, 0.5}, {1.5, 3}});
  Fg.one("global names float", fl_global, fl_global_grad, d_global, {0.25, 0.75, 2.5, 4.5});

  D.one("sin long double", ld_sin, ld_sin_grad, d_sin, {-2.5, -1, 0.2, third, 1.4, 3});
  D.one("cos long double", ld_cos, ld_cos_grad, d_cos, {-2.5, -1, 0.2, third, 1.4, 3});
  D.one("tan long double", ld_tan, ld_tan_grad, d_tan, {-1.2, -0.5, 0, third, 1.1});
  D.one("asin long double", ld_asin, ld_asin_grad, d_asin, {-0.9, -third, 0.1, 0.5, 0.77});
  D.one("acos long double", ld_acos, ld_acos_grad, d_acos, {-0.9, -third, 0.1, 0.5, 0.77});
  D.one("atan long double", ld_atan, ld_atan_grad, d_atan, {-10, -1, 0, third, 3});
  D.one("sinh long double", ld_sinh, ld_sinh_grad, d_sinh, {-3, -0.5, 0, third, 2, 40 + third});
  D.one("cosh long double", ld_cosh, ld_cosh_grad, d_cosh, {-3, -0.5, 0.2, third, 2, 40 + third});
  D.one("tanh long double", ld_tanh, ld_tanh_grad, d_tanh, {-3, -0.5, 0, third, 2});
  D.one("asinh long double", ld_asinh, ld_asinh_grad, d_asinh, {-20, -0.5, 0, third, 3});
  D.one("acosh long double", ld_acosh, ld_acosh_grad, d_acosh, {1.1, 4 * third, 2, 7.5, 40});
  D.one("atanh long double", ld_atanh, ld_atanh_grad, d_atanh, {-0.8, -third, 0, 0.5, 0.77});
  D.one("exp long double", ld_exp, ld_exp_grad, d_exp, {-5, -1, 0, third, 3, 40 + third});
  D.one("exp2 long double", ld_exp2, ld_exp2_grad, d_exp2, {-5, -1, 0, third, 3, 60 + third});
  D.one("expm1 long double", ld_expm1, ld_expm1_grad, d_exp, {-5, -1, 0, third, 3, 40 + third});
  D.one("log long double", ld_log, ld_log_grad, d_log, {0.05, third, 1, 2.5, 30});
  D.one("log2 long double", ld_log2, ld_log2_grad, d_log2, {0.05, third, 1, 2.5, 30});
  D.one("log10 long double", ld_log10, ld_log10_grad, d_log10, {0.05, third, 1, 2.5, 30});
  D.one("log1p long double", ld_log1p, ld_log1p_grad, d_log1p, {-0.5, -0.01, 0, third, 30});
  D.one("sqrt long double", ld_sqrt, ld_sqrt_grad, d_sqrt, {0.05, third, 1, 2.5, 30});
  D.one("cbrt long double", ld_cbrt, ld_cbrt_grad, d_cbrt, {-8, -third, 0.05, 2.5, 30});
  D.one("fabs long double", ld_fabs, ld_fabs_grad, d_fabs, {-8, -third, 0.05, 2.5});
  D.one("abs long double", ld_abs, ld_abs_grad, d_fabs, {-8, -third, 0.05, 2.5});
  D.one("erf long double", ld_erf, ld_erf_grad, d_erf, {-2, -third, 0, 0.5, 1.5});
  D.one("erfc long double", ld_erfc, ld_erfc_grad, d_erfc, {-2, -third, 0, 0.5, 1.5});
  Dg.one("tgamma long double", ld_tgamma, ld_tgamma_grad, d_tgamma,
        {0.25, third, 0.75, 2.5, 4.5, 10.25, -0.5, -1.5});
  Dg.one("lgamma long double", ld_lgamma, ld_lgamma_grad, d_lgamma,
        {0.25, third, 0.75, 2.5, 4.5, 10.25, -0.5, -1.5});
  D.one("floor(x) x long double", ld_floor, ld_floor_grad, d_floor, {-2.7, -0.4, 0.3, 1.6, 7.1});
  D.one("ceil(x) x long double", ld_ceil, ld_ceil_grad, d_ceil, {-2.7, -0.4, 0.3, 1.6, 7.1});
  D.one("round(x) x long double", ld_round, ld_round_grad, d_round, {-2.7, -0.4, 0.3, 1.6, 7.1});
  D.one("trunc(x) x long double", ld_trunc, ld_trunc_grad, d_trunc, {-2.7, -0.4, 0.3, 1.6, 7.1});
  D.two("atan2 long double", ld_atan2, ld_atan2_grad,
        [](L y, L x) { return x / (x * x + y * y); },
        [](L y, L x) { return -y / (x * x + y * y); },
        {{1, 2}, {2, -1}, {-0.5, -3}, {-4, third}});
  D.two("pow long double", ld_pow, ld_pow_grad,
        [](L x, L y) { return y * std::exp((y - 1) * std::log(x)); },
        [](L x, L y) { return std::exp(y * std::log(x)) * std::log(x); },
        {{2, 3}, {0.5, 2.5}, {3, -2}, {1.7, -0.4}, {1 + third, 40 + third}});
  D.two("hypot long double", ld_hypot, ld_hypot_grad,
        [](L x, L y) { return x / std::sqrt(x * x + y * y); },
        [](L x, L y) { return y / std::sqrt(x * x + y * y); },
        {{3, 4}, {-3, 4}, {-5, -12}, {0.1, third}});
  D.two("fmin long double", ld_fmin, ld_fmin_grad,
        [](L x, L y) { return L(x < y); }, [](L x, L y) { return L(y < x); },
        {{1, 2}, {2, 1}, {-3, 0.5}});
  D.two("fmax long double", ld_fmax, ld_fmax_grad,
        [](L x, L y) { return L(x > y); }, [](L x, L y) { return L(y > x); },
        {{1, 2}, {2, 1}, {-3, 0.5}});
  D.two("fma long double", ld_fma, ld_fma_grad,
        [](L, L y) { return y + 1; }, [](L x, L) { return x; },
        {{1, 2}, {-3, third}, {0.25, -7}});
  D.one("C names long double: sinl ... atanl", ld_c_trig, ld_c_trig_grad, d_trig, {-1.2, -0.5, 0.3, third, 1});
  D.one("C names long double: sinhl ... atanhl", ld_c_hyp, ld_c_hyp_grad, d_hyp, {-0.5, 0.3, third, 1, 2});
  D.one("C names long double: expl ... log1pl", ld_c_explog, ld_c_explog_grad, d_explog, {0.1, third, 1, 2.5});
  D.one("C names long double: powl ... fmal", ld_c_pow, ld_c_pow_grad, d_cpow, {0.3, 0.9, 1.2, 2.5});
  Dg.one("C names long double: erfl ... truncl", ld_c_special, ld_c_special_grad, d_special,
        {0.25, 0.75, 2.25, 4.75, -0.25, -1.75});
  D.two("C names long double: atan2l powl hypotl fminl fmaxl fmal", ld_c_two, ld_c_two_grad,
        d_two_x, d_two_y, {{0.5, 2}, {2, 0.5}, {1.5, 3}});
  Dg.one("global names long double", ld_global, ld_global_grad, d_global, {0.25, 0.75, 2.5, 4.5});

  // Inputs that a double computation would get badly wrong.
  {
    L x = 1 + std::ldexp(L(1), -60);  // (x - 1)(x + 1) = 2^-59 + 2^-120
    L d = 0;
    ad_test::check("acoshl at 1 + 2^-60: value", ld_acosh_near1_grad(x, &d) == ld_acosh_near1(x), 1, 0);
    ad_test::check("acoshl at 1 + 2^-60: d/dx", d, d_acosh(x), 1e-15);
  }
  {
    L x = 1e10L + third, d = 0;
    ad_test::check("sinl at 1e10 + 1/3: value", ld_sin_big_grad(x, &d) == ld_sin_big(x), 1, 0);
    ad_test::check("sinl at 1e10 + 1/3: d/dx", d, std::cos(x), 1e-15);
  }
  D.one("powl(x, 50)", ld_pow50, ld_pow50_grad,
        [](L x) { L p = 1; for (int i = 0; i < 49; ++i) p *= x; return 50 * p; },
        {1 + third * 1e-9L, 1.02L + third * 1e-12L, 0.99L - third * 1e-13L});
  return ad_test::report();
}
