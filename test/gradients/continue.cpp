// continue (contract §3): on an inactive condition, on an active one after
// some work, and in a while loop. The reverse sweep must skip exactly what the
// forward sweep skipped; points take both paths. Checked by a hand tangent.
// RUN: %adxx -O2 %s -o %t -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: FileCheck %s --input-file=%t.gen/continue.ad.cpp

#include "ad_test.hpp"
#include <cmath>

[[ad::differentiate]]
double f(double x, double y) {
  double s = 0;
  for (int i = 0; i < 8; ++i) {
    if (i % 3 == 0)
      continue;
    double t = s * y + x;
    if (t > 1) {
      s = s * 0.5 + x;
      continue;
    }
    s = std::sin(t) + s;
  }
  double u = x;
  int k = 0;
  while (k < 6) {
    ++k;
    if (u > 2) {
      u = u - y;
      continue;
    }
    u = u * u + y;
  }
  return s + u;
}
// Each continue records a distinct exit code; the reverse loop jumps to the
// matching point in the reversed body.
// CHECK-LABEL: {{^}}double f_grad(double x, double y, double *d_x, double *d_y) {
// CHECK:       {{^}}  for (i = 0; i < 8; ++i) {
// CHECK-NEXT:  {{^}}    [[T0:_t[0-9]+]]++;
// CHECK:       {{^}}    [[C0:_cond[0-9]+]] = i % 3 == 0;
// CHECK-NEXT:  {{^}}    if ([[C0]]) {
// CHECK-NEXT:  {{^}}      _tape_cf.push([[E1:[1-9]]]);
// CHECK-NEXT:  {{^}}      continue;
// CHECK:       {{^}}    [[C1:_cond[0-9]+]] = t > 1;
// CHECK-NEXT:  {{^}}    if ([[C1]]) {
// CHECK:       {{^}}      _tape_cf.push([[E2:[1-9]]]);
// CHECK-NEXT:  {{^}}      continue;
// CHECK:       {{^}}    _tape_cf.push(0); // iteration ran to its end
// CHECK:       {{^}}  for (; [[T0]]; [[T0]]--) {
// CHECK-NEXT:  {{^}}    switch (_tape_cf.pop()) {
// CHECK-NEXT:  {{^}}      case [[E1]]:
// CHECK-NEXT:  {{^}}        goto [[L1:_label[0-9]+]];
// CHECK-NEXT:  {{^}}      case [[E2]]:
// CHECK-NEXT:  {{^}}        goto [[L2:_label[0-9]+]];
// CHECK:       {{^}}    if ([[C1]]) {
// CHECK-NEXT:  {{^}}      [[L2]]:;
// CHECK:       {{^}}    if ([[C0]]) {
// CHECK-NEXT:  {{^}}      [[L1]]:;
// CHECK:       {{^}}  *d_x += _d_x;

struct Tan { double v, dx, dy; };

static Tan f_tangent(double x, double y, int &early, int &late) {
  Tan s = {0, 0, 0};
  for (int i = 0; i < 8; ++i) {
    if (i % 3 == 0) continue;
    Tan t = {s.v * y + x, s.dx * y + 1, s.dy * y + s.v};
    if (t.v > 1) {
      ++early;
      s = {s.v * 0.5 + x, s.dx * 0.5 + 1, s.dy * 0.5};
      continue;
    }
    ++late;
    s = {std::sin(t.v) + s.v, std::cos(t.v) * t.dx + s.dx, std::cos(t.v) * t.dy + s.dy};
  }
  Tan u = {x, 1, 0};
  for (int k = 0; k < 6; ++k) {
    if (u.v > 2) {
      ++early;
      u = {u.v - y, u.dx, u.dy - 1};
      continue;
    }
    ++late;
    u = {u.v * u.v + y, 2 * u.v * u.dx, 2 * u.v * u.dy + 1};
  }
  return {s.v + u.v, s.dx + u.dx, s.dy + u.dy};
}

int main() {
  double pts[][2] = {{0.3, 0.5}, {0.9, 0.8}, {1.4, -0.3}, {-0.6, 1.2}, {2.5, 0.7}};
  int early = 0, late = 0;
  for (auto &p : pts) {
    double x = p[0], y = p[1];
    Tan want = f_tangent(x, y, early, late);
    double value = ad_test::check_gradient("f", f, f_grad, x, y, want.dx, want.dy);
    ad_test::check("value vs hand sweep", value, want.v, 1e-12);
  }
  ad_test::check("active continue taken and not taken", early > 0 && late > 0, 1, 0);
  return ad_test::report();
}
