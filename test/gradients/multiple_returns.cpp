// Several returns (contract §3): in if branches, inside a loop and inside a
// nested loop, plus the final one. The reverse sweep starts from the return
// taken; points below reach every return. Checked against a hand tangent.
// RUN: %adxx -O2 %s -o %t -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: FileCheck %s --input-file=%t.gen/multiple_returns.ad.cpp

#include "ad_test.hpp"
#include <cmath>

[[ad::differentiate]]
double f(double x, double y) {
  if (x < 0)
    return x * y;
  double s = x;
  if (y > 2) {
    s = s * y;
    return s * s;
  }
  for (int i = 0; i < 10; ++i) {
    s = s * y + 1;
    if (s > 5)
      return s * x;
  }
  return std::sqrt(s) + y;
}
// A return stores the result and jumps to the matching point of the reverse
// sweep, which then undoes only what ran before it.
// CHECK-LABEL: {{^}}double f_grad(double x, double y, double *d_x, double *d_y) {
// CHECK:       {{^}}    _ret = x * y;
// CHECK-NEXT:  {{^}}    goto [[L0:_label[0-9]+]];
// CHECK:       {{^}}    _ret = s * s;
// CHECK-NEXT:  {{^}}    goto [[L1:_label[0-9]+]];
// CHECK:       {{^}}  for (i = 0; i < 10; ++i) {
// CHECK:       {{^}}      _ret = s * x;
// CHECK-NEXT:  {{^}}      goto [[L2:_label[0-9]+]];
// CHECK:       {{^}}  _ret = std::sqrt(s) + y;
// CHECK:       {{^}}  for (; [[T:_t[0-9]+]]; [[T]]--) {
// CHECK:       {{^}}      [[L2]]:;
// CHECK-NEXT:  {{^}}      _d_s += x;
// CHECK-NEXT:  {{^}}      _d_x += s;
// CHECK:       {{^}}    [[L1]]:;
// CHECK:       {{^}}    [[L0]]:;
// CHECK-NEXT:  {{^}}    _d_x += y;
// CHECK-NEXT:  {{^}}    _d_y += x;
// CHECK:       {{^}}  *d_x += _d_x;
// CHECK-NEXT:  {{^}}  *d_y += _d_y;
// CHECK-NEXT:  {{^}}  return _ret;

// A return from the inner of two loops.
[[ad::differentiate]]
double g(double x, double y) {
  double s = x;
  for (int i = 0; i < 4; ++i) {
    for (int j = 0; j < 4; ++j) {
      s = s * y + 0.5;
      if (s > 3)
        return s * x;
    }
    s = std::sin(s);
  }
  return s;
}
// CHECK-LABEL: {{^}}double g_grad(double x, double y, double *d_x, double *d_y) {
// CHECK:       {{^}}        _ret = s * x;
// CHECK-NEXT:  {{^}}        goto [[L:_label[0-9]+]];
// CHECK:       {{^}}        [[L]]:;
// CHECK:       {{^}}  return _ret;

struct Tan { double v, dx, dy; };

static Tan f_tangent(double x, double y, int &which) {
  if (x < 0) return which = 0, Tan{x * y, y, x};
  if (y > 2) {
    double s = x * y;
    return which = 1, Tan{s * s, 2 * s * y, 2 * s * x};
  }
  Tan s = {x, 1, 0};
  for (int i = 0; i < 10; ++i) {
    s = {s.v * y + 1, s.dx * y, s.dy * y + s.v};
    if (s.v > 5) return which = 2, Tan{s.v * x, s.dx * x + s.v, s.dy * x};
  }
  double r = std::sqrt(s.v);
  return which = 3, Tan{r + y, s.dx / (2 * r), s.dy / (2 * r) + 1};
}

static Tan g_tangent(double x, double y, bool &inner) {
  Tan s = {x, 1, 0};
  inner = true;
  for (int i = 0; i < 4; ++i) {
    for (int j = 0; j < 4; ++j) {
      s = {s.v * y + 0.5, s.dx * y, s.dy * y + s.v};
      if (s.v > 3) return {s.v * x, s.dx * x + s.v, s.dy * x};
    }
    s = {std::sin(s.v), std::cos(s.v) * s.dx, std::cos(s.v) * s.dy};
  }
  inner = false;
  return s;
}

int main() {
  // -1: x < 0; {0.8, 2.5}: y > 2; {1, 1.5}: return in the loop; {0.5, 0.5}: last.
  double pts[][2] = {{-1, 0.7}, {0.8, 2.5}, {1, 1.5}, {0.5, 0.5}, {2, 1.1}, {1.2, -0.4}};
  int seen[4] = {}, inner_seen = 0, end_seen = 0;
  for (auto &p : pts) {
    double x = p[0], y = p[1];
    int which;
    Tan want = f_tangent(x, y, which);
    ++seen[which];
    ad_test::check_gradient("f", f, f_grad, x, y, want.dx, want.dy);

    bool inner;
    want = g_tangent(x, y, inner);
    (inner ? inner_seen : end_seen)++;
    ad_test::check_gradient("g", g, g_grad, x, y, want.dx, want.dy);
  }
  for (int i = 0; i < 4; ++i)
    ad_test::check("f: every return reached", seen[i] > 0, 1, 0);
  ad_test::check("g: both returns reached", inner_seen > 0 && end_seen > 0, 1, 0);
  return ad_test::report();
}
