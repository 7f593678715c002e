// Trigonometric <cmath> functions (contract §3): sin cos tan asin acos atan
// atan2, alone and combined. Each gradient must match a hand-written closed
// formula (rel. 1e-12), central differences (1e-6) and return f's value exactly.
// Reverse mode (forced: these functions have one active input, which
// otherwise gets forward mode), then forward mode, checked at run time.
// RUN: %adxx -O2 %s -o %t -fplugin-arg-ad-mode=reverse -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: FileCheck %s --input-file=%t.gen/math_trig.ad.cpp
// RUN: %adxx -O2 %s -o %t.fwd -fplugin-arg-ad-emit=%t.fwd.gen
// RUN: %t.fwd

#include "ad_math_check.hpp"
#include <cmath>

[[ad::differentiate]] double t_sin(double x) { return std::sin(x); }
// CHECK-LABEL: {{^}}double t_sin_grad(double x, double *d_x) {
// CHECK:         {{^ +}}_d_x += std::cos(x)
// CHECK:         {{^ +}}*d_x += _d_x;

[[ad::differentiate]] double t_cos(double x) { return std::cos(x); }
// CHECK-LABEL: {{^}}double t_cos_grad(double x, double *d_x) {
// CHECK:         {{^ +}}_d_x += -std::sin(x)

[[ad::differentiate]] double t_tan(double x) { return std::tan(x); }
// CHECK-LABEL: {{^}}double t_tan_grad(double x, double *d_x) {
// CHECK:         {{^ +}}_d_x += ::ad::d::tan(x)

[[ad::differentiate]] double t_asin(double x) { return std::asin(x); }
// CHECK-LABEL: {{^}}double t_asin_grad(double x, double *d_x) {
// CHECK:         {{^ +}}_d_x += ::ad::d::asin(x)

[[ad::differentiate]] double t_acos(double x) { return std::acos(x); }
// CHECK-LABEL: {{^}}double t_acos_grad(double x, double *d_x) {
// CHECK:         {{^ +}}_d_x += ::ad::d::acos(x)

[[ad::differentiate]] double t_atan(double x) { return std::atan(x); }
// CHECK-LABEL: {{^}}double t_atan_grad(double x, double *d_x) {
// CHECK:         {{^ +}}_d_x += ::ad::d::atan(x)

[[ad::differentiate]] double t_atan2(double y, double x) {
  return std::atan2(y, x);
}
// CHECK-LABEL: {{^}}double t_atan2_grad(double y, double x, double *d_y, double *d_x) {
// CHECK-DAG:     {{^ +}}_d_y += ::ad::d::atan2_dy(y, x)
// CHECK-DAG:     {{^ +}}_d_x += ::ad::d::atan2_dx(y, x)

// Chain rule through nested calls and products.
[[ad::differentiate]] double t_nested(double x) {
  return std::sin(std::cos(x)) * std::tan(x / 3);
}

// Two variables, with locals and reassignment.
[[ad::differentiate]] double t_combo(double x, double y) {
  double s = std::sin(x * y);
  double a = std::atan(s + y);
  a = a * std::acos(x / 4) + std::asin(y / 5);
  return a + std::atan2(s, std::cos(y));
}

int main() {
  using ad_math::grad1;
  using ad_math::grad2;
  typedef long double L;
  const std::initializer_list<long double> wide = {-3, -2.5, -1, -0.3, 0,
                                                   0.7, 1.4, 2, 3};
  const std::initializer_list<long double> unit = {-0.95, -0.5, -0.1, 0,
                                                   0.3, 0.77, 0.95};

  grad1("sin", t_sin, t_sin_grad, [](L x) { return std::cos(x); }, wide);
  grad1("cos", t_cos, t_cos_grad, [](L x) { return -std::sin(x); }, wide);
  // tan' = 1 + tan^2 (the runtime uses 1 / cos^2).
  grad1("tan", t_tan, t_tan_grad,
        [](L x) { L t = std::tan(x); return 1 + t * t; },
        {-1.4, -1, -0.5, 0, 0.4, 1.3, 2, 3});
  grad1("asin", t_asin, t_asin_grad,
        [](L x) { return 1 / std::sqrt((1 - x) * (1 + x)); }, unit);
  grad1("acos", t_acos, t_acos_grad,
        [](L x) { return -1 / std::sqrt((1 - x) * (1 + x)); }, unit);
  grad1("atan", t_atan, t_atan_grad, [](L x) { return 1 / (1 + x * x); },
        {-100, -10, -1, -0.2, 0, 0.5, 3, 1e3});

  // atan2(y, x): d/dy = x / (x^2 + y^2), d/dx = -y / (x^2 + y^2), in all
  // four quadrants, on the axes and next to the cut at y = 0, x < 0.
  grad2("atan2", t_atan2, t_atan2_grad,
        [](L y, L x) { return x / (x * x + y * y); },
        [](L y, L x) { return -y / (x * x + y * y); },
        {{1, 2}, {2, -1}, {-0.5, -3}, {-4, 0.25}, {0, 1}, {1, 0}, {-0.01, -2},
         {1e-3, 5}, {30, 40}});

  grad1("sin(cos(x)) * tan(x / 3)", t_nested, t_nested_grad,
        [](L x) {
          L t = std::tan(x / 3);
          return -std::cos(std::cos(x)) * std::sin(x) * t +
                 std::sin(std::cos(x)) * (1 + t * t) / 3;
        },
        wide);

  // t_combo by hand: s = sin(xy), a0 = atan(s + y), c = acos(x / 4),
  // r = a0 c + asin(y / 5) + atan2(s, cos y).
  auto combo_d = [](L x, L y, bool wrt_x) {
    L s = std::sin(x * y);
    L ds = std::cos(x * y) * (wrt_x ? y : x);
    L a0 = std::atan(s + y);
    L da0 = (ds + (wrt_x ? 0 : 1)) / (1 + (s + y) * (s + y));
    L c = std::acos(x / 4);
    L dc = wrt_x ? -1 / std::sqrt(1 - x * x / 16) / 4 : 0;
    L das = wrt_x ? 0 : 1 / std::sqrt(1 - y * y / 25) / 5;
    L cy = std::cos(y), dcy = wrt_x ? 0 : -std::sin(y);
    L datan2 = (cy * ds - s * dcy) / (s * s + cy * cy);
    return da0 * c + a0 * dc + das + datan2;
  };
  grad2("combo", t_combo, t_combo_grad,
        [&](L x, L y) { return combo_d(x, y, true); },
        [&](L x, L y) { return combo_d(x, y, false); },
        {{0.5, 0.25}, {-1, 2}, {3, -1.5}, {0, 0}, {-3.5, -4.5}, {2.2, 4.9}});

  // d_ pointers accumulate.
  double dx = 0.5;
  t_sin_grad(1.0, &dx);
  ad_test::check("sin: d_x accumulates", dx, 0.5 + std::cos(1.0), 1e-15);
  return ad_test::report();
}
