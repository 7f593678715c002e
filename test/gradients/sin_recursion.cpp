// The seed workload W1: y = sin(y + x) a hundred times. f_grad must match a
// hand-written adjoint (rel. 1e-12) and central differences (rel. 1e-6) all
// over [-2, 2], and return f's value bit for bit.
// f has one input, so by default f_grad is in forward mode (FORWARD); the
// reverse mode it would otherwise get is forced and checked too.
// RUN: %adxx -O2 %s -o %t -fplugin-arg-ad-mode=reverse -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: FileCheck %s --input-file=%t.gen/sin_recursion.ad.cpp
// RUN: %adxx -O2 %s -o %t.fwd -fplugin-arg-ad-emit=%t.fwd.gen
// RUN: %t.fwd
// RUN: FileCheck %s --check-prefix=FORWARD --input-file=%t.fwd.gen/sin_recursion.ad.cpp

// Forward mode (f_jvp's statements, tangent of x = 1): the derivative travels
// with y; no tape (g++ computes sine and cosine with one sincos).
// FORWARD:      {{^}}double f_grad(double x, double *d_x) {
// FORWARD-NEXT: {{^}}  double _t_x = 1;
// FORWARD-NEXT: {{^}}  double _t_y = 0;
// FORWARD-NEXT: {{^}}  double y = 0.;
// FORWARD-NEXT: {{^}}  for (int i = 0; i < 100; ++i) {
// FORWARD-NEXT: {{^}}    _t_y = std::cos(y + x) * (_t_y + _t_x);
// FORWARD-NEXT: {{^}}    y = std::sin(y + x);
// FORWARD-NEXT: {{^}}  }
// FORWARD-NEXT: {{^}}  *d_x += _t_y;
// FORWARD-NEXT: {{^}}  return y;
// FORWARD-NEXT: {{^}}}

#include "ad_test.hpp"
#include <cmath>

[[ad::differentiate]]
double f(double x) {
  double y = 0.;
  for (int i = 0; i < 100; ++i)
    y = std::sin(y + x);
  return y;
}

// The emitted file also holds these comments: patterns are anchored at the
// start of the line so that they only match generated code.
// The sine is computed with its derivative (sincos) and only the cosine is
// stored, one double per iteration, in a stack tape sized by the trip count.
// CHECK:      {{^}}double f_grad(double x, double *d_x) {
// CHECK:      {{^}}  ::ad::StackTape<double, 100> _partials;
// CHECK:      {{^}}  for (i = 0; i < 100; ++i) {
// CHECK-NEXT: {{^}}    _t0++;
// CHECK-NEXT: {{^}}    y = ::ad::sin(y + x, _partials);
// CHECK-NEXT: {{^}}  }
// CHECK:      {{^}}  for (; _t0; _t0--) {
// CHECK-NOT:  {{^ +}}y = _tape.pop();
// CHECK:      {{^ +}}double _r1 = _r0 * _partials.pop();
// CHECK-NEXT: {{^ +}}_d_y = _r1;
// CHECK-NEXT: {{^ +}}_d_x += _r1;
// CHECK:      {{^}}  *d_x += _d_x;
// CHECK-NEXT: {{^}}  return _ret;

// A hand-written adjoint: store each y, then walk back.
static double hand_adjoint(double x) {
  double ys[100];
  double y = 0.;
  for (int i = 0; i < 100; ++i) {
    ys[i] = y;
    y = std::sin(y + x);
  }
  double dy = 1, dx = 0;
  for (int i = 99; i >= 0; --i) {
    double c = std::cos(ys[i] + x);
    dx += dy * c;
    dy *= c;
  }
  return dx;
}

int main() {
  for (int k = 0; k < 250; ++k) {
    double x = -2 + 4.0 * k / 249;
    double dx = 0;
    double value = f_grad(x, &dx);
    ad_test::check("value bit for bit", value == f(x), 1, 0);
    ad_test::check("vs hand adjoint", dx, hand_adjoint(x), 1e-12);
    ad_test::check("vs central differences", dx,
                   ad_test::central_difference(f, x), 1e-6);
  }
  // d_ pointers accumulate: a second call adds the same derivative again.
  double dx = 0;
  f_grad(1.0, &dx);
  f_grad(1.0, &dx);
  ad_test::check("accumulates", dx, 2 * hand_adjoint(1.0), 1e-12);
  return ad_test::report();
}
