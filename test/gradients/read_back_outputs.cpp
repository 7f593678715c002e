// The marked function writes its own pointer parameters and reads them back
// (contract §2): the reverse sweep restores the old values it needs, through
// the redo log, which afterwards puts back what f left there, so f_grad has
// f's side effects. The shadows are seeds of the final values.
// RUN: %adxx -O1 -Werror %s -o %t -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: FileCheck %s --input-file=%t.gen/read_back_outputs.ad.cpp

#include "ad_test.hpp"
#include <cmath>

[[ad::differentiate]]
double f(double x, double *out) {
  out[0] = x * x;
  return x + std::sin(out[0]);
}
// CHECK-LABEL: {{^}}double f_grad(double x, double *out, double *d_x, double *d_out) {
// CHECK:       {{^}}  ::ad::RedoLog _redo;
// CHECK:       {{^}}  _redo.restore(out[0], _t0);
// CHECK:       {{^}}  _redo.replay(); // the values f left in the caller's memory

// An integer counter in the caller's memory, read and stepped twice.
[[ad::differentiate]]
double g(double x, double y, int *count) {
  *count = *count + 1;
  double z = x * y * *count;
  *count = *count + 1;
  return z * std::exp(-0.1 * *count);
}

// In place: y[i] *= y[i - 1] reads what the previous iteration wrote.
[[ad::differentiate("x")]]
void running_product(const double *x, double *y, int n) {
  for (int i = 0; i < n; ++i)
    y[i] = x[i] * x[i];
  for (int i = 1; i < n; ++i)
    y[i] *= y[i - 1];
}
// CHECK-LABEL: {{^}}void running_product_grad(const double *x, double *y, int n, double *d_x, double *d_y) {

int main() {
  for (double x : {-1.3, 0.4, 2.1}) {
    // f with a seed w on out[0]: L = x + sin(x^2) + w x^2.
    for (double w : {0.0, 0.7}) {
      double out[1] = {5}, out2[1] = {5}, dx = 0, dout[1] = {w};
      double v = f_grad(x, out, &dx, dout);
      ad_test::check("f value bit for bit", v == f(x, out2), 1, 0);
      ad_test::check("f leaves out as f does", out[0] == out2[0], 1, 0);
      ad_test::check("f d_x vs hand", dx, 1 + 2 * x * std::cos(x * x) + 2 * w * x, 1e-13);
      ad_test::check("f d_x vs central differences", dx,
                     ad_test::central_difference([&](double t) {
                       double o[1];
                       return f(t, o) + w * o[0];
                     }, x), 1e-6);
      ad_test::check("f d_out ends at zero (overwritten)", dout[0], 0, 0);
    }
    for (int c0 : {0, 3}) {
      int c = c0, c2 = c0;
      double dx = 0, dy = 0, y = 0.5 * x + 1;
      double v = g_grad(x, y, &c, &dx, &dy);
      ad_test::check("g value bit for bit", v == g(x, y, &c2), 1, 0);
      ad_test::check("g leaves count as g does", c == c2 && c == c0 + 2, 1, 0);
      double k = (c0 + 1) * std::exp(-0.1 * (c0 + 2));
      ad_test::check("g d_x vs hand", dx, y * k, 1e-13);
      ad_test::check("g d_y vs hand", dy, x * k, 1e-13);
    }
  }
  // running_product: y_k = prod_{i<=k} x_i^2; d_x gains J^T w.
  const int n = 4;
  double x[n] = {0.9, -1.1, 1.3, 0.7}, w[n] = {0.5, -1.0, 2.0, 1.5};
  double y[n] = {9, 9, 9, 9}, y2[n] = {9, 9, 9, 9}, dx[n] = {}, dy[n];
  for (int i = 0; i < n; ++i)
    dy[i] = w[i];
  running_product_grad(x, y, n, dx, dy);
  running_product(x, y2, n);
  for (int i = 0; i < n; ++i) {
    ad_test::check("running_product leaves y as f does", y[i] == y2[i], 1, 0);
    ad_test::check("running_product d_y ends at zero", dy[i], 0, 0);
    // dL/dx_i = sum_{k>=i} w_k y_k * 2 / x_i
    double want = 0;
    for (int k = i; k < n; ++k)
      want += w[k] * y2[k] * 2 / x[i];
    ad_test::check("running_product d_x vs hand", dx[i], want, 1e-13);
    ad_test::check("running_product d_x vs central differences", dx[i],
                   ad_test::central_difference([&](double t) {
                     double xs[n] = {x[0], x[1], x[2], x[3]}, ys[n];
                     xs[i] = t;
                     running_product(xs, ys, n);
                     double L = 0;
                     for (int k = 0; k < n; ++k)
                       L += w[k] * ys[k];
                     return L;
                   }, x[i]), 1e-6);
  }
  return ad_test::report();
}
