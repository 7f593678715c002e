// if / else and else-if chains whose conditions depend on active values
// (contract §3): the taken branch is differentiated. The points below take
// every branch (counted and checked); an if inside a loop records its branch.
// Reverse mode (forced: these functions have one active input, which
// otherwise gets forward mode), then forward mode, checked at run time.
// RUN: %adxx -O2 %s -o %t -fplugin-arg-ad-mode=reverse -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: FileCheck %s --input-file=%t.gen/if_else.ad.cpp
// RUN: %adxx -O2 %s -o %t.fwd -fplugin-arg-ad-emit=%t.fwd.gen
// RUN: %t.fwd

#include "ad_test.hpp"
#include <cmath>

[[ad::differentiate]]
double f(double x, double y) {
  double r = x * y;
  if (x > y)
    r = r * x;
  else
    r = r + std::exp(y);
  if (r < -1) {
    r = -r * r;
  } else if (r < 1) {
    r = std::sin(r) * y;
  } else if (r < 4) {
    r *= x;
  } else {
    r = std::log(r);
  }
  return r;
}
// Each condition is evaluated once, in the forward sweep; the reverse sweep
// replays the recorded outcome (r has been overwritten by then).
// CHECK-LABEL: {{^}}double f_grad(double x, double y, double *d_x, double *d_y) {
// CHECK:       {{^}}  [[C0:_cond[0-9]+]] = x > y;
// CHECK-NEXT:  {{^}}  if ([[C0]]) {
// CHECK:       {{^}}  [[C1:_cond[0-9]+]] = r < -1;
// CHECK-NEXT:  {{^}}  if ([[C1]]) {
// CHECK:       {{^}}    [[C2:_cond[0-9]+]] = r < 1;
// CHECK-NEXT:  {{^}}    if ([[C2]]) {
// CHECK:       {{^}}      [[C3:_cond[0-9]+]] = r < 4;
// CHECK-NEXT:  {{^}}      if ([[C3]]) {
// CHECK:       {{^}}  _ret = r;
// CHECK:       {{^}}  if ([[C1]]) {
// CHECK:       {{^}}    if ([[C2]]) {
// CHECK:       {{^ +}}_d_y += std::sin(r) * [[R:_r[0-9]+]];
// CHECK:       {{^}}      if ([[C3]]) {
// CHECK:       {{^ +}}_d_x += r * [[R2:_r[0-9]+]];
// CHECK:       {{^}}  if ([[C0]]) {
// CHECK:       {{^ +}}_d_y += [[R3:_r[0-9]+]] * std::exp(y);
// CHECK:       {{^}}  *d_x += _d_x;

// Inside a loop the branch taken in each iteration goes on the control-flow
// tape and comes back, last iteration first.
[[ad::differentiate]]
double g(double x, int n) {
  double s = x;
  for (int i = 0; i < n; ++i) {
    if (s > 1)
      s = s * 0.5;
    else
      s = s * s + x;
  }
  return s;
}
// CHECK-LABEL: {{^}}double g_grad(double x, int n, double *d_x) {
// CHECK:       {{^}}    [[C:_cond[0-9]+]] = s > 1;
// CHECK-NEXT:  {{^}}    if ([[C]]) {
// CHECK:       {{^}}    _tape_cf.push([[C]]);
// CHECK-NEXT:  {{^}}  }
// CHECK:       {{^}}  for (; [[T:_t[0-9]+]]; [[T]]--) {
// CHECK-NEXT:  {{^}}    [[C]] = _tape_cf.pop();
// CHECK-NEXT:  {{^}}    if ([[C]]) {
// CHECK:       {{^ +}}_d_s = [[R0:_r[0-9]+]] * 0.5;
// CHECK-NEXT:  {{^ +}}} else {
// CHECK:       {{^ +}}_d_x += [[R1:_r[0-9]+]];

int main() {
  // f by hand, branch by branch; taken[] counts the branches the points hit.
  int taken[6] = {};
  double pts[][2] = {{2, 1.2},  {1.5, -1}, {0.5, 0.2},  {1.5, 1.0}, {1.2, 1.5},
                     {0.3, 0.9}, {-2, -0.5}, {-3, 0.2}, {-4, 1}};
  for (auto &p : pts) {
    double x = p[0], y = p[1];
    double r, rx, ry;  // r after the first if, and its partials
    if (x > y) {
      ++taken[0];
      r = x * x * y, rx = 2 * x * y, ry = x * x;
    } else {
      ++taken[1];
      r = x * y + std::exp(y), rx = y, ry = x + std::exp(y);
    }
    double wx, wy;
    if (r < -1) {
      ++taken[2];
      wx = -2 * r * rx, wy = -2 * r * ry;
    } else if (r < 1) {
      ++taken[3];
      wx = std::cos(r) * y * rx, wy = std::cos(r) * y * ry + std::sin(r);
    } else if (r < 4) {
      ++taken[4];
      wx = x * rx + r, wy = x * ry;
    } else {
      ++taken[5];
      wx = rx / r, wy = ry / r;
    }
    ad_test::check_gradient("f", f, f_grad, x, y, wx, wy);
  }
  for (int b = 0; b < 6; ++b)
    ad_test::check("f: every branch taken at some point", taken[b] > 0, 1, 0);

  // g: x = 0.9 and 3 alternate between the branches, x = -0.5 stays in else.
  int halves = 0, squares = 0;
  double gx[] = {0.9, 3.0, -0.5, 1.3};
  for (double x : gx) {
    const int n = 7;
    double dx = 0;
    double value = g_grad(x, n, &dx);
    ad_test::check("g value bit for bit", value == g(x, n), 1, 0);
    double s = x, ds = 1;  // hand tangent
    for (int i = 0; i < n; ++i) {
      if (s > 1) {
        ++halves;
        s = s * 0.5, ds = ds * 0.5;
      } else {
        ++squares;
        ds = 2 * s * ds + 1, s = s * s + x;
      }
    }
    ad_test::check("g d_x vs hand tangent", dx, ds, 1e-12);
    ad_test::check("g d_x vs central differences", dx,
                   ad_test::central_difference([&](double v) { return g(v, n); }, x), 1e-6);
  }
  ad_test::check("g: both branches taken", halves > 0 && squares > 0, 1, 0);
  return ad_test::report();
}
