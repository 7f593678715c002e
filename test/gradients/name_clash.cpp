// Generated names never clash with the user's (contract §2): parameters and
// locals named like the generator's own (d_x, _d_y, _t0, _tape, _ret, _r0,
// _cond0, _partials, _sw0, _tape_int) keep their meaning; results match.
// RUN: %adxx -O2 %s -o %t -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: FileCheck %s --input-file=%t.gen/name_clash.ad.cpp

#include "ad_test.hpp"
#include <cmath>

[[ad::differentiate]]
double f(double x, double d_x, double _d_y, double _t0) {
  double _tape = x * d_x;
  double _ret = 0;
  double _r0 = _d_y;
  double _d_x = _t0;
  int _tape_int = 0;
  for (int _t1 = 0; _t1 < 3; ++_t1) {
    _ret = _ret * _r0 + _tape;
    _tape = std::sin(_tape) * _d_x;
    _tape_int = (_tape_int * 3 + 1) % 7;
    if (_ret > 2)
      break;
  }
  double _cond0 = _ret > 0 ? _ret : -_ret;
  double _partials = _cond0 * d_x;
  int _sw0 = _tape_int;
  switch (_sw0) {
  case 1:
    _partials *= x;
    break;
  default:
    _partials += x;
  }
  return _partials + _ret;
}
// The user's statements stay as written; the generator's tape, result and
// switch selector take other names.
// CHECK-LABEL: {{^}}double f_grad(double x, double d_x, double _d_y, double _t0, double *{{.*}}) {
// CHECK-DAG:   {{^}}  ::ad::{{(Stack)?}}Tape<double{{.*}}> [[TAPE:[_a-z0-9]+]];
// CHECK-DAG:   {{^}}  double [[RET:_ret[_a-z0-9]+]] = 0;
// CHECK:       {{^}}  _tape = x * d_x;
// CHECK:       {{^}}  _d_x = _t0;
// CHECK:       {{^}}    [[TAPE]].push(_ret);
// CHECK-NEXT:  {{^}}    _ret = _ret * _r0 + _tape;
// CHECK-NEXT:  {{^}}    [[TAPE]].push(_tape);
// CHECK:       {{^}}  _sw0 = _tape_int;
// CHECK-NEXT:  {{^}}  [[SW:_sw[0-9]+]] = _sw0;
// CHECK:       {{^}}  [[RET]] = _partials + _ret;
// CHECK:       {{^}}  return [[RET]];

// The gradient pointers' natural names d_x, d_d_x, _d_x ... are all taken.
[[ad::differentiate]]
double g(double x, double d_x, double d_x_1, double _d_x_1, double _d_x) {
  double d_d_x = x * d_x_1;
  return d_d_x * _d_x_1 + d_x * _d_x;
}
// CHECK-LABEL: {{^}}double g_grad(double x, double d_x, double d_x_1, double _d_x_1, double _d_x, double *{{.*}}) {
// CHECK:       {{^}}  d_d_x = x * d_x_1;

// One directional derivative of f (seed e) by a hand tangent sweep.
struct Tan { double v, d; };
static Tan mul(Tan a, Tan b) { return {a.v * b.v, a.d * b.v + a.v * b.d}; }

static Tan f_tangent(const double *p, const double *e, int &sel) {
  Tan x = {p[0], e[0]}, dx = {p[1], e[1]}, r0 = {p[2], e[2]}, dX = {p[3], e[3]};
  Tan tape = mul(x, dx), ret = {0, 0};
  int k = 0;
  for (int i = 0; i < 3; ++i) {
    ret = mul(ret, r0);
    ret = {ret.v + tape.v, ret.d + tape.d};
    tape = mul({std::sin(tape.v), std::cos(tape.v) * tape.d}, dX);
    k = (k * 3 + 1) % 7;
    if (ret.v > 2) break;
  }
  Tan partials = mul(ret.v > 0 ? ret : Tan{-ret.v, -ret.d}, dx);
  sel = k;
  if (k == 1) partials = mul(partials, x);
  else partials = {partials.v + x.v, partials.d + x.d};
  return {partials.v + ret.v, partials.d + ret.d};
}

int main() {
  // {3, 1, ...} leaves the loop after one trip and takes case 1; the others
  // run 2 or 3 trips and take default; the second point has _ret < 0.
  double pts[][4] = {{3, 1, 0.5, 0.7}, {-0.6, 0.9, 1.3, 1.1}, {0.8, 1.2, 0.9, 1.4},
                     {0.5, 0.4, -0.7, 0.3}};
  int case1 = 0, other = 0;
  for (auto &p : pts) {
    double d[4] = {0, 0, 0, 0};
    double value = f_grad(p[0], p[1], p[2], p[3], &d[0], &d[1], &d[2], &d[3]);
    ad_test::check("f value bit for bit", value == f(p[0], p[1], p[2], p[3]), 1, 0);
    for (int i = 0; i < 4; ++i) {
      double e[4] = {0, 0, 0, 0};
      e[i] = 1;
      int sel;
      Tan want = f_tangent(p, e, sel);
      if (i == 0) (sel == 1 ? case1 : other)++;
      ad_test::check("f gradient vs hand tangent", d[i], want.d, 1e-12);
      auto along = [&](double v) {
        double q[4] = {p[0], p[1], p[2], p[3]};
        q[i] = v;
        return f(q[0], q[1], q[2], q[3]);
      };
      ad_test::check("f gradient vs central differences", d[i],
                     ad_test::central_difference(along, p[i]), 1e-6);
    }
  }
  ad_test::check("f: both switch cases taken", case1 > 0 && other > 0, 1, 0);

  double q[5] = {0.7, -1.2, 0.4, 2.1, -0.3}, d[5] = {0, 0, 0, 0, 0};
  double value = g_grad(q[0], q[1], q[2], q[3], q[4], &d[0], &d[1], &d[2], &d[3], &d[4]);
  ad_test::check("g value bit for bit", value == g(q[0], q[1], q[2], q[3], q[4]), 1, 0);
  double want[5] = {q[2] * q[3], q[4], q[0] * q[3], q[0] * q[2], q[1]};
  for (int i = 0; i < 5; ++i) {
    ad_test::check("g gradient vs formula", d[i], want[i], 1e-12);
    auto along = [&](double v) {
      double c[5] = {q[0], q[1], q[2], q[3], q[4]};
      c[i] = v;
      return g(c[0], c[1], c[2], c[3], c[4]);
    };
    ad_test::check("g gradient vs central differences", d[i],
                   ad_test::central_difference(along, q[i]), 1e-6);
  }
  return ad_test::report();
}
