// A marked template declared before its definition, with the helpers it
// calls in between (ADBench's ba.hpp and gmm.hpp are written so): f_grad and
// its specializations are declared after the first declaration, defined
// after the definition, where the helpers are declared.
// RUN: %adxx -O1 -Werror -I%ad_src/test/fuzz %s -o %t -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: FileCheck %s --input-file=%t.gen/template_declared_first.ad.cpp

#include "ad_test.hpp"
#include "dual.hpp"

template <class T> T energy(const T *x, int n);
// CHECK:       {{^}}template <class T> T energy(const T *x, int n);
// CHECK-NEXT:  {{^}}#line
// CHECK-NEXT:  {{^ *}}// The gradient of energy: a template
// CHECK-NEXT:  {{^}}template <class T> T energy_grad(const T *x, int n, T *d_x);
// CHECK-NEXT:  {{^}}template <> inline double energy_grad<double>(const double *x, int n, double *d_x);

template <class T> T sq(T a) { return a * a; }

template <class T>
[[ad::differentiate("x")]] T energy(const T *x, int n) {
  T s = 0;
  for (int i = 0; i + 1 < n; ++i)
    s += sq(x[i + 1] - x[i]) * x[i];
  return s;
}
// CHECK:       {{^}}template <> inline double energy_grad<double>(const double *x, int n, double *d_x) {

int main() {
  double x[4] = {0.5, -1.0, 2.0, 0.25}, dx[4] = {};
  double v = energy_grad<double>(x, 4, dx);
  ad_test::check("value bit for bit", v == energy(x, 4), 1, 0);
  for (int k = 0; k < 4; ++k) {
    fz::dual xd[4];
    for (int i = 0; i < 4; ++i)
      xd[i] = fz::dual(x[i], i == k);
    ad_test::check("d_x vs forward mode", dx[k], energy(xd, 4).d, 1e-13);
  }
  return ad_test::report();
}
