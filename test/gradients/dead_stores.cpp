// A pullback runs its helper's forward sweep again before its reverse
// sweep; a store whose value nothing reads again is not made there (a dead
// store, plugin/lib/Overwrites.cpp): not the reverse sweep, not another
// statement. scale_add's output is such a store (its derivative is linear
// in it); square_into's is read by its reverse sweep (u = t^2 needs t);
// sum_into's flows into the sum it returns (its pullback restores all it
// writes: the caller reads its output). Checked against the
// derivative by hand and central differences, in the default mode (lean
// pullbacks, whose caller restores its buffers) and with split=never.
// RUN: %adxx -O2 -Werror %s -o %t -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: FileCheck %s --input-file=%t.gen/dead_stores.ad.cpp
// RUN: %adxx -O2 -Werror %s -o %t.never -fplugin-arg-ad-split=never
// RUN: %t.never

#include "ad_test.hpp"
#include <cmath>
#include <vector>

static void scale_add(int n, const double *a, const double *x, double *out) {
  for (int i = 0; i < n; ++i)
    out[i] = a[i] * x[i];
  for (int i = 0; i < n; ++i)
    out[i] = out[i] + x[i];
}
// CHECK-LABEL: {{^}}static void scale_add_pullback_lean({{.*}}) {{[{]$}}
// CHECK-NOT:   {{[^_]}}out[i] =
// CHECK:       {{^}}}

static void square_into(int n, const double *x, double *out) {
  for (int i = 0; i < n; ++i)
    out[i] = x[i] * x[i];
  for (int i = 0; i < n; ++i)
    out[i] = out[i] * out[i];
}
// CHECK-LABEL: {{^}}static void square_into_pullback_lean({{.*}}) {{[{]$}}
// CHECK:       {{^ +}}out[i] = x[i] * x[i];
// CHECK:       {{^}}}

static double sum_into(int n, const double *x, double *out) {
  double s = 0;
  for (int i = 0; i < n; ++i) {
    out[i] = 2 * x[i];
    s += out[i];
  }
  return s;
}
// CHECK-LABEL: {{^}}static void sum_into_pullback({{.*}}) {{[{]$}}
// CHECK:       {{^ +}}out[i] = 2 * x[i];
// CHECK:       {{^}}}

// r = sum over k of (k + 1) * sum_i 2 ((a_i + 1) x_i)^4 = 6 sum_i ((a_i + 1) x_i)^4
[[ad::differentiate("a", "x")]]
double f(int n, const double *a, const double *x) {
  std::vector<double> t(n), u(n);
  double r = 0;
  for (int k = 0; k < 2; ++k) {
    scale_add(n, a, x, t.data());
    square_into(n, t.data(), u.data());
    r += sum_into(n, u.data(), t.data()) * (k + 1);
  }
  return r;
}

// The caller copies each output before the call and puts it back after
// the lean pullback; a second copy, put back before the pullback, only for
// an output the pullback reads (square_into's u, not scale_add's t:
// pullbackIgnoresValuesOf).
// CHECK-LABEL: {{^}}double f_grad(
// CHECK:       {{^ +}}_tape_vector.push(t);
// CHECK-NEXT:  {{^ +}}scale_add(n, a, x, t.data());
// CHECK-NEXT:  {{^ +}}_tape_vector.push(u);
// CHECK-NEXT:  {{^ +}}_tape_vector.push(u);
// CHECK-NEXT:  {{^ +}}square_into(n, t.data(), u.data());
// CHECK:       {{^ +}}::ad::restore_in_place(u, _tape_vector.pop());
// CHECK-NEXT:  {{^ +}}square_into_pullback_lean(n, t.data(), u.data(), _d_t.data(), _d_u.data());
// CHECK-NEXT:  {{^ +}}::ad::restore_in_place(u, _tape_vector.pop());
// CHECK-NEXT:  {{^ +}}scale_add_pullback_lean(n, a, x, t.data(), d_a, d_x, _d_t.data());
// CHECK-NEXT:  {{^ +}}::ad::restore_in_place(t, _tape_vector.pop());

int main() {
  const int n = 4;
  double a[n] = {0.5, -1.5, 0.25, 2.0}, x[n] = {1.1, 0.7, -0.9, 0.3};
  double da[n] = {}, dx[n] = {};
  double v = f_grad(n, a, x, da, dx);
  ad_test::check("value bit for bit", v == f(n, a, x), 1, 0);
  for (int i = 0; i < n; ++i) {
    double p = (a[i] + 1) * x[i];
    ad_test::check("d_a by hand", da[i], 24 * p * p * p * x[i], 1e-13);
    ad_test::check("d_x by hand", dx[i], 24 * p * p * p * (a[i] + 1), 1e-13);
    auto fa = [&](double t) { double b[n]; std::copy(a, a + n, b); b[i] = t; return f(n, b, x); };
    auto fx = [&](double t) { double y[n]; std::copy(x, x + n, y); y[i] = t; return f(n, a, y); };
    ad_test::check("d_a vs central differences", da[i], ad_test::central_difference(fa, a[i]), 1e-7);
    ad_test::check("d_x vs central differences", dx[i], ad_test::central_difference(fx, x[i]), 1e-7);
  }
  return ad_test::report();
}
