// A long double function (contract §2): adjoints, tape and saved partials stay
// long double, so the gradient matches a long double hand tangent to 1e-15
// relative (tighter than double arithmetic could promise over the loop).
// Reverse mode (forced: these functions have one active input, which
// otherwise gets forward mode), then forward mode, checked at run time.
// RUN: %adxx -O2 %s -o %t -fplugin-arg-ad-mode=reverse -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: FileCheck %s --input-file=%t.gen/long_double.ad.cpp
// RUN: %adxx -O2 %s -o %t.fwd -fplugin-arg-ad-emit=%t.fwd.gen
// RUN: %t.fwd

#include "ad_test.hpp"
#include <cfloat>
#include <cmath>

[[ad::differentiate]]
long double f(long double x, long double y) {
  long double s = x * y;
  for (int i = 0; i < 5; ++i)
    s = std::sin(s) + x / y;
  return std::exp(s) * y + std::log(x) + sinl(x * y);
}
// CHECK-LABEL: {{^}}long double f_grad(long double x, long double y, long double *d_x, long double *d_y) {
// CHECK-DAG:   {{^}}  long double _d_x = 0;
// CHECK-DAG:   {{^}}  long double _d_s = 0;
// CHECK-DAG:   {{^}}  ::ad::{{(Stack)?}}Tape<long double{{.*}}> [[TAPE:_tape[_a-z]*]];
// CHECK:       {{^}}    [[TAPE]].push(s);
// CHECK:       {{^}}  for (; [[T:_t[0-9]+]]; [[T]]--) {
// CHECK-NEXT:  {{^}}    s = [[TAPE]].pop();
// CHECK-NEXT:  {{^}}    long double [[R:_r[0-9]+]] = _d_s;
// CHECK-NOT:   {{^ +}}double
// CHECK:       {{^}}  *d_x += _d_x;

// The adjoint (x - 1000) + (x + 1000) of this product cancels: in double it
// would be off by about 1e-13 relative, in long double by about 1e-16.
[[ad::differentiate]]
long double cancel(long double x) {
  return (x + 1000) * (x - 1000);
}
// CHECK-LABEL: {{^}}long double cancel_grad(long double x, long double *d_x) {
// CHECK:       {{^}}  long double _d_x = 0;

struct Tan { long double v, dx, dy; };

static Tan f_tangent(long double x, long double y) {
  Tan s = {x * y, y, x};
  for (int i = 0; i < 5; ++i) {
    long double c = std::cos(s.v);
    s = {std::sin(s.v) + x / y, c * s.dx + 1 / y, c * s.dy - x / (y * y)};
  }
  long double e = std::exp(s.v), c = std::cos(x * y);
  return {e * y + std::log(x) + std::sin(x * y), e * s.dx * y + 1 / x + c * y,
          e * s.dy * y + e + c * x};
}

int main() {
  for (int k = 0; k < 10; ++k) {
    long double x = 0.3L + 0.37L * k, y = 1.9L - 0.15L * k;
    long double dx = 0, dy = 0;
    long double value = f_grad(x, y, &dx, &dy);
    ad_test::check("value bit for bit", value == f(x, y), 1, 0);
    Tan want = f_tangent(x, y);
    ad_test::check("d_x vs long double hand tangent", dx, want.dx, 1e-15);
    ad_test::check("d_y vs long double hand tangent", dy, want.dy, 1e-15);
    ad_test::check("d_x vs central differences", dx,
                   ad_test::central_difference([&](long double v) { return f(v, y); }, x), 1e-6);
    ad_test::check("d_y vs central differences", dy,
                   ad_test::central_difference([&](long double v) { return f(x, v); }, y), 1e-6);
  }
  // Only meaningful where long double is wider than double (x86-64: 64 bits).
  for (int k = 0; k < 10 && LDBL_MANT_DIG > DBL_MANT_DIG; ++k) {
    long double x = 0.1L + 0.173L * k, dx = 0;
    long double value = cancel_grad(x, &dx);
    ad_test::check("cancel value bit for bit", value == cancel(x), 1, 0);
    ad_test::check("cancel d_x vs 2 x", dx, 2 * x, 1e-15);
    ad_test::check("cancel d_x vs central differences", dx,
                   ad_test::central_difference(cancel, x), 1e-6);
  }
  return ad_test::report();
}
