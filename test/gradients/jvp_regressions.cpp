// Regressions of f_jvp found by trying it on programs written to break it
// (session 6). Each once gave a wrong tangent or value, or generated code
// that did not compile:
//  - a call that changes state (`u01(state)`, a random draw) inside a
//    statement with active values ran twice (once in the tangent's text);
//    now it runs once, first, into a temporary both texts use;
//  - a `const double &` parameter aliasing an output got a snapshot of the
//    tangent; pushforwards now take it by pointer;
//  - a lambda without parameters gave `[&](, double *t_ret)`;
//  - a std::vector by value: f_jvp wrote into the caller's tangents;
//  - a function whose `}` shares its line with the namespace's got its
//    generated functions outside the namespace.
//  - a distribution's or functor's call operator (`u(gen)`) ran twice;
//  - a helper called in a `case` that is not the last one declared its
//    temporaries where the next case label jumps over them;
//  - a struct with an array member: adding shadows was ambiguous;
//  - `[[fallthrough]];` was "a statement of kind 'AttributedStmt'";
//  - (reverse mode) a lambda writing through a `double &` parameter: its
//    pullback's redo-log parameter had no default, so calls did not compile.
// Checked against f_grad by transposition and against dual numbers.
// RUN: %adxx -O1 -Wall -Werror -I%ad_src/test/fuzz %s -o %t -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: FileCheck %s --input-file=%t.gen/jvp_regressions.ad.cpp

#include "ad_test.hpp"
#include "dual.hpp"
#include <cmath>
#include <random>
#include <vector>

static double u01(unsigned &s) {
  s = s * 1664525u + 1013904223u;
  return (s >> 8) * (1.0 / 16777216.0);
}

[[ad::differentiate]]
double noisy(const double *x, int n, double a) {
  unsigned st = 12345u;
  double s = 0;
  for (int i = 0; i < n; ++i)
    s += x[i] * a * u01(st);
  double y = x[0] * u01(st);
  return s + y * a;
}
// CHECK-LABEL: {{^}}inline double noisy_jvp(
// CHECK:       {{^}}    auto [[U:_v[0-9]+]] = u01(st);
// CHECK-NEXT:  {{^}}    _t_s += (t_x[i] * a + x[i] * t_a) * [[U]];
// CHECK-NEXT:  {{^}}    s += x[i] * a * [[U]];

template <class T> void acc2(T &s, const T &v) {
  s += v;
  s += v * s;
}
#define ALIAS(T)                                                               \
  T y = x;                                                                     \
  acc2(y, y);                                                                  \
  return y;
[[ad::differentiate]]
double alias(double x) {
  ALIAS(double)
}
template <class T> T alias_t(T x) {
  ALIAS(T)
}
// CHECK: {{^}}static void acc2_pushforward(double &s, const double &v, double *t_s, const double *t_v) {

[[ad::differentiate]]
double nullary(double x, double a) {
  auto rd = [&]() { return x * a; };
  return rd() * x;
}

[[ad::differentiate]]
double by_value(std::vector<double> v, double a) {
  for (double &e : v)
    e *= a;
  v[0] += v[1];
  return v[0] * v[2];
}

namespace A { [[ad::differentiate]] double fa(double x, double y) { return std::sin(x) * y; } }

[[ad::differentiate]]
double drawn(double x, double y) {
  std::mt19937 gen(42);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  return x * u(gen) + y * u(gen);
}

static double sq(double v) { return v * v; }

[[ad::differentiate]]
double cases(double x, int k) {
  double s = 0;
  switch (k) {
  case 0:
    s = sq(x);
    break;
  case 1:
    s = x;
    break;
  }
  return s;
}

[[ad::differentiate]]
double scaled(double x, double y) {
  double a = x * x;
  auto scale = [](double &v, double s) { v *= s; };
  scale(a, y);
  scale(a, a);
  return a;
}

[[ad::differentiate]]
double falls(double x, int k) {
  double s = 0;
  switch (k) {
  case 0:
    s += x * x;
    [[fallthrough]];
  case 1:
    s += x;
    break;
  default:
    s = 1;
  }
  return s;
}

struct Pair2 {
  double v[2];
};

[[ad::differentiate]]
double with_array(double a, double b) {
  Pair2 p{};
  p.v[0] = a;
  p.v[1] = b;
  Pair2 q = p;
  return q.v[0] * q.v[1];
}

int main() {
  const double x[3] = {0.3, -0.5, 0.9}, tx[3] = {0.4, 0.2, -0.7};
  double tr = 0, g[3] = {}, ga = 0;
  double v = noisy_jvp(x, 3, 1.3, tx, 0.6, &tr);
  ad_test::check("noisy value bit for bit", v == noisy(x, 3, 1.3), 1, 0);
  noisy_grad(x, 3, 1.3, g, &ga);
  ad_test::check("noisy <J t, 1> = <t, grad>", tr,
                 tx[0] * g[0] + tx[1] * g[1] + tx[2] * g[2] + 0.6 * ga, 1e-12);

  double ta = 0;
  v = alias_jvp(1.5, 1.0, &ta);
  ad_test::check("alias value bit for bit", v == alias(1.5), 1, 0);
  ad_test::check("alias tangent vs dual numbers", ta, alias_t(fz::dual(1.5, 1.0)).d, 1e-12);
  double dal = 0;
  alias_grad(1.5, &dal); // the scalar references alias in reverse mode too
  ad_test::check("alias gradient vs dual numbers", dal, alias_t(fz::dual(1.5, 1.0)).d, 1e-12);

  double tn = 0, dx = 0, da = 0;
  v = nullary_jvp(0.7, 2.0, 1.0, 0.5, &tn);
  nullary_grad(0.7, 2.0, &dx, &da);
  ad_test::check("nullary value bit for bit", v == nullary(0.7, 2.0), 1, 0);
  ad_test::check("nullary <J t, 1> = <t, grad>", tn, dx + 0.5 * da, 1e-12);

  std::vector<double> w{0.5, -0.25, 1.0}, tw{0.5, -0.25, 1.0};
  const std::vector<double> tw0 = tw;
  double tb = 0;
  by_value_jvp(w, 1.7, tw.data(), 0.3, &tb);
  ad_test::check("by_value leaves the caller's tangents", tw == tw0, 1, 0);
  std::vector<double> dw(3);
  double dab = 0;
  by_value_grad(w, 1.7, dw.data(), &dab);
  ad_test::check("by_value <J t, 1> = <t, grad>", tb,
                 0.5 * dw[0] - 0.25 * dw[1] + 1.0 * dw[2] + 0.3 * dab, 1e-12);

  double tf = 0, dfx = 0, dfy = 0;
  A::fa_jvp(0.4, 2.0, 1.0, 0.0, &tf);
  A::fa_grad(0.4, 2.0, &dfx, &dfy);
  ad_test::check("namespace closed on the same line", tf, dfx, 1e-15);
  double td = 0, ddx = 0, ddy = 0;
  v = drawn_jvp(0.7, 1.1, 1.0, 0.5, &td);
  ad_test::check("drawn value bit for bit", v == drawn(0.7, 1.1), 1, 0);
  drawn_grad(0.7, 1.1, &ddx, &ddy);
  ad_test::check("drawn <J t, 1> = <t, grad>", td, ddx + 0.5 * ddy, 1e-15);

  double tc = 0;
  v = cases_jvp(1.5, 0, 1.0, &tc);
  ad_test::check("cases value", v == cases(1.5, 0), 1, 0);
  ad_test::check("cases tangent", tc, 3.0, 0);

  double dpa = 0, dpb = 0, tp = 0;
  with_array_grad(2.0, 3.0, &dpa, &dpb);
  with_array_jvp(2.0, 3.0, 1.0, 0.0, &tp);
  ad_test::check("with_array gradient", dpa, 3.0, 0);
  ad_test::check("with_array tangent", tp, 3.0, 0);
  // scaled = x^4 y^2
  double dsx = 0, dsy = 0, ts = 0;
  v = scaled_grad(1.5, 2.0, &dsx, &dsy);
  ad_test::check("scaled value bit for bit", v == scaled(1.5, 2.0), 1, 0);
  ad_test::check("scaled d/dx vs hand", dsx, 4 * 1.5 * 1.5 * 1.5 * 4, 1e-14);
  ad_test::check("scaled d/dy vs hand", dsy, 2 * 1.5 * 1.5 * 1.5 * 1.5 * 2, 1e-14);
  scaled_jvp(1.5, 2.0, 1.0, 0.0, &ts);
  ad_test::check("scaled tangent vs hand", ts, 4 * 1.5 * 1.5 * 1.5 * 4, 1e-14);
  for (int k : {0, 1, 2}) {
    double df = 0, tf2 = 0;
    falls_grad(1.5, k, &df);
    falls_jvp(1.5, k, 1.0, &tf2);
    double want = k == 0 ? 4 : k == 1 ? 1 : 0;
    ad_test::check("falls gradient", df, want, 0);
    ad_test::check("falls tangent", tf2, want, 0);
  }
  return ad_test::report();
}
