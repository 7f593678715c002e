// Results written into the caller's arrays and references (contract §3):
// the marked function stores into its own pointer and reference parameters
// and never reads them back. f_grad has the same side effects as f, and the
// stored values carry no derivative into the result (d_out gets nothing).
// RUN: %adxx -O1 -Wall -Werror %s -o %t -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: FileCheck %s --input-file=%t.gen/output_params.ad.cpp

#include "ad_test.hpp"
#include <cmath>
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
// The stores run as in f; the reverse sweep has no code for them.
// CHECK-LABEL: {{^}}double f_grad(const double *x, double *out, int n, double *d_x, double *d_out) {
// CHECK:       {{^}}    out[i] = x[i] * x[i];
// CHECK:       {{^}}  *(out + n) = s;
// CHECK-NOT:   d_out
// CHECK:       {{^}}  return _ret;
[[ad::differentiate("x")]]
double g(double x, double &r, double *o) {
  r = x * x;
  o[0] = std::exp(x);
  return std::sin(x);
}
int main() {
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
