// do / while (contract §3): the body runs at least once, and the exit depends
// on an active value or on an iteration cap. Points cover one trip (x >= 10),
// an active exit, and the cap; checked against a hand tangent sweep.
// RUN: %adxx -O2 %s -o %t -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: FileCheck %s --input-file=%t.gen/do_while.ad.cpp

#include "ad_test.hpp"
#include <cmath>

[[ad::differentiate]]
double f(double x, double y) {
  double s = x;
  int i = 0;
  do {
    double t = s * y;
    s = t + std::sin(s);
    ++i;
  } while (s < 10 && i < 20);
  return s * i;
}
// CHECK-LABEL: {{^}}double f_grad(double x, double y, double *d_x, double *d_y) {
// CHECK:       {{^}}  do {
// CHECK-NEXT:  {{^}}    [[T:_t[0-9]+]]++;
// CHECK:       {{^}}    _tape.push(s);
// CHECK-NEXT:  {{^}}    s = t + {{.*}}sin(s{{.*}});
// CHECK:       {{^}}  } while (s < 10 && i < 20);
// CHECK:       {{^}}  for (; [[T]]; [[T]]--) {
// CHECK:       {{^ +}}s = _tape.pop();
// CHECK:       {{^ +}}_d_s += _d_t * y;
// CHECK-NEXT:  {{^ +}}_d_y += s * _d_t;
// CHECK:       {{^}}  _d_x += _d_s;

struct Tan { double v, dx, dy; };

static Tan f_tangent(double x, double y, int &trips) {
  Tan s = {x, 1, 0};
  int i = 0;
  do {
    Tan t = {s.v * y, s.dx * y, s.dy * y + s.v};
    s = {t.v + std::sin(s.v), t.dx + std::cos(s.v) * s.dx, t.dy + std::cos(s.v) * s.dy};
    ++i;
  } while (s.v < 10 && i < 20);
  trips = i;
  return {s.v * i, s.dx * i, s.dy * i};
}

int main() {
  // {12, 1}: one trip; {0.5, 1.3}, {2, 1.4}: leave on s >= 10 after 10 and 5
  // trips; {1, -0.5}, {3, 0.9}: stop at the cap of 20.
  double pts[][2] = {{12, 1}, {0.5, 1.3}, {2, 1.4}, {1, -0.5}, {3, 0.9}};
  bool one = false, active = false, cap = false;
  for (auto &p : pts) {
    double x = p[0], y = p[1];
    int trips;
    Tan want = f_tangent(x, y, trips);
    one |= trips == 1, cap |= trips == 20, active |= trips > 1 && trips < 20;
    ad_test::check_gradient("f", f, f_grad, x, y, want.dx, want.dy);
  }
  ad_test::check("one trip, active exit and cap all seen", one && active && cap, 1, 0);
  return ad_test::report();
}
