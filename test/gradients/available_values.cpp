// Partials read from variables that already hold them (AvailableValues.h):
// after `c = std::cos(t)`, the partial of `s = std::sin(t)` is `c`, in
// reverse and forward mode alike, instead of another call of cos. Covered:
// Rodrigues' pattern (cos then sin of one angle; both branches of an active
// condition), exp kept in a variable, and the cases where the variable does
// not hold the value any more or might not: the angle changed in between,
// the variable overwritten in between, a loop that overwrites the variable
// after the use (its old value must be restored for each iteration's
// partial), a float call of a double angle, the variable's address taken,
// the variable captured by a lambda.
// Each checked against a hand-derived gradient and central differences.
// RUN: %adxx -O1 -Wall -Werror -fplugin-arg-ad-mode=reverse %s -o %t -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: FileCheck %s --input-file=%t.gen/available_values.ad.cpp
// RUN: g++ -std=c++17 -fsyntax-only -Wall -Wextra -Werror -I%ad_src/runtime/include -I%ad_src/test/support -x c++ %t.gen/available_values.ad.cpp

#include "ad_test.hpp"
#include <cmath>

// Rodrigues' rotation of (1, 0) by the angle t * y, scaled: cos then sin
// of one angle, in a branch.
[[ad::differentiate]]
double rotate(double t, double y) {
  double r = 0;
  if (t > 0) {
    double theta = t * y;
    double c = std::cos(theta);
    double s = std::sin(theta);
    r = c * y + s * t;
  } else {
    r = t * y;
  }
  return r;
}
// CHECK-LABEL: {{^}}double rotate_grad(
// CHECK:       {{^}}    _d_theta += _d_s * c;
// CHECK:       {{^}}    _d_theta += _d_c * (-std::sin(theta));
// CHECK-LABEL: {{^}}inline double rotate_jvp(
// CHECK:       {{^}}    double _t_s = c * _t_theta;

// exp kept in a variable, used for a later exp of the same argument; the
// argument changes in between for the third.
[[ad::differentiate]]
double exps(double t, double y) {
  double e = std::exp(t * y);
  double u = std::exp(t * y) * y;
  y = y + 1;
  double v = std::exp(t * y);
  return e + u + v;
}
// CHECK-LABEL: {{^}}double exps_grad(
// CHECK:       {{^}}    double _r{{[0-9]+}} = _d_v * std::exp(t * y);
// CHECK:       {{^}}    double _r{{[0-9]+}} = _d_u * y * e;
// CHECK:       {{^}}    double _r{{[0-9]+}} = _d_e * std::exp(t * y);

// The holder overwritten between, and a loop that overwrites it after the
// use: each iteration's partial reads its own iteration's value, restored.
[[ad::differentiate]]
double loop(double t, double y) {
  double acc = 0;
  double c = 0;
  for (int i = 0; i < 3; ++i) {
    c = std::cos(t + i);
    acc += std::sin(t + i) * y;
    c = c * y;
    acc += std::sin(t + i) * c;
  }
  return acc;
}
// CHECK-LABEL: {{^}}double loop_grad(
// CHECK:       {{^}}    _tape.push(c);
// CHECK-NEXT:  {{^}}    c = std::cos(t + i);
// CHECK:       {{^}}    _d_t += _d_acc * c * std::cos(t + i);
// CHECK:       {{^}}    c = _tape.pop();
// CHECK:       {{^}}    _d_t += _d_acc * y * c;

// Not replaced: a float cos of a double angle, the holder's address taken,
// the holder captured by a lambda.
[[ad::differentiate]]
double in_float(double t, double y) {
  float cf = std::cos(static_cast<float>(t));
  return std::sin(t) * cf * y;
}
// CHECK-LABEL: {{^}}double in_float_grad(
// CHECK:       std::cos(t)

[[ad::differentiate]]
double unlike(double t, double y) {
  double a = std::sin(t);
  double c = std::cos(t * y);
  double *p = &c;
  double b = std::sin(t * y) * *p;
  double k = std::cos(y);
  auto twice = [k] { return 2 * k; };
  return a + b + std::sin(y) * twice();
}
// CHECK-LABEL: {{^}}double unlike_grad(
// CHECK-NOT:   {{^}}  double _d_unlike
// CHECK:       std::cos(y)
// CHECK:       std::cos(t * y)
// CHECK-LABEL: {{^}}inline double unlike_jvp(

// Rodrigues' declaration first, values after (W9's form): the cosine's
// partial, -sin(theta), reads sintheta, which the next statement defines
// and the reverse sweep never restores (a first definition: nothing read
// the value it replaced). Not where a return may come between, nor where
// the argument changes between.
[[ad::differentiate]]
double later(double t, double y) {
  double theta, c, s;
  theta = t * y;
  c = std::cos(theta);
  s = std::sin(theta);
  return c * y + s * t;
}
// CHECK-LABEL: {{^}}double later_grad(
// CHECK-NOT:   _t{{[0-9]+}} = s;
// CHECK:       {{^}}  _d_theta += _d_s * c;
// CHECK:       {{^}}  _d_theta += _d_c * (-s);

[[ad::differentiate]]
double later_not(double t, double y) {
  double c, s, u;
  c = std::cos(t);
  if (y > 5)
    return c;
  s = std::sin(t);
  double r = c * s;
  u = std::cos(y);
  y = y * 2;
  r += u * std::sin(y);
  return r;
}
// CHECK-LABEL: {{^}}double later_not_grad(
// CHECK:       {{^}}  _d_u += _d_r * std::sin(y);
// CHECK:       {{^}}  _d_y += _d_u * (-std::sin(y));
// CHECK:       {{^}}  _d_t += _d_c * (-std::sin(t));

namespace hand {
double rotate_dt(double t, double y) {
  if (t > 0)
    return -std::sin(t * y) * y * y + std::cos(t * y) * y * t + std::sin(t * y);
  return y;
}
double rotate_dy(double t, double y) {
  if (t > 0)
    return -std::sin(t * y) * t * y + std::cos(t * y) + std::cos(t * y) * t * t;
  return t;
}
double exps_dt(double t, double y) {
  return y * std::exp(t * y) + y * y * std::exp(t * y) + (y + 1) * std::exp(t * (y + 1));
}
double exps_dy(double t, double y) {
  return t * std::exp(t * y) + std::exp(t * y) + t * y * std::exp(t * y) +
         t * std::exp(t * (y + 1));
}
// acc = sum_i sin(t + i) y + sin(t + i) cos(t + i) y
double loop_dt(double t, double y) {
  double d = 0;
  for (int i = 0; i < 3; ++i)
    d += std::cos(t + i) * y + std::cos(2 * (t + i)) * y;
  return d;
}
double loop_dy(double t, double) {
  double d = 0;
  for (int i = 0; i < 3; ++i)
    d += std::sin(t + i) + std::sin(t + i) * std::cos(t + i);
  return d;
}
// a = sin(t), b = sin(t y) cos(t y), sin(y) 2 cos(y)
double unlike_dt(double t, double y) { return std::cos(t) + y * std::cos(2 * t * y); }
double unlike_dy(double t, double y) {
  (void)y;
  return t * std::cos(2 * t * y) + 2 * std::cos(2 * y);
}
double later_dt(double t, double y) {
  return -std::sin(t * y) * y * y + std::cos(t * y) * y * t + std::sin(t * y);
}
double later_dy(double t, double y) {
  return -std::sin(t * y) * t * y + std::cos(t * y) + std::cos(t * y) * t * t;
}
// y <= 5: cos(t) sin(t) + cos(y) sin(2 y); else cos(t)
double later_not_dt(double t, double y) {
  return y > 5 ? -std::sin(t) : std::cos(2 * t);
}
double later_not_dy(double t, double y) {
  (void)t;
  return y > 5 ? 0 : -std::sin(y) * std::sin(2 * y) + 2 * std::cos(y) * std::cos(2 * y);
}
} // namespace hand

template <typename F, typename G, typename J>
void check_all(const char *name, F f, G grad, J jvp, double (*dt)(double, double),
               double (*dy)(double, double), double t, double y, double tolerance = 1e-12) {
  ad_test::check_gradient(name, f, grad, t, y, dt(t, y), dy(t, y), tolerance);
  double t_ret = 0;
  double value = jvp(t, y, 1.0, 0.0, &t_ret);
  ad_test::check("jvp value bit for bit", value == f(t, y), 1, 0);
  ad_test::check("jvp d/dt vs hand", t_ret, dt(t, y), tolerance);
  jvp(t, y, 0.0, 1.0, &t_ret);
  ad_test::check("jvp d/dy vs hand", t_ret, dy(t, y), tolerance);
}

int main() {
  for (double t : {0.7, -0.4, 1.3})
    for (double y : {0.5, -1.1}) {
      check_all("rotate", rotate, rotate_grad, rotate_jvp, hand::rotate_dt, hand::rotate_dy, t, y);
      check_all("exps", exps, exps_grad, exps_jvp, hand::exps_dt, hand::exps_dy, t, y);
      check_all("loop", loop, loop_grad, loop_jvp, hand::loop_dt, hand::loop_dy, t, y);
      check_all("unlike", unlike, unlike_grad, unlike_jvp, hand::unlike_dt, hand::unlike_dy, t, y);
      check_all("later", later, later_grad, later_jvp, hand::later_dt, hand::later_dy, t, y);
      check_all("later_not", later_not, later_not_grad, later_not_jvp, hand::later_not_dt,
                hand::later_not_dy, t, y);
      check_all("later_not", later_not, later_not_grad, later_not_jvp, hand::later_not_dt,
                hand::later_not_dy, t, y + 6); // the early return
      // cosf's value moves in float steps, too coarse for central
      // differences: against the hand-derived gradient only, at float's
      // precision.
      double dt = 0, dy = 0;
      double value = in_float_grad(t, y, &dt, &dy);
      float cf = std::cos(static_cast<float>(t));
      ad_test::check("in_float value bit for bit", value == in_float(t, y), 1, 0);
      ad_test::check("in_float d_t vs hand", dt,
                     (std::cos(t) * cf - std::sin(t) * std::sin(static_cast<float>(t))) * y, 1e-6);
      ad_test::check("in_float d_y vs hand", dy, std::sin(t) * cf, 1e-12);
    }
  return ad_test::report();
}
