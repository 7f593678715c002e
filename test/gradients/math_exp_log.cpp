// Exponentials and logarithms (contract §3): exp exp2 expm1 log log2 log10
// log1p, alone and combined. Each gradient must match a hand-written closed
// formula (rel. 1e-12), central differences (1e-6) and return f's value exactly.
// Reverse mode (forced: these functions have one active input, which
// otherwise gets forward mode), then forward mode, checked at run time.
// RUN: %adxx -O2 %s -o %t -fplugin-arg-ad-mode=reverse -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: FileCheck %s --input-file=%t.gen/math_exp_log.ad.cpp
// RUN: %adxx -O2 %s -o %t.fwd -fplugin-arg-ad-emit=%t.fwd.gen
// RUN: %t.fwd

#include "ad_math_check.hpp"
#include <cmath>

[[ad::differentiate]] double e_exp(double x) { return std::exp(x); }
// CHECK-LABEL: {{^}}double e_exp_grad(double x, double *d_x) {
// CHECK:         {{^ +}}_d_x += std::exp(x)

[[ad::differentiate]] double e_exp2(double x) { return std::exp2(x); }
// CHECK-LABEL: {{^}}double e_exp2_grad(double x, double *d_x) {
// CHECK:         {{^ +}}_d_x += ::ad::d::exp2(x)

[[ad::differentiate]] double e_expm1(double x) { return std::expm1(x); }
// CHECK-LABEL: {{^}}double e_expm1_grad(double x, double *d_x) {
// CHECK:         {{^ +}}_d_x += std::exp(x)

[[ad::differentiate]] double e_log(double x) { return std::log(x); }
// CHECK-LABEL: {{^}}double e_log_grad(double x, double *d_x) {
// CHECK:         {{^ +}}_d_x += 1 / (x)

[[ad::differentiate]] double e_log2(double x) { return std::log2(x); }
// CHECK-LABEL: {{^}}double e_log2_grad(double x, double *d_x) {
// CHECK:         {{^ +}}_d_x += ::ad::d::log2(x)

[[ad::differentiate]] double e_log10(double x) { return std::log10(x); }
// CHECK-LABEL: {{^}}double e_log10_grad(double x, double *d_x) {
// CHECK:         {{^ +}}_d_x += ::ad::d::log10(x)

[[ad::differentiate]] double e_log1p(double x) { return std::log1p(x); }
// CHECK-LABEL: {{^}}double e_log1p_grad(double x, double *d_x) {
// CHECK:         {{^ +}}_d_x += 1 / (1 + (x))

// log1p(expm1(x)) = x and log2(exp2(x)) = x: derivative 1 each.
[[ad::differentiate]] double e_roundtrip(double x) {
  return std::log1p(std::expm1(x)) + std::log2(std::exp2(x));
}

// Two variables: log-sum-exp written with a loop-free local rewrite.
[[ad::differentiate]] double e_combo(double x, double y) {
  double m = x > y ? x : y;
  double s = std::exp(x - m) + std::exp(y - m);
  double r = m + std::log(s);
  r *= std::log10(1 + x * x) + std::log1p(y * y);
  return r;
}

int main() {
  using ad_math::grad1;
  using ad_math::grad2;
  typedef long double L;
  const L ln2 = 0.693147180559945309417232121458176568L;
  const L ln10 = 2.30258509299404568401799145468436421L;

  grad1("exp", e_exp, e_exp_grad, [](L x) { return std::exp(x); },
        {-20, -5, -1, 0, 0.5, 3, 30});
  grad1("exp2", e_exp2, e_exp2_grad,
        [&](L x) { return std::exp(x * ln2) * ln2; },
        {-10, -3, -0.5, 0, 1.5, 10, 40});
  grad1("expm1", e_expm1, e_expm1_grad, [](L x) { return std::exp(x); },
        {-10, -2, -1e-3, 0, 1e-5, 1, 4});
  grad1("log", e_log, e_log_grad, [](L x) { return 1 / x; },
        {0.01, 1e-3, 0.5, 1, 2.7, 100, 1e8});
  grad1("log2", e_log2, e_log2_grad, [&](L x) { return 1 / (x * ln2); },
        {0.01, 1e-3, 0.5, 1, 3, 1024, 1e8});
  grad1("log10", e_log10, e_log10_grad, [&](L x) { return 1 / (x * ln10); },
        {0.01, 1e-3, 0.5, 1, 7, 1000, 1e8});
  grad1("log1p", e_log1p, e_log1p_grad, [](L x) { return 1 / (1 + x); },
        {-0.9, -0.5, -1e-4, 0, 1e-6, 3, 1e5});

  grad1("log1p(expm1 x) + log2(exp2 x)", e_roundtrip, e_roundtrip_grad,
        [](L) { return L(2); }, {-3, -1, -1e-3, 0, 0.6, 2, 5});

  // e_combo by hand: lse = log(e^x + e^y), q = log10(1 + x^2) + log1p(y^2).
  auto combo_d = [&](L x, L y, bool wrt_x) {
    L lse = std::log(std::exp(x) + std::exp(y));
    L w = std::exp((wrt_x ? x : y) - lse);  // softmax weight
    L q = std::log10(1 + x * x) + std::log1p(y * y);
    L dq = wrt_x ? 2 * x / ((1 + x * x) * ln10) : 2 * y / (1 + y * y);
    return w * q + lse * dq;
  };
  grad2("combo", e_combo, e_combo_grad,
        [&](L x, L y) { return combo_d(x, y, true); },
        [&](L x, L y) { return combo_d(x, y, false); },
        {{0.5, 0.25}, {-1, 2}, {3, -1.5}, {0, 0.1}, {-4, -4.5}, {20, 19}});
  return ad_test::report();
}
