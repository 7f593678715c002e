// The reverse of `y = E(y)` zeroes _d_y before E's partials flow into it.
// When the first of them is a plain `_d_y += s` it is written `_d_y = s`
// instead (one dependent add less per iteration of a recurrence). Where the
// first write comes through a `?:` branch or a helper's pullback, the reset
// stays in front of it. Checked against a hand tangent and differences.
// The checked text is reverse mode's; the default (forward mode for
// one-input gradients) is run too.
// RUN: %adxx -O2 %s -o %t -fplugin-arg-ad-mode=reverse -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: %adxx -O2 %s -o %t.fwd
// RUN: %t.fwd
// RUN: FileCheck %s --input-file=%t.gen/self_assign_reset.ad.cpp

#include "ad_test.hpp"

#include <cmath>

// Two parameters: not computed with its derivative (FusedCalls.cpp), so its
// pullback runs in the reverse sweep.
static double scaled_sq(double v, double s) { return v * v * s; }

[[ad::differentiate]]
double f(double x) {
  double y = x;
  for (int i = 0; i < 3; ++i) {
    y = y * std::sin(y) + x;             // first write is a leaf: `=`
    y = (y > 0 ? y : -y) * x;            // through ?:: reset, then +=
    y = scaled_sq(y, 0.25) + y;          // through a pullback: reset first
  }
  return y;
}

// CHECK-LABEL: {{^}}double f_grad(double x, double *d_x) {
// CHECK:       {{^ +}}double [[R3:_r[0-9]+]] = _d_y;
// CHECK-NEXT:  {{^ +}}_d_y = 0;
// CHECK-NEXT:  {{^ +}}scaled_sq_pullback(y, 0.25, [[R3]], &_d_y);
// CHECK-NEXT:  {{^ +}}_d_y += [[R3]];
// CHECK:       {{^ +}}double [[R2:_r[0-9]+]] = _d_y;
// CHECK-NEXT:  {{^ +}}_d_y = 0;
// CHECK-NEXT:  {{^ +}}if (y > 0) {
// CHECK-NEXT:  {{^ +}}_d_y += [[R2]] * x;
// CHECK:       {{^ +}}double [[R0:_r[0-9]+]] = _d_y;
// CHECK-NEXT:  {{^ +}}_d_y = [[R0]] * std::sin(y);
// CHECK-NEXT:  {{^ +}}double [[R1:_r[0-9]+]] = y * [[R0]] * _partials.pop();
// CHECK-NEXT:  {{^ +}}_d_y += [[R1]];
// CHECK:       {{^}}  *d_x += _d_x;

// Value and derivative along x, propagated by hand.
static void f_tangent(double x, double &v, double &dv) {
  double y = x, dy = 1;
  for (int i = 0; i < 3; ++i) {
    double s = std::sin(y), c = std::cos(y);
    dy = dy * s + y * c * dy + 1;
    y = y * s + x;
    double sign = y > 0 ? 1 : -1;
    dy = sign * dy * x + sign * y;
    y = sign * y * x;
    dy = 2 * y * dy * 0.25 + dy;
    y = y * y * 0.25 + y;
  }
  v = y;
  dv = dy;
}

int main() {
  const double points[] = {-1.3, -0.4, 0.2, 0.9, 1.7};
  for (double x : points) {
    double dx = 0;
    double value = f_grad(x, &dx);
    double want, dwant;
    f_tangent(x, want, dwant);
    ad_test::check("value bit for bit", value == f(x), 1, 0);
    ad_test::check("value vs hand sweep", value, want, 1e-12);
    ad_test::check("d_x vs hand tangent", dx, dwant, 1e-10);
    ad_test::check("d_x vs central differences", dx,
                   ad_test::central_difference(f, x), 1e-5);
  }
  return ad_test::report();
}
