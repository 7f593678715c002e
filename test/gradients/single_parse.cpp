// Compiled in one parse (docs/performance.md, "Compile time"): f_grad is
// declared right after each marked function and every definition comes at
// the end of the file, in its namespaces again. Marked functions in a named
// namespace, an inline namespace, an anonymous namespace, an extern "C"
// block, a namespace closed on the function's last line; a helper defined
// after the marked function that calls it; a class parameter whose shadow
// main makes with ad::zeros_like before the definitions. Checked against
// hand-derived gradients and central differences; the emitted file is what
// ad-gen prints and compiles with g++ -Wall -Werror; the attribute leaves
// no annotation in the object file.
// RUN: %adxx -O2 %s -o %t -fplugin-arg-ad-emit=%t.gen -fplugin-arg-ad-parse=once
// RUN: %t
// RUN: rm -rf %t.tool && mkdir -p %t.tool
// RUN: %adgen %s -o %t.gen/single_parse.ad.cpp -- -std=c++17 -I%ad_src/test/support
// RUN: mv %t.gen/single_parse.ad.cpp %t.tool/single_parse.ad.cpp
// RUN: %adxx -fsyntax-only %s -fplugin-arg-ad-emit=%t.gen
// RUN: diff %t.tool/single_parse.ad.cpp %t.gen/single_parse.ad.cpp
// RUN: %gxx -Werror -O2 -I%runtime %t.gen/single_parse.ad.cpp -o %t.gxx
// RUN: %t.gxx
// RUN: %adxx -O0 -S -emit-llvm %s -o - | FileCheck %s --check-prefix=IR
// IR-NOT: llvm.global.annotations
// IR-NOT: ad.differentiate
// RUN: FileCheck %s --input-file=%t.gen/single_parse.ad.cpp

#include "ad_test.hpp"

namespace model {
double square(double v);

[[ad::differentiate]]
double energy(double x, double y) {
  return square(x) * y + std::sin(x * y);
}
// CHECK-LABEL: {{^}}double energy(double x, double y) {
// CHECK:       {{^}}double energy_grad(double x, double y, double *d_x, double *d_y);{{$}}

double square(double v) { return v * v; }
} // namespace model

namespace lib {
inline namespace v1 {
[[ad::differentiate]]
double cubic(double x) { return x * x * x - 2 * x; }
} // namespace v1
} // namespace lib

namespace {
[[ad::differentiate]]
double local_sum(const double *x, int n) {
  double s = 0;
  for (int i = 0; i < n; ++i)
    s += x[i] * std::exp(-x[i]);
  return s;
}
} // namespace

extern "C" {
[[ad::differentiate]]
double c_product(double a, double b) { return a * b * b; }
}

namespace tight { [[ad::differentiate]] double quartic(double x) { return x * x * x * x; } }

struct Params {
  double a, b;
};

[[ad::differentiate("p", "x")]]
double fit(const Params &p, double x) {
  return p.a * x + p.b * x * x;
}
// CHECK-LABEL: {{^}}double fit(const Params &p, double x) {
// The hooks of Params come with fit_grad's declaration, before main uses
// them through ad::zeros_like.
// CHECK:       {{^}}inline void ad_shadow_zero(Params &x) {
// CHECK:       {{^}}double fit_grad(const Params &p, double x, Params *d_p, double *d_x);{{$}}

int main() {
  double x = 0.7, y = -1.3;
  double dx = 0, dy = 0;
  double value = model::energy_grad(x, y, &dx, &dy);
  ad_test::check("energy", value, model::energy(x, y), 0);
  ad_test::check("energy dx", dx, 2 * x * y + y * std::cos(x * y), 1e-13);
  ad_test::check("energy dy", dy, x * x + x * std::cos(x * y), 1e-13);
  ad_test::check("energy dx fd", dx,
                 ad_test::central_difference([&](double v) { return model::energy(v, y); }, x),
                 1e-7);

  double dc = 0;
  lib::cubic_grad(1.5, &dc);
  ad_test::check("cubic", dc, 3 * 1.5 * 1.5 - 2, 1e-14);

  double v[3] = {0.2, 1.1, -0.4}, dv[3] = {};
  ad_test::check("local_sum value", local_sum_grad(v, 3, dv), local_sum(v, 3), 0);
  for (int i = 0; i < 3; ++i)
    ad_test::check("local_sum", dv[i], (1 - v[i]) * std::exp(-v[i]), 1e-14);

  double da = 0, db = 0;
  c_product_grad(2.0, 3.0, &da, &db);
  ad_test::check("c_product da", da, 9.0, 0);
  ad_test::check("c_product db", db, 12.0, 0);

  double dq = 0;
  tight::quartic_grad(0.5, &dq);
  ad_test::check("quartic", dq, 4 * 0.125, 1e-15);

  Params p{1.5, -0.25};
  Params dp = ad::zeros_like(p);
  double dfx = 0;
  fit_grad(p, 2.0, &dp, &dfx);
  ad_test::check("fit a", dp.a, 2.0, 0);
  ad_test::check("fit b", dp.b, 4.0, 0);
  ad_test::check("fit x", dfx, 1.5 + 2 * -0.25 * 2.0, 1e-15);
  return ad_test::report();
}
// The definitions, at the end, each in its namespaces.
// CHECK:      {{^}}// The gradients of this file, defined where the whole file is known.
// CHECK:      {{^}}namespace model {
// CHECK:      {{^}}double energy_grad(double x, double y, double *d_x, double *d_y) {
// CHECK:      {{^}}} // namespace model
// CHECK-NEXT: {{^}}namespace lib {
// CHECK-NEXT: {{^}}inline namespace v1 {
// CHECK:      {{^}}} // inline namespace v1
// CHECK-NEXT: {{^}}} // namespace lib
// CHECK-NEXT: {{^}}namespace {
// extern "C" is not opened again: c_product_grad keeps the C linkage of
// its declaration.
// CHECK-NOT:  {{^}}extern "C" {
// CHECK:      {{^}}double c_product_grad(double a, double b, double *d_a, double *d_b) {
// CHECK:      {{^}}namespace tight {
// CHECK:      {{^}}double fit_grad(const Params &p, double x, Params *d_p, double *d_x) {
