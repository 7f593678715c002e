// tanh in a loop computed with its derivative (fused.hpp): `h =
// std::tanh(w * h + x)` becomes `h = ::ad::tanh(w * h + x, _partials)`,
// which pushes the value; the statement's reverse pops it first, takes
// 1 - tanh^2 from it instead of calling cosh, and reads it where a product
// needs tanh's value (an RNN's recurrence; W5's LSTM cell). Also tanh inside a
// product, and arguments where tanh saturates (its derivative ~1e-10).
// Checked against a hand-written adjoint and central differences.
// RUN: %adxx -O2 %s -o %t -fplugin-arg-ad-mode=reverse -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: FileCheck %s --input-file=%t.gen/fused_tanh.ad.cpp

#include "ad_test.hpp"
#include "../fuzz/dual.hpp"
#include <cmath>

[[ad::differentiate]]
double rnn(double w, double x) {
  double h = 0.1;
  double s = 0;
  for (int i = 0; i < 50; ++i) {
    h = std::tanh(w * h + x);
    s += w * std::tanh(h - 0.5);
  }
  return s + h;
}
// CHECK-LABEL: {{^}}double rnn_grad({{.*}}) {
// CHECK:       {{^}}    h = ::ad::tanh(w * h + x, _partials);
// CHECK-NEXT:  {{^}}    s += w * ::ad::tanh(h - 0.5, _partials);
// CHECK-NOT:   cosh
// The pushed value serves the product's other factor and the derivative:
// CHECK:       {{^}}      double [[V:_r[0-9]+]] = _partials.pop();
// CHECK-NEXT:  {{^}}      _d_w += _d_s * [[V]];
// CHECK-NEXT:  {{^}}      double {{_r[0-9]+}} = w * _d_s * (1 - [[V]] * [[V]]);
// CHECK-NOT:   tanh(h - 0.5)
// CHECK:       {{^}}  *d_w += _d_w;

// The hand-written adjoint: forward storing h, backward through both
// statements of each iteration.
static double rnn_hand(double w, double x, double &dw, double &dx) {
  double hs[51], h = 0.1, s = 0;
  hs[0] = h;
  for (int i = 0; i < 50; ++i) {
    h = std::tanh(w * hs[i] + x);
    hs[i + 1] = h;
    s += w * std::tanh(h - 0.5);
  }
  double dh = 1; // d(s + h)/dh_50
  dw = dx = 0;
  for (int i = 49; i >= 0; --i) {
    double t = std::tanh(hs[i + 1] - 0.5);
    dw += t;                        // s += w * t
    dh += w * (1 - t * t);          // through t into h_{i+1}
    double a = 1 - hs[i + 1] * hs[i + 1]; // h_{i+1} = tanh(w h_i + x)
    dw += dh * a * hs[i];
    dx += dh * a;
    dh = dh * a * w;
  }
  return s + h;
}

// tanh fused in a for loop's increment: its value's pop leads the
// increment's own reverse, not the next statement's.
[[ad::differentiate]]
double in_increment(double x) {
  double y = 0.3, s = 0;
  for (int i = 0; i < 20; ++i, y = std::tanh(y * x + 0.1))
    s += y * std::tanh(s * 0.1 + x);
  return s + y;
}
// CHECK-LABEL: {{^}}double in_increment_grad({{.*}}) {
// CHECK:       {{^}}  for (i = 0; i < 20; ++i, {{.*}}y = ::ad::tanh(y * x + 0.1, _partials)) {
// CHECK:       {{^}}  for (; _t0; _t0--) {
// CHECK-NEXT:  {{^}}    double [[V:_r[0-9]+]] = _partials.pop();
// CHECK-NEXT:  {{^}}    y = _tape.pop();

// The same with dual numbers (test/fuzz/dual.hpp): the independent derivative.
static fz::dual in_increment_dual(fz::dual x) {
  fz::dual y = 0.3, s = 0;
  for (int i = 0; i < 20; ++i, y = tanh(y * x + 0.1))
    s += y * tanh(s * 0.1 + x);
  return s + y;
}

int main() {
  for (double x : {1.3, -0.4, 3.0}) {
    double dx = 0;
    double v = in_increment_grad(x, &dx);
    ad_test::check("in_increment value bit for bit", v == in_increment(x), 1, 0);
    ad_test::check("in_increment d_x vs dual numbers", dx, in_increment_dual(fz::dual(x, 1)).d, 1e-12);
    ad_test::check("in_increment d_x vs central differences", dx,
                   ad_test::central_difference(in_increment, x), 1e-6);
  }
  for (double w : {0.7, -1.3, 2.5})
    for (double x : {0.2, -0.6, 12.0}) { // 12: tanh saturates
      double dw = 0, dx = 0, hw = 0, hx = 0;
      double v = rnn_grad(w, x, &dw, &dx);
      double hv = rnn_hand(w, x, hw, hx);
      ad_test::check("rnn value bit for bit", v == rnn(w, x), 1, 0);
      ad_test::check("rnn value vs hand", v, hv, 1e-15);
      ad_test::check("rnn d_w vs hand", dw, hw, 1e-12);
      ad_test::check("rnn d_x vs hand", dx, hx, 1e-12);
      ad_test::check("rnn d_w vs central differences", dw,
                     ad_test::central_difference([&](double t) { return rnn(t, x); }, w), 1e-6);
      ad_test::check("rnn d_x vs central differences", dx,
                     ad_test::central_difference([&](double t) { return rnn(w, t); }, x), 1e-6);
    }
  return ad_test::report();
}
