// f_jacobian of a function with an output it overwrites without reading it
// (`res` below, as ADBench's reprojection error writes `err`): the columns
// of the output's entry values are zero and are filled in, not computed
// (one f_jvp pass fewer per such column); f's value and effects still come
// from an f_jvp call, also when every other block is empty (n = 0). Sizes
// known as numbers use std::array work storage, not the heap.
// Checked against hand-derived Jacobians and central differences.
// RUN: %adxx -O1 -Wall -Wextra -Werror %s -o %t -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: FileCheck %s --input-file=%t.gen/jacobian_outputs.ad.cpp

#include "ad_test.hpp"

#include <cmath>

// res = (sin(x0) x1, x0 + 2 x1 + ... + n x(n-1)) for n >= 2; (1, 0) for n = 0.
[[ad::differentiate("x[n]", "res[2]")]]
void residuals(const double *x, int n, double *res) {
  res[0] = n >= 2 ? std::sin(x[0]) * x[1] : 1.0;
  double s = 0;
  for (int i = 0; i < n; ++i)
    s += (i + 1) * x[i];
  res[1] = s;
}
// CHECK-LABEL: {{^}}inline void residuals_jacobian(const double *x, int n, double *res, double *jac) {
// CHECK:       {{^}}  std::array<double, 2> _res_entry{};
// CHECK:       {{^}}  bool _ran = false;
// CHECK:       {{^}}    if (_c >= _n_x && _c < _n_x + _n_res && (_ran || _c + 1 < _cols)) {
// CHECK-NEXT:  {{^}}      // res's entry values: residuals overwrites it without reading it.
// CHECK:       {{^}}      continue;
// CHECK:       {{^}}    _ran = true;

// Reads its output: those columns are computed.
[[ad::differentiate("x[2]", "acc[1]")]]
void accumulate(const double *x, double *acc) { acc[0] = acc[0] * x[0] + x[1]; }
// CHECK-LABEL: {{^}}inline void accumulate_jacobian(
// CHECK-NOT:   _ran
// CHECK:       {{^}}}

int main() {
  const double x[3] = {0.7, -1.2, 0.4};
  double res[2] = {5, 5}, jac[2 * 5];
  for (double &j : jac)
    j = 99;
  residuals_jacobian(x, 3, res, jac);
  ad_test::check("res[0]", res[0], std::sin(0.7) * -1.2, 1e-15);
  ad_test::check("res[1]", res[1], 0.7 - 2.4 + 1.2, 1e-15);
  const double want[2][5] = {{std::cos(0.7) * -1.2, std::sin(0.7), 0, 0, 0}, {1, 2, 3, 0, 0}};
  for (int r = 0; r < 2; ++r)
    for (int c = 0; c < 5; ++c)
      ad_test::check("residuals jacobian vs hand", jac[r * 5 + c], want[r][c], 1e-15);
  for (int c = 0; c < 3; ++c) {
    double xp[3] = {x[0], x[1], x[2]}, rp[2], rm[2];
    const double h = 1e-6;
    xp[c] = x[c] + h;
    residuals(xp, 3, rp);
    xp[c] = x[c] - h;
    residuals(xp, 3, rm);
    for (int r = 0; r < 2; ++r)
      ad_test::check("residuals jacobian vs central differences", jac[r * 5 + c],
                     (rp[r] - rm[r]) / (2 * h), 1e-8);
  }
  // No x: only res's columns, which are zero; res still gets f's values.
  double res0[2] = {5, 5}, jac0[2 * 2] = {9, 9, 9, 9};
  residuals_jacobian(x, 0, res0, jac0);
  ad_test::check("n = 0: res[0]", res0[0], 1.0, 0);
  ad_test::check("n = 0: res[1]", res0[1], 0.0, 0);
  for (double j : jac0)
    ad_test::check("n = 0: jacobian is zero", j, 0.0, 0);

  double acc[1] = {2}, jacc[1 * 3];
  accumulate_jacobian(x, acc, jacc);
  ad_test::check("acc", acc[0], 2 * 0.7 - 1.2, 1e-15);
  ad_test::check("accumulate d/dx0", jacc[0], 2, 1e-15);
  ad_test::check("accumulate d/dx1", jacc[1], 1, 1e-15);
  ad_test::check("accumulate d/dacc", jacc[2], 0.7, 1e-15);
  return ad_test::report();
}
