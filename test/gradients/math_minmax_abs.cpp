// fabs abs fmin fmax fma, and the contract's rules at kinks (§2): fabs'(0) = 0,
// fmin/fmax on a tie follow the FIRST argument, pow d/dx = y x^(y-1) (finite at
// x = 0 for y >= 1, defined for x < 0), d/dy = x^y ln x for x > 0 and 0 at x = 0.
// Reverse mode (forced: these functions have one active input, which
// otherwise gets forward mode), then forward mode, checked at run time.
// RUN: %adxx -O2 %s -o %t -fplugin-arg-ad-mode=reverse -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: FileCheck %s --input-file=%t.gen/math_minmax_abs.ad.cpp
// RUN: %adxx -O2 %s -o %t.fwd -fplugin-arg-ad-emit=%t.fwd.gen
// RUN: %t.fwd

#include "ad_math_check.hpp"
#include <cmath>

[[ad::differentiate]] double m_fabs(double x) { return std::fabs(x); }
// CHECK-LABEL: {{^}}double m_fabs_grad(double x, double *d_x) {
// CHECK:         {{^ +}}_d_x += ::ad::d::fabs(x)

[[ad::differentiate]] double m_abs(double x) { return std::abs(x); }
// CHECK-LABEL: {{^}}double m_abs_grad(double x, double *d_x) {
// CHECK:         {{^ +}}_d_x += ::ad::d::fabs(x)

// |x| x = x^2 sign(x): derivative 2|x|, 0 at 0.
[[ad::differentiate]] double m_abs_times(double x) { return std::fabs(x) * x; }

[[ad::differentiate]] double m_fmin(double x, double y) { return std::fmin(x, y); }
// CHECK-LABEL: {{^}}double m_fmin_grad(double x, double y, double *d_x, double *d_y) {
// CHECK-DAG:     {{^ +}}_d_x += ::ad::d::fmin_dx(x, y)
// CHECK-DAG:     {{^ +}}_d_y += ::ad::d::fmin_dy(x, y)

[[ad::differentiate]] double m_fmax(double x, double y) { return std::fmax(x, y); }
// CHECK-LABEL: {{^}}double m_fmax_grad(double x, double y, double *d_x, double *d_y) {
// CHECK-DAG:     {{^ +}}_d_x += ::ad::d::fmax_dx(x, y)
// CHECK-DAG:     {{^ +}}_d_y += ::ad::d::fmax_dy(x, y)

// The same with the arguments swapped: on a tie y (now first) gets it all.
[[ad::differentiate]] double m_fmin_yx(double x, double y) { return std::fmin(y, x); }
[[ad::differentiate]] double m_fmax_yx(double x, double y) { return std::fmax(y, x); }

// A constant first or second: on the tie x = 0.5 only the first argument counts.
[[ad::differentiate]] double m_fmax_x_c(double x) { return std::fmax(x, 0.5); }
[[ad::differentiate]] double m_fmax_c_x(double x) { return std::fmax(0.5, x); }
// CHECK-LABEL: {{^}}double m_fmax_c_x_grad(double x, double *d_x) {
// CHECK:         {{^ +}}_d_x += ::ad::d::fmax_dy(0.5, x)
[[ad::differentiate]] double m_fmin_x_c(double x) { return std::fmin(x, 0.5); }
[[ad::differentiate]] double m_fmin_c_x(double x) { return std::fmin(0.5, x); }

[[ad::differentiate]] double m_fma(double x, double y, double z) {
  return std::fma(x, y, z);
}
// CHECK-LABEL: {{^}}double m_fma_grad(double x, double y, double z, double *d_x, double *d_y, double *d_z) {
// CHECK:         {{^ +}}_d_x += y;
// CHECK-NEXT:    {{^ +}}_d_y += x;
// CHECK-NEXT:    {{^ +}}_d_z += 1;

// fma with repeated and composite arguments: fma(x, x, x y) = x^2 + x y.
[[ad::differentiate]] double m_fma_mix(double x, double y) {
  return std::fma(x, x, x * y);
}

// pow at its kinks.
[[ad::differentiate]] double m_pow(double x, double y) { return std::pow(x, y); }
[[ad::differentiate]] double m_pow_1(double x) { return std::pow(x, 1.0); }
[[ad::differentiate]] double m_pow_2(double x) { return std::pow(x, 2.0); }
[[ad::differentiate]] double m_pow_3i(double x) { return std::pow(x, 3); }
// CHECK-LABEL: {{^}}double m_pow_3i_grad(double x, double *d_x) {
// CHECK:         {{^ +}}_d_x += ::ad::d::pow_dx(x, 3)
[[ad::differentiate]] double m_pow_15(double x) { return std::pow(x, 1.5); }
[[ad::differentiate]] double m_pow_0(double x) { return std::pow(x, 0.0); }
[[ad::differentiate]] double m_pow_m2(double x) { return std::pow(x, -2.0); }
[[ad::differentiate]] double m_pow_m3i(double x) { return std::pow(x, -3); }

using L = long double;

// One call of a one-variable gradient at a kink: value and derivative.
static void at_kink(const char *what, double (*f)(double),
                    double (*g)(double, double *), double x, double want) {
  double d = 0;
  double v = g(x, &d);
  ad_test::check(what, v == f(x), 1, 0);
  ad_test::check(what, d, want, 0);
}

// Same for two variables; checks d/dy only when check_dy.
static void at_kink2(const char *what, double (*f)(double, double),
                     double (*g)(double, double, double *, double *), double x,
                     double y, double want_x, double want_y,
                     bool check_dy = true) {
  double dx = 0, dy = 0;
  double v = g(x, y, &dx, &dy);
  ad_test::check(what, v == f(x, y), 1, 0);
  ad_test::check(what, dx, want_x, 1e-15);
  if (check_dy)
    ad_test::check(what, dy, want_y, 1e-15);
}

int main() {
  using ad_math::grad1;
  using ad_math::grad2;
  const std::initializer_list<long double> off0 = {-3, -0.5, -1e-3, 1e-3,
                                                   0.25, 2, 1e10};
  auto sign = [](L x) { return x > 0 ? L(1) : L(-1); };

  // Away from the kinks.
  grad1("fabs", m_fabs, m_fabs_grad, sign, off0);
  grad1("abs", m_abs, m_abs_grad, sign, off0);
  grad1("fabs(x) x", m_abs_times, m_abs_times_grad,
        [](L x) { return 2 * (x > 0 ? x : -x); }, off0);
  // fmin/fmax: the derivative goes to the argument returned.
  grad2("fmin", m_fmin, m_fmin_grad,
        [](L x, L y) { return L(x < y); }, [](L x, L y) { return L(y < x); },
        {{1, 2}, {2, 1}, {-3, 0.5}, {0.5, -3}, {-1, -1.5}});
  grad2("fmax", m_fmax, m_fmax_grad,
        [](L x, L y) { return L(x > y); }, [](L x, L y) { return L(y > x); },
        {{1, 2}, {2, 1}, {-3, 0.5}, {0.5, -3}, {-1, -1.5}});
  grad1("fmax(x, 0.5)", m_fmax_x_c, m_fmax_x_c_grad,
        [](L x) { return L(x > 0.5); }, {-2, 0, 0.49, 0.51, 3});
  grad1("fmax(0.5, x)", m_fmax_c_x, m_fmax_c_x_grad,
        [](L x) { return L(x > 0.5); }, {-2, 0, 0.49, 0.51, 3});
  grad1("fmin(x, 0.5)", m_fmin_x_c, m_fmin_x_c_grad,
        [](L x) { return L(x < 0.5); }, {-2, 0, 0.49, 0.51, 3});
  grad1("fmin(0.5, x)", m_fmin_c_x, m_fmin_c_x_grad,
        [](L x) { return L(x < 0.5); }, {-2, 0, 0.49, 0.51, 3});

  // fma(x, y, z) = x y + z.
  for (double x : {-2.0, 0.0, 0.5, 3.0})
    for (double y : {-1.5, 0.0, 4.0})
      for (double z : {-1.0, 0.0, 2.5}) {
        double dx = 0, dy = 0, dz = 0;
        double v = m_fma_grad(x, y, z, &dx, &dy, &dz);
        ad_test::check("fma: value bit for bit", v == m_fma(x, y, z), 1, 0);
        ad_test::check("fma: d/dx = y", dx, y, 1e-15);
        ad_test::check("fma: d/dy = x", dy, x, 1e-15);
        ad_test::check("fma: d/dz = 1", dz, 1, 1e-15);
        const double h = 1e-6;
        ad_test::check("fma: d/dx vs central differences", dx,
                       (m_fma(x + h, y, z) - m_fma(x - h, y, z)) / (2 * h), 1e-6);
        ad_test::check("fma: d/dz vs central differences", dz,
                       (m_fma(x, y, z + h) - m_fma(x, y, z - h)) / (2 * h), 1e-6);
      }
  grad2("fma(x, x, x y)", m_fma_mix, m_fma_mix_grad,
        [](L x, L y) { return 2 * x + y; }, [](L x, L) { return x; },
        {{1, 2}, {-3, 0.5}, {0, 0}, {2.5, -7}});

  // Kinks: fabs'(0) = 0 (also at -0.0).
  at_kink("fabs'(0) = 0", m_fabs, m_fabs_grad, 0.0, 0);
  at_kink("fabs'(-0.0) = 0", m_fabs, m_fabs_grad, -0.0, 0);
  at_kink("abs'(0) = 0", m_abs, m_abs_grad, 0.0, 0);
  at_kink("abs'(-0.0) = 0", m_abs, m_abs_grad, -0.0, 0);
  at_kink("(fabs(x) x)'(0) = 0", m_abs_times, m_abs_times_grad, 0.0, 0);

  // Ties: the first argument takes the whole derivative.
  for (double t : {-2.5, 0.0, 1.0, 1e300}) {
    at_kink2("fmin(x, y) tie: d/dx 1, d/dy 0", m_fmin, m_fmin_grad, t, t, 1, 0);
    at_kink2("fmax(x, y) tie: d/dx 1, d/dy 0", m_fmax, m_fmax_grad, t, t, 1, 0);
    at_kink2("fmin(y, x) tie: d/dx 0, d/dy 1", m_fmin_yx, m_fmin_yx_grad, t, t, 0, 1);
    at_kink2("fmax(y, x) tie: d/dx 0, d/dy 1", m_fmax_yx, m_fmax_yx_grad, t, t, 0, 1);
  }
  at_kink("fmax(x, 0.5) at x = 0.5: 1", m_fmax_x_c, m_fmax_x_c_grad, 0.5, 1);
  at_kink("fmax(0.5, x) at x = 0.5: 0", m_fmax_c_x, m_fmax_c_x_grad, 0.5, 0);
  at_kink("fmin(x, 0.5) at x = 0.5: 1", m_fmin_x_c, m_fmin_x_c_grad, 0.5, 1);
  at_kink("fmin(0.5, x) at x = 0.5: 0", m_fmin_c_x, m_fmin_c_x_grad, 0.5, 0);

  // pow at x = 0: d/dx = y x^(y-1) is finite for y >= 1; d/dy = 0.
  at_kink("pow(x, 1.0)' at 0 = 1", m_pow_1, m_pow_1_grad, 0.0, 1);
  at_kink("pow(x, 2.0)' at 0 = 0", m_pow_2, m_pow_2_grad, 0.0, 0);
  at_kink("pow(x, 3)' at 0 = 0", m_pow_3i, m_pow_3i_grad, 0.0, 0);
  at_kink("pow(x, 1.5)' at 0 = 0", m_pow_15, m_pow_15_grad, 0.0, 0);
  at_kink("pow(x, 0.0)' at 0 = 0", m_pow_0, m_pow_0_grad, 0.0, 0);
  at_kink2("pow(x, y) at (0, 1): d/dx 1, d/dy 0", m_pow, m_pow_grad, 0, 1, 1, 0);
  at_kink2("pow(x, y) at (0, 2): d/dx 0, d/dy 0", m_pow, m_pow_grad, 0, 2, 0, 0);
  at_kink2("pow(x, y) at (0, 3.5): d/dx 0, d/dy 0", m_pow, m_pow_grad, 0, 3.5, 0, 0);
  {
    // y < 1: d/dx is infinite at 0, d/dy still 0.
    double dx = 0, dy = 0;
    m_pow_grad(0, 0.5, &dx, &dy);
    ad_test::check("pow(x, y) at (0, 0.5): d/dy 0", dy, 0, 0);
  }

  // pow with negative x and integer y: d/dx = y x^(y-1) (d/dy is not defined).
  at_kink2("pow(x, y) at (-2, 3): d/dx 12", m_pow, m_pow_grad, -2, 3, 12, 0, false);
  at_kink2("pow(x, y) at (-0.5, 2): d/dx -1", m_pow, m_pow_grad, -0.5, 2, -1, 0, false);
  at_kink2("pow(x, y) at (-3, -1): d/dx -1/9", m_pow, m_pow_grad, -3, -1, -1.0 / 9, 0, false);
  grad1("pow(x, 2.0), x < 0", m_pow_2, m_pow_2_grad, [](L x) { return 2 * x; },
        {-1e3, -3, -1, -0.25});
  grad1("pow(x, 3), x < 0", m_pow_3i, m_pow_3i_grad,
        [](L x) { return 3 * x * x; }, {-1e3, -3, -1, -0.25});
  grad1("pow(x, 0.0)", m_pow_0, m_pow_0_grad, [](L) { return L(0); },
        {-3, -1, 0.5, 2});
  grad1("pow(x, -2.0), x < 0", m_pow_m2, m_pow_m2_grad,
        [](L x) { return -2 / (x * x * x); }, {-30, -3, -1, -0.25});
  grad1("pow(x, -3), x < 0", m_pow_m3i, m_pow_m3i_grad,
        [](L x) { return -3 / (x * x * x * x); }, {-30, -3, -1, -0.25});
  return ad_test::report();
}
