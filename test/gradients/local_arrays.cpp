// Local fixed-size arrays, 1-D and 2-D (contract §3), written and read in
// loops with computed indices and overwritten in place (v[2] *= v[3]).
// Checked against a hand-written tangent sweep and central differences.
// RUN: %adxx -O2 %s -o %t -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: FileCheck %s --input-file=%t.gen/local_arrays.ad.cpp

#include "ad_test.hpp"
#include <cmath>

[[ad::differentiate]]
double f(double x, double y) {
  double v[5];
  v[0] = x;
  for (int i = 1; i < 5; ++i)
    v[i] = v[i - 1] * y + std::sin(v[i - 1]);
  double s = 0;
  for (int i = 0; i < 5; ++i)
    s += v[i] * v[4 - i];
  v[2] *= v[3];
  return s + v[2];
}
// The array gets an adjoint array; an overwritten element is saved in the
// loop and restored (and its adjoint cleared) in the reverse loop.
// CHECK-LABEL: {{^}}double f_grad(double x, double y, double *d_x, double *d_y) {
// CHECK:       {{^}}  double _d_v[5] = {};
// CHECK:       {{^}}  for (i = 1; i < 5; ++i) {
// CHECK:       {{^}}    _tape.push(v[i]);
// CHECK-NEXT:  {{^}}    v[i] = v[i - 1] * y + {{.*}}sin(v[i - 1]{{.*}});
// CHECK:       {{^ +}}_d_v[[[J:[_a-z0-9]+]]] += _d_s * v[4 - [[J]]];
// CHECK-NEXT:  {{^ +}}_d_v[4 - [[J]]] += v[[[J]]] * _d_s;
// CHECK:       {{^}}  for (; [[C:_t[0-9]+]]; [[C]]--) {
// CHECK:       {{^ +}}v[i] = _tape.pop();
// CHECK-NEXT:  {{^ +}}double [[R:_r[0-9]+]] = _d_v[i];
// CHECK-NEXT:  {{^ +}}_d_v[i] = 0;
// CHECK-NEXT:  {{^ +}}_d_v[i - 1] += [[R]] * y;
// CHECK:       {{^ +}}_d_x += _d_v[0];

// A 2-D local array: filled, updated on the diagonal, then read transposed.
[[ad::differentiate]]
double g(double x, double y) {
  double m[3][3];
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j)
      m[i][j] = (i + 1) * x + j * y * y;
  for (int i = 0; i < 3; ++i)
    m[i][i] *= m[i][(i + 1) % 3];
  double s = 0;
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j)
      s += m[i][j] * m[j][i];
  return s;
}
// CHECK-LABEL: {{^}}double g_grad(double x, double y, double *d_x, double *d_y) {
// CHECK:       {{^ +}}double _d_m[3][3]{{.*}};
// CHECK:       {{^ +}}_d_m[{{.+}}][{{.+}}] +=
// CHECK:       {{^}}  *d_x += _d_x;

struct Tan { double v, dx, dy; };
static Tan mul(Tan a, Tan b) { return {a.v * b.v, a.dx * b.v + a.v * b.dx, a.dy * b.v + a.v * b.dy}; }
static Tan add(Tan a, Tan b) { return {a.v + b.v, a.dx + b.dx, a.dy + b.dy}; }

static Tan f_tangent(double x, double y) {
  Tan v[5], Y = {y, 0, 1};
  v[0] = {x, 1, 0};
  for (int i = 1; i < 5; ++i) {
    Tan u = v[i - 1];
    v[i] = add(mul(u, Y), {std::sin(u.v), std::cos(u.v) * u.dx, std::cos(u.v) * u.dy});
  }
  Tan s = {0, 0, 0};
  for (int i = 0; i < 5; ++i) s = add(s, mul(v[i], v[4 - i]));
  return add(s, mul(v[2], v[3]));
}

static Tan g_tangent(double x, double y) {
  Tan m[3][3];
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j)
      m[i][j] = {(i + 1) * x + j * y * y, double(i + 1), 2.0 * j * y};
  for (int i = 0; i < 3; ++i) m[i][i] = mul(m[i][i], m[i][(i + 1) % 3]);
  Tan s = {0, 0, 0};
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j) s = add(s, mul(m[i][j], m[j][i]));
  return s;
}

int main() {
  for (int k = 0; k < 7; ++k) {
    double x = -1.3 + 0.41 * k, y = 0.8 - 0.23 * k;
    Tan want = f_tangent(x, y);
    ad_test::check_gradient("f", f, f_grad, x, y, want.dx, want.dy);

    want = g_tangent(x, y);
    ad_test::check_gradient("g", g, g_grad, x, y, want.dx, want.dy);
  }
  return ad_test::report();
}
