// Regressions found by review of sum reductions and forward mode (each was
// wrong before its fix): a loop-invariant call hoisted out of a loop that
// runs zero times (an integer division by zero f never executes), a for-init
// that overwrites a variable earlier adjoints read (restored in the wrong
// order), two reduction loops into one sum sharing an accumulator, a
// constructor-style declaration in a reduction body, an unused derivative
// in forward mode (-Wall), and float sums of double inputs accumulated in
// float. Checked against hand derivatives and central differences, and the
// emitted file compiles with g++ -Wall -Werror.
// RUN: %adxx -O1 -Wall -Werror %s -o %t -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: FileCheck %s --input-file=%t.gen/review_regressions.ad.cpp
// RUN: %gxx -std=c++17 -O1 -Wall -Werror -I%runtime -I%ad_src/test/support %t.gen/review_regressions.ad.cpp -o %t.gxx
// RUN: %t.gxx

#include "ad_test.hpp"

#include <cmath>
#include <utility>

// pow(x, 12 / n) is the same in every iteration, but with n = 0 the loop
// does not run, and computing it before the loop would divide by zero:
// integer arithmetic is never hoisted, and what is hoisted runs only if the
// loop runs.
[[ad::differentiate]]
double guard(double x, double y, int n) {
  double s = 0;
  for (int i = 0; i < n; ++i)
    s += y * std::pow(x, 12 / n) + std::exp(x);
  return s + x;
}
// CHECK-LABEL: {{^}}double guard_grad({{.*}}) {
// CHECK:       {{^}}  i = 0;
// CHECK-NEXT:  {{^}}  if (i < n) {
// CHECK-NEXT:  {{^}}    _c0 = std::exp(x);
// CHECK-NEXT:  {{^}}  }
// CHECK-NEXT:  {{^}}  for (; i < n; ++i) {
// CHECK-NEXT:  {{^}}    double _v0 = std::pow(x, 12 / n);

// z's adjoint reads a[i] with i = 1; the loop's init sets i = 0 first.
[[ad::differentiate]]
double restore(double x, double y, int n) {
  double a[2] = {1, 2};
  int i = 1;
  double z = x * a[i];
  double s = 0;
  for (i = 0; i < n; ++i)
    s += y;
  return z * s; // 2 x n y
}

// Two loops into s: each has its own accumulators.
[[ad::differentiate]]
double twoloops(double x, double y, int n) {
  double s = y;
  if (n > 5)
    for (int i = 0; i < n; ++i)
      s += x;
  for (int i = 0; i < n; ++i)
    s += x * y;
  return s;
}

[[ad::differentiate]]
double ctor(double x, double y, int n) {
  double s = 0;
  for (int i = 0; i < n; ++i) {
    std::pair<int, int> p(i, 2);
    s += x * p.first + y * p.second;
  }
  return s;
}
// CHECK-LABEL: {{^}}double ctor_grad({{.*}}) {
// CHECK:       {{^}}    std::pair<int, int> p(i, 2);

// Forward mode: c's derivative is computed but only c's value is used.
[[ad::differentiate]]
double step(double x) {
  double c = x * 2;
  if (c > 1)
    return 1.0;
  return 0.5;
}
// CHECK-LABEL: {{^}}double step_grad(double x, double *d_x) {
// CHECK:       {{^}}  {{\[\[}}maybe_unused]] double _t_c = _t_x * 2;

// A float sum of double inputs: its partials are summed in double, as the
// reverse loop sums into x's adjoint.
[[ad::differentiate("x", "y")]]
double fsum(double x, double y, int n) {
  float s = 0;
  for (int i = 0; i < n; ++i)
    s += x * i + y;
  return s;
}
// CHECK-LABEL: {{^}}double fsum_grad({{.*}}) {
// CHECK:       {{^}}  double _ds_dx = 0;
// CHECK:       {{^}}  double _ds_dy = 0;

// Forward mode: a float variable's derivative by a double input in double.
[[ad::differentiate]]
double ftangent(double x) {
  float s = 0;
  for (int i = 0; i < 3; ++i)
    s += x * i;
  return s;
}
// CHECK-LABEL: {{^}}double ftangent_grad(double x, double *d_x) {
// CHECK:       {{^}}  double _t_s = 0;

int main() {
  const double points[][2] = {{0.7, 1.1}, {1.3, -0.4}};
  for (const auto &p : points) {
    double x = p[0], y = p[1], dx = 0, dy = 0;
    for (int n : {0, 3}) {
      dx = dy = 0;
      double value = guard_grad(x, y, n, &dx, &dy);
      ad_test::check("guard value bit for bit", value == guard(x, y, n), 1, 0);
      double want = n ? n * (y * 12 / n * std::pow(x, 12 / n - 1) + std::exp(x)) + 1 : 1;
      ad_test::check("guard dx vs hand", dx, want, 1e-12);
      ad_test::check("guard dx vs central differences", dx,
                     ad_test::central_difference([&](double v) { return guard(v, y, n); }, x), 1e-6);
    }
    for (int n : {3, 7}) {
      dx = dy = 0;
      restore_grad(x, y, n, &dx, &dy);
      ad_test::check("restore dx vs hand", dx, 2 * n * y, 1e-12);
      ad_test::check("restore dy vs hand", dy, 2 * x * n, 1e-12);
      dx = dy = 0;
      twoloops_grad(x, y, n, &dx, &dy);
      ad_test::check("twoloops dx vs hand", dx, (n > 5 ? n : 0) + n * y, 1e-12);
      ad_test::check("twoloops dy vs hand", dy, 1 + n * x, 1e-12);
      dx = dy = 0;
      ctor_grad(x, y, n, &dx, &dy);
      ad_test::check("ctor dx vs hand", dx, n * (n - 1) / 2, 1e-12);
      ad_test::check("ctor dy vs hand", dy, 2 * n, 1e-12);
      dx = dy = 0;
      double value = fsum_grad(x, y, n, &dx, &dy);
      ad_test::check("fsum value bit for bit", value == fsum(x, y, n), 1, 0);
      ad_test::check("fsum dx vs hand", dx, n * (n - 1) / 2, 1e-12);
    }
    dx = 0;
    step_grad(x, &dx);
    ad_test::check("step dx", dx, 0, 0);
    dx = 0;
    ftangent_grad(x, &dx);
    ad_test::check("ftangent dx", dx, 3, 1e-12);
  }
  return ad_test::report();
}
