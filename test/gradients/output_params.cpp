// Results written into the caller's arrays and references (contract §2,
// §3): the marked function stores into its own pointer and reference
// parameters. f_grad has the same side effects as f, also when f reads
// them back or a helper writes them (the reverse sweep's restores there are
// undone by the redo log). The shadows are seeds: zero here, so the
// gradient of the returned value is unchanged and d_out ends at zero where
// f overwrote out (test/gradients/output_seeds.cpp seeds them).
// RUN: %adxx -O1 -Wall -Werror %s -o %t -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: FileCheck %s --input-file=%t.gen/output_params.ad.cpp

#include "ad_test.hpp"
#include <array>
#include <cmath>
#include <vector>
[[ad::differentiate]]
double f(const double *x, double *out, int n) {
  double s = 0;
  for (int i = 0; i < n; ++i) {
    out[i] = x[i] * x[i];
    s += std::sin(x[i]);
  }
  *(out + n) = s;
  return s * 2;
}
// The stores run as in f; their reverse takes the seeds in d_out.
// CHECK-LABEL: {{^}}double f_grad(const double *x, double *out, int n, double *d_x, double *d_out) {
// CHECK:       {{^}}    out[i] = x[i] * x[i];
// CHECK:       {{^}}  *(out + n) = s;
// CHECK:       {{^}}  _d_s += *(d_out + n);
// CHECK:       {{^}}  *(d_out + n) = 0;
// CHECK:       {{^}}  return _ret;
[[ad::differentiate("x")]]
double g(double x, double &r, double *o) {
  r = x * x;
  o[0] = std::exp(x);
  return std::sin(x);
}
// Reference outputs that f also reads: the reverse sweep restores their old
// values through the redo log, which then puts back what f left in them.
[[ad::differentiate]]
double p1(double x, double y, double &r) {
  r = x * x;
  r = r * y;
  return r * 2;
}
// CHECK-LABEL: {{^}}double p1_grad(
// CHECK:       {{^}}  _redo.restore(r, _t0);
// CHECK:       {{^}}  _redo.replay(); // the values f left in the caller's memory

static void set(double a, double &r) { r = a * a; }

[[ad::differentiate("x", "y")]]
double w1(double x, double y, double &r) {
  set(x, r);
  if (y > 5)
    return x;
  return y * 2 * x;
}

// Results stored into std::vector and std::array parameters (sizes may be
// asked).
[[ad::differentiate("x", "y")]]
double fill(double x, double y, std::vector<double> &out, std::array<double, 2> &pair) {
  for (std::size_t i = 0; i < out.size(); ++i)
    out[i] = x * i + y;
  pair.at(1) = x * y;
  return x * std::sin(y);
}
// CHECK-LABEL: {{^}}double fill_grad(
// CHECK:       {{^}}    out[i] = x * i + y;
// CHECK:       {{^}}  pair.at(1) = x * y;

int main() {
  {
    std::vector<double> o(3), o2(3);
    std::array<double, 2> p{}, p2{};
    double dx = 0, dy = 0;
    double v = fill_grad(0.5, 1.5, o, p, &dx, &dy);
    ad_test::check("fill value bit for bit", v == fill(0.5, 1.5, o2, p2), 1, 0);
    for (int i = 0; i < 3; ++i)
      ad_test::check("fill leaves out as fill does", o[i] == o2[i], 1, 0);
    ad_test::check("fill leaves pair as fill does", p[1] == p2[1], 1, 0);
    ad_test::check("fill d_x vs hand", dx, std::sin(1.5), 1e-15);
    ad_test::check("fill d_y vs hand", dy, 0.5 * std::cos(1.5), 1e-15);
  }
  {
    const double ys[] = {0.9, 6.0};
    for (double y : ys) {
      double r = 5, r2 = 5, dx = 0, dy = 0, dr = 0;
      double v = p1_grad(0.4, y, r, &dx, &dy, &dr);
      ad_test::check("p1 value bit for bit", v == p1(0.4, y, r2), 1, 0);
      ad_test::check("p1 leaves r as p1 does", r == r2, 1, 0);
      ad_test::check("p1 d_x vs hand", dx, 4 * 0.4 * y, 1e-12);
      ad_test::check("p1 d_y vs hand", dy, 2 * 0.16, 1e-12);
      r = 7, r2 = 7, dx = 0, dy = 0;
      v = w1_grad(0.5, y, r, &dx, &dy);
      ad_test::check("w1 value bit for bit", v == w1(0.5, y, r2), 1, 0);
      ad_test::check("w1 leaves r as w1 does", r == r2, 1, 0);
      ad_test::check("w1 d_x vs hand", dx, y > 5 ? 1 : 2 * y, 1e-12);
    }
  }
  double x[3] = {0.3, -1.2, 2.0}, out[4] = {}, out2[4] = {}, dx[3] = {}, dout[4] = {};
  double v = f_grad(x, out, 3, dx, dout);
  double v2 = f(x, out2, 3);
  ad_test::check("value bit for bit", v == v2, 1, 0);
  for (int i = 0; i < 4; ++i)
    ad_test::check("out as f writes it", out[i] == out2[i], 1, 0);
  for (int i = 0; i < 3; ++i) {
    ad_test::check("d_x vs hand", dx[i], 2 * std::cos(x[i]), 1e-12);
    ad_test::check("d_x vs central differences", dx[i],
                   ad_test::central_difference([&](double t) {
                     double y[3] = {x[0], x[1], x[2]}, o[4];
                     y[i] = t;
                     return f(y, o, 3);
                   }, x[i]), 1e-6);
  }
  for (int i = 0; i < 4; ++i)
    ad_test::check("d_out untouched", dout[i], 0, 0);
  double r = 0, o[1] = {0}, d = 0;
  double gv = g_grad(0.7, r, o, &d);
  double r2 = 0, o2[1] = {0};
  ad_test::check("g value bit for bit", gv == g(0.7, r2, o2), 1, 0);
  ad_test::check("g writes r as g does", r == r2, 1, 0);
  ad_test::check("g writes o as g does", o[0] == o2[0], 1, 0);
  ad_test::check("g d_x vs hand", d, std::cos(0.7), 1e-15);
  return ad_test::report();
}
