// break (contract §3) on active conditions: out of a for loop (or it runs to
// its end), out of while (true), and out of an inner loop only. Points cover
// both outcomes; checked against a hand tangent sweep.
// RUN: %adxx -O2 %s -o %t -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: FileCheck %s --input-file=%t.gen/break.ad.cpp

#include "ad_test.hpp"
#include <cmath>

[[ad::differentiate]]
double f(double x, double y) {
  double s = 0;
  for (int i = 0; i < 100; ++i) {
    s = s + x * std::sin(s + y);
    if (s > 2)
      break;
    s *= 1.1;
  }
  double t = y;
  while (true) {
    t = t * 1.5 + x;
    if (t > 5 || t < -5)
      break;
    t += std::sin(x);
  }
  double q = x;
  for (int i = 0; i < 3; ++i) {
    for (int j = 0; j < 10; ++j) {
      q = q * y + 1;
      if (q > 3)
        break;
    }
    q = q / 4;
  }
  return s + t + q;
}
// A break records on the control-flow tape how the iteration ended; the
// reverse loop pops it and skips the statements the forward sweep skipped.
// CHECK-LABEL: {{^}}double f_grad(double x, double y, double *d_x, double *d_y) {
// CHECK:       {{^}}  for (i = 0; i < 100; ++i) {
// CHECK-NEXT:  {{^}}    [[T0:_t[0-9]+]]++;
// CHECK:       {{^}}    [[C0:_cond[0-9]+]] = s > 2;
// CHECK-NEXT:  {{^}}    if ([[C0]]) {
// CHECK-NEXT:  {{^}}      _tape_cf.push([[EXIT:[0-9]+]]);
// CHECK-NEXT:  {{^}}      break;
// CHECK-NEXT:  {{^}}    }
// CHECK:       {{^}}    s *= 1.1;
// CHECK-NEXT:  {{^}}    _tape_cf.push(0); // iteration ran to its end
// CHECK:       {{^}}  while (true) {
// CHECK:       {{^}}      break;
// CHECK:       {{^}}  _ret = s + t + q;
// CHECK:       {{^}}  for (; [[T0]]; [[T0]]--) {
// CHECK-NEXT:  {{^}}    switch (_tape_cf.pop()) {
// CHECK-NEXT:  {{^}}      case [[EXIT]]:
// CHECK-NEXT:  {{^}}        goto [[L:_label[0-9]+]];
// CHECK:       {{^}}    if ([[C0]]) {
// CHECK-NEXT:  {{^}}      [[L]]:;
// CHECK:       {{^}}  *d_x += _d_x;

struct Tan { double v, dx, dy; };

static Tan f_tangent(double x, double y, bool &s_broke, int &inner_breaks) {
  Tan s = {0, 0, 0};
  s_broke = false;
  for (int i = 0; i < 100; ++i) {
    double u = s.v + y, c = std::cos(u), sn = std::sin(u);
    s = {s.v + x * sn, s.dx + sn + x * c * s.dx, s.dy + x * c * (s.dy + 1)};
    if (s.v > 2) {
      s_broke = true;
      break;
    }
    s = {s.v * 1.1, s.dx * 1.1, s.dy * 1.1};
  }
  Tan t = {y, 0, 1};
  while (true) {
    t = {t.v * 1.5 + x, t.dx * 1.5 + 1, t.dy * 1.5};
    if (t.v > 5 || t.v < -5) break;
    t = {t.v + std::sin(x), t.dx + std::cos(x), t.dy};
  }
  Tan q = {x, 1, 0};
  inner_breaks = 0;
  for (int i = 0; i < 3; ++i) {
    for (int j = 0; j < 10; ++j) {
      q = {q.v * y + 1, q.dx * y, q.dy * y + q.v};
      if (q.v > 3) {
        ++inner_breaks;
        break;
      }
    }
    q = {q.v / 4, q.dx / 4, q.dy / 4};
  }
  return {s.v + t.v + q.v, s.dx + t.dx + q.dx, s.dy + t.dy + q.dy};
}

int main() {
  double pts[][2] = {{1.5, 0.3}, {-0.5, 0.3}, {0.8, 1.2}, {-0.3, -0.4}, {2.2, 1.7}};
  int broke = 0, ran = 0, inner_broke = 0, inner_ran = 0;
  for (auto &p : pts) {
    double x = p[0], y = p[1];
    bool s_broke;
    int inner_breaks;
    Tan want = f_tangent(x, y, s_broke, inner_breaks);
    (s_broke ? broke : ran)++;
    inner_broke += inner_breaks, inner_ran += 3 - inner_breaks;
    double value = ad_test::check_gradient("f", f, f_grad, x, y, want.dx, want.dy);
    ad_test::check("value vs hand sweep", value, want.v, 1e-12);
  }
  ad_test::check("for loop: left by break and ran to its end", broke > 0 && ran > 0, 1, 0);
  ad_test::check("inner loop: left by break and ran to its end",
                 inner_broke > 0 && inner_ran > 0, 1, 0);
  return ad_test::report();
}
