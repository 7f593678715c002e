// Calls in generated code name exactly the function f calls: pullbacks are
// emitted outside the callee's namespace, so `scale(v)` inside
// outer::inner::model must stay outer::inner::scale (once it became the
// global ::scale, silently). Overloads in different namespaces, a function
// in an anonymous namespace and explicit template arguments too.
// The checked text is reverse mode's; the default (forward mode for
// one-input gradients) is run too.
// The checks below read the pullbacks (split=never); the default (split
// records and lean pullbacks, docs/design.md "Split calls") must agree.
// RUN: %adxx -O1 -Werror %s -o %t -fplugin-arg-ad-mode=reverse -fplugin-arg-ad-split=never -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: %adxx -O1 -Werror %s -o %t.split -fplugin-arg-ad-mode=reverse
// RUN: %t.split
// RUN: %adxx -O1 -Werror %s -o %t.fwd
// RUN: %t.fwd
// RUN: FileCheck %s --input-file=%t.gen/qualified_calls.ad.cpp

#include "ad_test.hpp"
#include <cmath>

double scale(double v) { return 10 * v; }
namespace outer {
double scale(double v) { return 2 * v; }
namespace inner {
double scale(double v) { return 3 * v; }
double model(double v) { return v * scale(v); }
} // namespace inner
} // namespace outer

namespace {
double twice(double v) { return 2 * v; }
} // namespace

template <typename T> T cube(T v) { return v * v * v; }
template <typename T> T square(T v) { return v * v; }

[[ad::differentiate]]
double f(double y) {
  return y * outer::inner::model(y) + twice(y) * cube<double>(y) + square(y) * y;
}
// CHECK: {{^}}  _d_v += _d_return * ::outer::inner::scale(v);
// CHECK-LABEL: {{^}}double f_grad(double y, double *d_y) {
// CHECK:       {{^}}  _ret = y * ::outer::inner::model(y) + twice(y) * cube<double>(y) + square(y) * y;
// CHECK:       {{^}}  _d_y += ::outer::inner::model(y);
// CHECK:       {{^}}  twice_pullback(y, cube<double>(y), &_d_y);

int main() {
  for (double y : {-1.5, 0.3, 2.0}) {
    double d = 0;
    double v = f_grad(y, &d);
    ad_test::check("value bit for bit", v == f(y), 1, 0);
    // f = 3 y^3 + 2 y^4 + y^3 = 4 y^3 + 2 y^4
    double want = 12 * y * y + 8 * y * y * y;
    ad_test::check("d_y vs hand", d, want, 1e-13);
    ad_test::check("d_y vs central differences", d,
                   ad_test::central_difference([](double t) { return f(t); }, y), 1e-6);
  }
  return ad_test::report();
}
