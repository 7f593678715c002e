// Hyperbolic <cmath> functions (contract §3): sinh cosh tanh asinh acosh atanh,
// alone and combined. Each gradient must match a hand-written closed formula
// (rel. 1e-12), central differences (1e-6) and return f's value exactly.
// Reverse mode (forced: these functions have one active input, which
// otherwise gets forward mode), then forward mode, checked at run time.
// RUN: %adxx -O2 %s -o %t -fplugin-arg-ad-mode=reverse -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: FileCheck %s --input-file=%t.gen/math_hyperbolic.ad.cpp
// RUN: %adxx -O2 %s -o %t.fwd -fplugin-arg-ad-emit=%t.fwd.gen
// RUN: %t.fwd

#include "ad_math_check.hpp"
#include <cmath>

[[ad::differentiate]] double h_sinh(double x) { return std::sinh(x); }
// CHECK-LABEL: {{^}}double h_sinh_grad(double x, double *d_x) {
// CHECK:         {{^ +}}_d_x += std::cosh(x)

[[ad::differentiate]] double h_cosh(double x) { return std::cosh(x); }
// CHECK-LABEL: {{^}}double h_cosh_grad(double x, double *d_x) {
// CHECK:         {{^ +}}_d_x += std::sinh(x)

[[ad::differentiate]] double h_tanh(double x) { return std::tanh(x); }
// CHECK-LABEL: {{^}}double h_tanh_grad(double x, double *d_x) {
// CHECK:         {{^ +}}_d_x += ::ad::d::tanh(x)

[[ad::differentiate]] double h_asinh(double x) { return std::asinh(x); }
// CHECK-LABEL: {{^}}double h_asinh_grad(double x, double *d_x) {
// CHECK:         {{^ +}}_d_x += ::ad::d::asinh(x)

[[ad::differentiate]] double h_acosh(double x) { return std::acosh(x); }
// CHECK-LABEL: {{^}}double h_acosh_grad(double x, double *d_x) {
// CHECK:         {{^ +}}_d_x += ::ad::d::acosh(x)

[[ad::differentiate]] double h_atanh(double x) { return std::atanh(x); }
// CHECK-LABEL: {{^}}double h_atanh_grad(double x, double *d_x) {
// CHECK:         {{^ +}}_d_x += ::ad::d::atanh(x)

// Inverse after forward: asinh(sinh(x)) = x, atanh(tanh(x)) = x (derivative 1).
[[ad::differentiate]] double h_roundtrip(double x) {
  return std::asinh(std::sinh(x)) + std::atanh(std::tanh(x / 2));
}

// Two variables: locals, compound assignment.
[[ad::differentiate]] double h_combo(double x, double y) {
  double c = std::cosh(x - y);
  double r = std::tanh(x * y);
  r += std::acosh(c + 1) / std::cosh(y);
  return r * std::sinh(x);
}

int main() {
  using ad_math::grad1;
  using ad_math::grad2;
  typedef long double L;
  const std::initializer_list<long double> wide = {-5, -2, -0.5, 0,
                                                   0.1, 0.8, 2.5, 10};

  grad1("sinh", h_sinh, h_sinh_grad, [](L x) { return (std::exp(x) + std::exp(-x)) / 2; }, wide);
  grad1("cosh", h_cosh, h_cosh_grad, [](L x) { return (std::exp(x) - std::exp(-x)) / 2; }, wide);
  grad1("tanh", h_tanh, h_tanh_grad,
        [](L x) { L c = std::cosh(x); return 1 / (c * c); }, wide);
  grad1("asinh", h_asinh, h_asinh_grad,
        [](L x) { return 1 / std::sqrt(1 + x * x); },
        {-50, -3, -0.5, 0, 0.3, 1, 20, 1e4});
  grad1("acosh", h_acosh, h_acosh_grad,
        [](L x) { return 1 / std::sqrt((x - 1) * (x + 1)); },
        {1.01, 1.1, 1.5, 2, 3.7, 50, 1e4});
  grad1("atanh", h_atanh, h_atanh_grad,
        [](L x) { return 1 / ((1 - x) * (1 + x)); },
        {-0.99, -0.6, -0.1, 0, 0.25, 0.5, 0.9, 0.999});

  grad1("asinh(sinh x) + atanh(tanh(x / 2))", h_roundtrip, h_roundtrip_grad,
        [](L) { return L(1.5); }, {-3, -1, -0.2, 0, 0.6, 2, 4});

  // h_combo by hand: c = cosh(x - y), r = tanh(xy) + acosh(c + 1) / cosh(y),
  // result r sinh(x).
  auto combo_d = [](L x, L y, bool wrt_x) {
    L c = std::cosh(x - y), dc = std::sinh(x - y) * (wrt_x ? 1 : -1);
    L t = std::tanh(x * y), dt = (1 - t * t) * (wrt_x ? y : x);
    L ac = std::acosh(c + 1), dac = dc / std::sqrt((c + 1) * (c + 1) - 1);
    L cy = std::cosh(y), dcy = wrt_x ? 0 : std::sinh(y);
    L r = t + ac / cy, dr = dt + (dac * cy - ac * dcy) / (cy * cy);
    return dr * std::sinh(x) + r * (wrt_x ? std::cosh(x) : 0);
  };
  grad2("combo", h_combo, h_combo_grad,
        [&](L x, L y) { return combo_d(x, y, true); },
        [&](L x, L y) { return combo_d(x, y, false); },
        {{0.5, 0.25}, {-1, 2}, {1.5, -0.7}, {0, 0}, {-2, -0.5}, {3, 1}});
  return ad_test::report();
}
