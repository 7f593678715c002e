// for loops (contract §3): an int-bound loop, a loop counting down by 2 with a
// body-local, one with its init outside, and one with an active double
// counter whose trip count depends on x. Checked against a hand tangent sweep.
// RUN: %adxx -O2 %s -o %t -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: FileCheck %s --input-file=%t.gen/for_loop.ad.cpp

#include "ad_test.hpp"
#include <cmath>

[[ad::differentiate]]
double f(double x, double y, int n) {
  double p = 1;
  for (int i = 0; i < n; ++i)
    p = p * x + y;
  double s = 0;
  for (int i = n; i > 0; i -= 2) {
    double t = std::cos(s * y);
    s += t * x / i;
  }
  int j = 0;
  for (; j < 3; j++)
    p *= s;
  for (double z = x; z < 3; z += 1.0)
    s += z * y;
  return p + s;
}
// Each forward loop counts its iterations and saves what it overwrites; each
// reverse loop runs that many times, restoring as it goes.
// CHECK-LABEL: {{^}}double f_grad(double x, double y, int n, double *d_x, double *d_y) {
// CHECK:       {{^}}  for (i = 0; i < n; ++i) {
// CHECK-NEXT:  {{^}}    [[T0:_t[0-9]+]]++;
// CHECK-NEXT:  {{^}}    _tape.push(p);
// CHECK-NEXT:  {{^}}    p = p * x + y;
// CHECK-NEXT:  {{^}}  }
// CHECK:       {{^}}  for ([[I:i_[0-9]+]] = n; [[I]] > 0; {{.*}}[[I]] -= 2) {
// CHECK-NEXT:  {{^}}    [[T1:_t[0-9]+]]++;
// CHECK:       {{^}}  for (; j < 3; j++) {
// CHECK-NEXT:  {{^}}    [[T2:_t[0-9]+]]++;
// CHECK:       {{^}}  for (z = x; z < 3; {{.*}}z += 1.0) {
// CHECK-NEXT:  {{^}}    [[T3:_t[0-9]+]]++;
// CHECK:       {{^}}  for (; [[T3]]; [[T3]]--) {
// CHECK:       {{^ +}}_d_z += _d_s * y;
// CHECK:       {{^}}  _d_x += _d_z;
// CHECK-NEXT:  {{^}}  for (; [[T2]]; [[T2]]--) {
// CHECK-NEXT:  {{^}}    p = _tape.pop();
// CHECK:       {{^}}  for (; [[T1]]; [[T1]]--) {
// CHECK:       {{^ +}}double [[R:_r[0-9]+]] = _d_s / [[I]];
// CHECK:       {{^}}  for (; [[T0]]; [[T0]]--) {
// CHECK-NEXT:  {{^}}    p = _tape.pop();
// CHECK:       {{^}}  *d_x += _d_x;

struct Tan { double v, dx, dy; };

static Tan f_tangent(double x, double y, int n) {
  Tan p = {1, 0, 0};
  for (int i = 0; i < n; ++i) p = {p.v * x + y, p.dx * x + p.v, p.dy * x + 1};
  Tan s = {0, 0, 0};
  for (int i = n; i > 0; i -= 2) {
    double u = s.v * y, ux = s.dx * y, uy = s.dy * y + s.v;
    Tan t = {std::cos(u), -std::sin(u) * ux, -std::sin(u) * uy};
    s = {s.v + t.v * x / i, s.dx + (t.dx * x + t.v) / i, s.dy + t.dy * x / i};
  }
  for (int j = 0; j < 3; j++)
    p = {p.v * s.v, p.dx * s.v + p.v * s.dx, p.dy * s.v + p.v * s.dy};
  for (double z = x; z < 3; z += 1.0)  // dz/dx = 1
    s = {s.v + z * y, s.dx + y, s.dy + z};
  return {p.v + s.v, p.dx + s.dx, p.dy + s.dy};
}

int main() {
  // x = 3.5 skips the z loop; x = -1.3 runs it 5 times; n = 0 skips two loops.
  struct { double x, y; int n; } pts[] = {
      {0.7, 0.4, 3}, {-1.3, 0.9, 4}, {2.4, -0.6, 5}, {3.5, 0.3, 2}, {0.2, 1.1, 0}};
  for (auto p : pts) {
    double x = p.x, y = p.y;
    int n = p.n;
    double dx = 0, dy = 0;
    double value = f_grad(x, y, n, &dx, &dy);
    ad_test::check("value bit for bit", value == f(x, y, n), 1, 0);
    Tan want = f_tangent(x, y, n);
    ad_test::check("value vs hand sweep", value, want.v, 1e-12);
    ad_test::check("d_x vs hand tangent", dx, want.dx, 1e-12);
    ad_test::check("d_y vs hand tangent", dy, want.dy, 1e-12);
    ad_test::check("d_x vs central differences", dx,
                   ad_test::central_difference([&](double v) { return f(v, y, n); }, x), 1e-6);
    ad_test::check("d_y vs central differences", dy,
                   ad_test::central_difference([&](double v) { return f(x, v, n); }, y), 1e-6);
  }
  return ad_test::report();
}
