// switch (contract §3): cases, fallthrough, grouped labels with a block,
// default, break; and a switch inside a loop whose selector depends on an
// active value, with a break nested in an if. Every case is exercised.
// RUN: %adxx -O2 %s -o %t -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: FileCheck %s --input-file=%t.gen/switch.ad.cpp

#include "ad_test.hpp"
#include <cmath>

[[ad::differentiate]]
double f(double x, double y, int mode) {
  double r = x;
  switch (mode) {
  case 0:
    r = r * y;
    break;
  case 1:
    r = r * r;
    // fall through
  case 2:
    r += std::sin(y);
    break;
  case 3:
  case 4: {
    double t = r * x;
    r = t * y;
    break;
  }
  default:
    r = r / y;
  }
  return r * x;
}
// The forward sweep records the selector and which break left the switch;
// the reverse sweep enters the reversed cases at that break and leaves at the
// case label the selector matched.
// CHECK-LABEL: {{^}}double f_grad(double x, double y, int mode, double *d_x, double *d_y) {
// CHECK:       {{^}}  [[SW:_sw[0-9]+]] = mode;
// CHECK:       {{^}}  switch ([[SW]]) {
// CHECK:       {{^}}    [[EXIT:_swexit[0-9]+]] = [[E1:[1-9]]];
// CHECK-NEXT:  {{^}}    break;
// CHECK:       {{^}}    r = r * r;
// CHECK-NEXT:  {{^}}    case 2:
// CHECK:       {{^}}    [[EXIT]] = [[E2:[1-9]]];
// CHECK:       {{^}}    switch ([[EXIT]]) {
// CHECK-NEXT:  {{^}}      case [[E1]]:
// CHECK-NEXT:  {{^}}        goto [[L1:_label[0-9]+]];
// CHECK-NEXT:  {{^}}      case [[E2]]:
// CHECK-NEXT:  {{^}}        goto [[L2:_label[0-9]+]];
// CHECK:       {{^}}    if ([[SW]] != 0 && [[SW]] != 1 && [[SW]] != 2 && [[SW]] != 3 && [[SW]] != 4) goto [[END:_label[0-9]+]];
// CHECK:       {{^}}    [[L2]]:;
// CHECK:       {{^}}    if ([[SW]] == 2) goto [[END]];
// CHECK:       {{^}}    if ([[SW]] == 1) goto [[END]];
// CHECK-NEXT:  {{^}}    [[L1]]:;
// CHECK:       {{^}}    if ([[SW]] == 0) goto [[END]];
// CHECK-NEXT:  {{^}}    [[END]]:;

[[ad::differentiate]]
double g(double x, double y) {
  double s = x;
  for (int i = 0; i < 6; ++i) {
    switch ((int)(s * 3) % 3) {
    case 0:
      s = s * y;
      break;
    case 1:
      if (s > 1)
        break;
      s += x;
      // fall through
    default:
      s = std::cos(s) + s;
    }
  }
  return s;
}
// In a loop, selector and exit go on the control-flow tape each iteration.
// CHECK-LABEL: {{^}}double g_grad(double x, double y, double *d_x, double *d_y) {
// CHECK:       {{^}}    _tape_cf.push(static_cast<unsigned long>([[SW:_sw[0-9]+]]));
// CHECK-NEXT:  {{^}}    _tape_cf.push([[EXIT:_swexit[0-9]+]]);
// CHECK-NEXT:  {{^}}  }
// CHECK:       {{^}}  for (; [[T:_t[0-9]+]]; [[T]]--) {
// CHECK-NEXT:  {{^}}    [[EXIT]] = _tape_cf.pop();
// CHECK-NEXT:  {{^}}    [[SW]] = static_cast<int>(_tape_cf.pop());

int main() {
  for (int mode = 0; mode <= 6; ++mode) {  // 5 and 6 take default
    for (int k = 0; k < 4; ++k) {
      double x = -1.1 + 0.7 * k, y = 0.6 + 0.45 * k;
      double dx = 0, dy = 0;
      double value = f_grad(x, y, mode, &dx, &dy);
      ad_test::check("f value bit for bit", value == f(x, y, mode), 1, 0);
      double wx, wy;
      switch (mode) {
      case 0: wx = 2 * x * y, wy = x * x; break;
      case 1: wx = 3 * x * x + std::sin(y), wy = x * std::cos(y); break;
      case 2: wx = 2 * x + std::sin(y), wy = x * std::cos(y); break;
      case 3:
      case 4: wx = 3 * x * x * y, wy = x * x * x; break;
      default: wx = 2 * x / y, wy = -x * x / (y * y);
      }
      ad_test::check("f d_x vs formula", dx, wx, 1e-12);
      ad_test::check("f d_y vs formula", dy, wy, 1e-12);
      ad_test::check("f d_x vs central differences", dx,
                     ad_test::central_difference([&](double v) { return f(v, y, mode); }, x), 1e-6);
      ad_test::check("f d_y vs central differences", dy,
                     ad_test::central_difference([&](double v) { return f(x, v, mode); }, y), 1e-6);
    }
  }

  // g by hand tangent; paths[] counts case 0, the break in case 1, case 1
  // falling through, and default.
  int paths[4] = {};
  double pts[][2] = {{0.2, 1.7}, {0.45, 0.8}, {1.1, 1.3}, {-0.7, 0.9}, {2.2, 0.6}, {0.9, -1.2}};
  for (auto &p : pts) {
    double x = p[0], y = p[1];
    double s = x, sx = 1, sy = 0;
    for (int i = 0; i < 6; ++i) {
      int sel = (int)(s * 3) % 3;
      if (sel == 0) {
        ++paths[0];
        sx = sx * y, sy = sy * y + s, s = s * y;
        continue;
      }
      if (sel == 1) {
        if (s > 1) {
          ++paths[1];
          continue;
        }
        ++paths[2];
        s += x, sx += 1;
      } else {
        ++paths[3];
      }
      double d = 1 - std::sin(s);
      s = std::cos(s) + s, sx *= d, sy *= d;
    }
    ad_test::check_gradient("g", g, g_grad, x, y, sx, sy);
  }
  for (int i = 0; i < 4; ++i)
    ad_test::check("g: every path through the switch taken", paths[i] > 0, 1, 0);
  return ad_test::report();
}
