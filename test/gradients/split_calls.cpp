// Calls in split mode (docs/design.md, "Split calls"): a helper with a loop
// over data and transcendental functions runs its forward half where it is
// called, keeping its state in a record, and its reverse half in the
// caller's reverse sweep -- once per call, not again in every pullback
// above it. Covered: a helper called in a loop (one record per call), a
// helper whose records hold the records of its own calls (nested), two
// calls of one helper in one statement (a stack per call site), an early
// return (the reverse half starts where the forward half left), a changed
// by-value parameter (its final value kept in the record), a helper writing
// into a local buffer that the caller reads again (the caller saves it; the
// record restores only what it reads itself) and a helper writing into the
// marked function's own output (the record restores all it overwrote), and
// a call on a by-value vector the function then resizes (not split: the
// record would keep pointers into storage that moved), a helper taking a
// vector by value (not split: each half takes its own copy), and calls
// outside loops (their records are plain locals).
// Each checked against a hand-derived gradient and central differences; the
// same file with every call kept as a pullback (split=never) must agree.
// RUN: %adxx -O1 -Wall -Werror -fplugin-arg-ad-mode=reverse %s -o %t -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: FileCheck %s --input-file=%t.gen/split_calls.ad.cpp
// RUN: %adxx -O1 -Wall -Werror -fplugin-arg-ad-mode=reverse -fplugin-arg-ad-split=never %s -o %t.never
// RUN: %t.never
// RUN: g++ -std=c++17 -fsyntax-only -Wall -Wextra -Werror -I%ad_src/runtime/include -I%ad_src/test/support -x c++ %t.gen/split_calls.ad.cpp

#include "ad_test.hpp"
#include <cmath>
#include <vector>

// sum_i w_i exp(a x_i): a loop over n and exp.
static double weighted_exp(const double *x, int n, double a) {
  double s = 0;
  for (int i = 0; i < n; ++i)
    s += std::exp(a * x[i]) / (i + 1);
  return s;
}
// Its records hold the records of weighted_exp's calls (nested); n / 2
// calls (2 here).
static double twice(const double *x, int n, double a) {
  double t = 0;
  for (int k = 0; k < n / 2; ++k)
    t += weighted_exp(x, n, a * (k + 1));
  return t;
}
// An early return, and a by-value parameter it changes.
static double damped(const double *x, int n, double a) {
  double s = 0;
  for (int i = 0; i < n; ++i) {
    s += std::sin(a * x[i]);
    a = 0.5 * a;
  }
  if (s > 10)
    return s * a;
  return s + a;
}
// Writes into a buffer the caller reads again afterwards.
static void fill_exp(const double *x, int n, double a, double *out) {
  for (int i = 0; i < n; ++i)
    out[i] = std::exp(a * x[i]);
}

[[ad::differentiate("a")]]
double f(const double *x, int n, double a) {
  std::vector<double> buf(n);
  double r = 0;
  for (int j = 0; j < 3; ++j) {
    r += twice(x, n, a) * weighted_exp(x, n, 0.5 * a) + weighted_exp(x, n, a);
    fill_exp(x, n, a + j, buf.data());
    r += buf[0] * buf[n - 1] + damped(buf.data(), n, a);
  }
  return r;
}
// CHECK:       {{^}}struct weighted_exp_record {
// CHECK:       {{^}}struct twice_record {
// CHECK:       {{^}}  ::ad::RecordStack<weighted_exp_record> _records_weighted_exp;
// CHECK:       {{^}}struct damped_record {
// CHECK:       {{^}}  double _final_a = 0; // a at the end
// CHECK:       {{^}}  double _value = 0; // what the call returned
// CHECK-NEXT:  {{^}}  int _exit = 0; // the return taken
// CHECK-LABEL: {{^}}double damped_record::_forward(
// CHECK:       {{^}}    _exit = 1;
// CHECK-NEXT:  {{^}}    _final_a = a;
// CHECK-NEXT:  {{^}}    _value = s * a;
// CHECK-NEXT:  {{^}}    return _value;
// CHECK:       {{^}}  _final_a = a;
// CHECK-NEXT:  {{^}}  _value = s + a;
// CHECK-NEXT:  {{^}}  return _value;
// CHECK-LABEL: {{^}}void damped_record::_reverse(
// CHECK-NEXT:  {{^}}  a = _final_a; // as the forward sweep left it
// CHECK-NEXT:  {{^}}  switch (_exit) {
// CHECK-NEXT:  {{^}}  case 1:
// CHECK-NEXT:  {{^}}    goto _label0;
// CHECK-LABEL: {{^}}double f_grad(const double *x, int n, double a, double *d_a) {
// One stack per call site: the two calls of weighted_exp in one statement
// keep their records apart; a scalar's shadow matters only to the reverse
// half (nullptr).
// CHECK:       {{^}}    r += _records_twice.push()._forward(x, n, a, nullptr) * [[W1:_records_weighted_exp[_0-9]*]].push()._forward(x, n, 0.5 * a, nullptr) + [[W2:_records_weighted_exp[_0-9]*]].push()._forward(x, n, a, nullptr);
// The buffer fill_exp overwrites is saved by the caller, which reads it
// again (damped), and put back after fill_exp's reverse half.
// CHECK-NEXT:  {{^}}    _tape_vector.push(buf);
// CHECK-NEXT:  {{^}}    _records_fill_exp.push()._forward(x, n, a + j, buf.data(), nullptr, _d_buf.data());
// CHECK:       {{^}}      _records_fill_exp.top()._reverse(x, n, a + j, buf.data(), &[[R:_r[0-9]+]], _d_buf.data());
// CHECK-NEXT:  {{^}}      _d_a += [[R]];
// CHECK-NEXT:  {{^}}      ::ad::restore_in_place(buf, _tape_vector.pop());
// CHECK-NEXT:  {{^}}      _records_fill_exp.pop();
// The partials read the values the records kept (not the helpers called
// again); the records of a statement are popped at the end of its reverse.
// CHECK:       {{^}}      _records_twice.top()._reverse(x, n, a, _d_r * [[W1]].top()._value, &_d_a);
// CHECK:       {{^}}      [[W1]].top()._reverse(x, n, 0.5 * a, _records_twice.top()._value * _d_r, &{{_r[0-9]+}});
// CHECK:       {{^}}      [[W2]].top()._reverse(x, n, a, _d_r, &_d_a);
// CHECK-NEXT:  {{^}}      _records_twice.pop();
// CHECK-NEXT:  {{^}}      [[W1]].pop();
// CHECK-NEXT:  {{^}}      [[W2]].pop();

// Writes the marked function's own output through a helper: the record
// restores what it overwrote (the caller cannot save memory of unknown
// size).
static void scale_exp(const double *x, int n, double a, double *y) {
  for (int i = 0; i < n; ++i)
    y[i] = y[i] * std::exp(a * x[i]);
}
[[ad::differentiate("a", "y")]]
void g(const double *x, int n, double a, double *y) {
  scale_exp(x, n, a, y);
  scale_exp(x, n, 2 * a, y);
}
// CHECK:       {{^}}struct scale_exp_restoring_record {
// Outside loops each call's record is a plain local: no stack, no pop.
// CHECK-LABEL: {{^}}void g_grad(
// CHECK:       {{^}}  scale_exp_restoring_record [[S:_record_scale_exp]];
// CHECK-NEXT:  {{^}}  scale_exp_restoring_record [[S1:_record_scale_exp_1]];
// CHECK:       {{^}}  [[S]]._forward(x, n, a, y, nullptr, d_y);
// CHECK-NEXT:  {{^}}  [[S1]]._forward(x, n, 2 * a, y, nullptr, d_y);
// CHECK:       {{^}}    [[S1]]._reverse(x, n, 2 * a, y, &{{_r[0-9]+}}, d_y, &_redo);
// CHECK:       {{^}}  [[S]]._reverse(x, n, a, y, &_d_a, d_y, &_redo);
// CHECK-NOT:   {{^ +}}_record_scale_exp{{.*}}pop
// CHECK:       {{^}}  _redo.replay();

// A record keeps pointers derived from its arguments (q below): a call on
// storage that moves before the reverse sweep (v, resized after the call)
// keeps its pullback; the same call on storage that stays is split.
static double prod_sin(const double *p, int n, double a) {
  const double *q = p;
  double s = 0;
  for (int i = 0; i < n; ++i)
    s = s * std::sin(a * q[i]) + std::exp(a * q[i]);
  return s;
}
[[ad::differentiate("a")]]
double h(std::vector<double> v, std::vector<double> w, double a) {
  double r = prod_sin(v.data(), 3, a) + prod_sin(w.data(), 3, 0.5 * a);
  for (int k = 0; k < 40; ++k)
    v.push_back(0.01 * k);
  v[0] = 7;
  w[0] = 5;
  return r + prod_sin(v.data(), 4, a) * w[0];
}
// CHECK-LABEL: {{^}}double h_grad(
// CHECK-NOT:   _forward(v.data()
// CHECK:       _record_prod_sin{{[_0-9]*}}._forward(w.data(), 3, 0.5 * a, nullptr)
// CHECK-NOT:   _forward(v.data()
// CHECK:       {{^}}  // Reverse sweep

// A helper taking a vector by value keeps its pullback: each half would
// take its own copy, and the record would keep pointers into the first.
static double sum_squares(std::vector<double> a) {
  double s = 0;
  for (double &e : a) {
    e *= e;
    s += std::sin(e);
  }
  return s;
}
[[ad::differentiate]]
double k(double x, double y) {
  std::vector<double> m{x, y, x * y};
  return sum_squares(m) * x;
}
// CHECK-LABEL: {{^}}double k_grad(
// CHECK-NOT:   _record
// CHECK:       {{^}}  sum_squares_pullback(m, {{.*}});

namespace hand {
double weighted_exp(const double *x, int n, double a, double &d) {
  double s = 0;
  d = 0;
  for (int i = 0; i < n; ++i) {
    s += std::exp(a * x[i]) / (i + 1);
    d += x[i] * std::exp(a * x[i]) / (i + 1);
  }
  return s;
}
double damped(const double *x, int n, double a, double &d_a, std::vector<double> &d_x) {
  // a_i = a / 2^i; s = sum sin(a_i x_i); result s * a_n or s + a_n.
  double s = 0, ds = 0, ai = a, scale = 1;
  d_x.assign(n, 0);
  for (int i = 0; i < n; ++i) {
    s += std::sin(ai * x[i]);
    ds += std::cos(ai * x[i]) * x[i] * scale;
    d_x[i] = std::cos(ai * x[i]) * ai;
    ai *= 0.5;
    scale *= 0.5;
  }
  if (s > 10) {
    d_a = ds * ai + s * scale;
    for (double &v : d_x)
      v *= ai;
    return s * ai;
  }
  d_a = ds + scale;
  return s + ai;
}
double f(const double *x, int n, double a) {
  double d = 0;
  for (int j = 0; j < 3; ++j) {
    double d1, d2, d3, d4, d5;
    double t = weighted_exp(x, n, a, d1) + weighted_exp(x, n, 2 * a, d2);
    double dt = d1 + 2 * d2;
    double w = weighted_exp(x, n, 0.5 * a, d3);
    weighted_exp(x, n, a, d4);
    d += dt * w + 0.5 * t * d3 + d4;
    std::vector<double> buf(n), dbuf;
    for (int i = 0; i < n; ++i)
      buf[i] = std::exp((a + j) * x[i]);
    damped(buf.data(), n, a, d5, dbuf);
    d += x[0] * buf[0] * buf[n - 1] + buf[0] * x[n - 1] * buf[n - 1] + d5;
    for (int i = 0; i < n; ++i)
      d += dbuf[i] * x[i] * buf[i];
  }
  return d;
}
} // namespace hand

int main() {
  const int n = 4;
  double x[n] = {0.3, -0.2, 0.5, 0.1};
  double xs[n] = {1.5, 1.2, 1.4, 1.3}; // damped's early return
  for (const double *p : {x, xs})
    for (double a : {-0.7, 0.2, 0.9}) {
      double d = 0;
      double value = f_grad(p, n, a, &d);
      ad_test::check("f value bit for bit", value == f(p, n, a), 1, 0);
      ad_test::check("f d_a vs hand", d, hand::f(p, n, a), 1e-12);
      ad_test::check("f d_a vs central differences", d,
                     ad_test::central_difference([&](double v) { return f(p, n, v); }, a),
                     1e-6);
    }
  // h against central differences (the hand-derived part: prod_sin's
  // derivative is checked through f's helpers' pattern above).
  for (double a : {-0.3, 0.4}) {
    std::vector<double> v = {0.1, 0.2, 0.3}, w = {0.3, -0.1, 0.2};
    double d = 0;
    double value = h_grad(v, w, a, &d);
    ad_test::check("h value bit for bit", value == h(v, w, a), 1, 0);
    ad_test::check("h d_a vs central differences", d,
                   ad_test::central_difference([&](double t) { return h(v, w, t); }, a), 1e-6);
  }
  // k = x sum_i sin(m_i^2), m = (x, y, x y).
  for (double x0 : {0.3, -0.8})
    for (double y0 : {0.6, 1.1}) {
      double m[3] = {x0, y0, x0 * y0}, s = 0, ds[3];
      for (int i = 0; i < 3; ++i) {
        s += std::sin(m[i] * m[i]);
        ds[i] = std::cos(m[i] * m[i]) * 2 * m[i];
      }
      ad_test::check_gradient("k", k, k_grad, x0, y0, s + x0 * (ds[0] + ds[2] * y0),
                              x0 * (ds[1] + ds[2] * x0));
    }
  // g: y_i <- y_i exp(3 a x_i); L = sum w_i y_i.
  double w[n] = {0.5, -1, 2, 0.25};
  for (double a : {-0.4, 0.6}) {
    double y[n] = {1, 2, -1, 0.5}, y0[n], yf[n], dy[n], da = 0;
    for (int i = 0; i < n; ++i) {
      y0[i] = yf[i] = y[i];
      dy[i] = w[i];
    }
    g_grad(x, n, a, y, &da, dy);
    g(x, n, a, yf);
    double want = 0;
    for (int i = 0; i < n; ++i) {
      ad_test::check("g leaves y as g does", y[i] == yf[i], 1, 0);
      ad_test::check("g d_y vs hand", dy[i], w[i] * std::exp(3 * a * x[i]), 1e-12);
      want += w[i] * y0[i] * 3 * x[i] * std::exp(3 * a * x[i]);
    }
    ad_test::check("g d_a vs hand", da, want, 1e-12);
  }
  return ad_test::report();
}
