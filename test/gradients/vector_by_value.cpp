// std::vector passed by value (contract §2): the callee's own copy. One it
// only reads has its shadow bound to the caller's element shadows; one it
// changes (through `auto &e`, `v[i] *=`, an iterator) gets a shadow of its
// own, added into the caller's at the end, since undoing its writes resets
// element adjoints that are not the caller's. Passing a local vector by
// value to a helper was refused before ("the derivative of this
// expression's value"), and a marked function changing its own by-value
// vector reset what the caller's shadow held before the call (f_grad adds
// into it: two calls add twice). Checked against hand-derived derivatives
// and central differences.
// RUN: %adxx -O1 -Wall -Wextra -Werror %s -o %t -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: FileCheck %s --input-file=%t.gen/vector_by_value.ad.cpp

#include "ad_test.hpp"

#include <cmath>
#include <vector>

// Changes its copy: sum of squares, squaring in place.
static double sum_squares(std::vector<double> a) {
  double s = 0;
  for (double &e : a) {
    e *= e;
    s += e;
  }
  return s;
}
// CHECK-LABEL: {{^}}static void sum_squares_pullback(std::vector<double> a, double _d_return, double *d_a) {
// CHECK:       {{^}}  ::ad::add_into(d_a, _d_a);

// Only reads its copy.
static double weighted(std::vector<double> a) { return a[0] + 2 * a.at(1) + 3 * a.back(); }
// CHECK-LABEL: {{^}}static void weighted_pullback(std::vector<double> a, double _d_return, double *d_a) {
// CHECK-NOT:   add_into
// CHECK:       {{^}}}

[[ad::differentiate]]
double helpers(double x, double y) {
  std::vector<double> m{x, y, x * y};
  double d = sum_squares(m);
  return 2.0 * sum_squares(m) + d + weighted(m);
}

// The marked function changes its own by-value vector, read again after.
[[ad::differentiate]]
double own_copy(std::vector<double> v, double k) {
  double s = 0;
  for (std::size_t i = 0; i < v.size(); ++i) {
    v[i] *= k;
    s += v[i] * v[i];
  }
  return s + v[0];
}

int main() {
  for (double x : {0.7, -1.3}) {
    const double y = 1.9;
    double dx = 0, dy = 0;
    double value = helpers_grad(x, y, &dx, &dy);
    ad_test::check("helpers value bit for bit", value == helpers(x, y), 1, 0);
    // f = 3 (x^2 + y^2 + x^2 y^2) + x + 2 y + 3 x y
    ad_test::check("helpers d_x vs hand", dx, 3 * (2 * x + 2 * x * y * y) + 1 + 3 * y, 1e-12);
    ad_test::check("helpers d_y vs hand", dy, 3 * (2 * y + 2 * x * x * y) + 2 + 3 * x, 1e-12);
    ad_test::check("helpers d_x vs central differences", dx,
                   ad_test::central_difference([&](double t) { return helpers(t, y); }, x), 1e-6);

    std::vector<double> v{x, 0.5, 2.0}, d(3, 0.0);
    const double k = 1.5;
    double dk = 0;
    own_copy_grad(v, k, d.data(), &dk);
    // f = k^2 sum v_i^2 + k v_0
    ad_test::check("own_copy d_v[0] vs hand", d[0], 2 * k * k * x + k, 1e-12);
    ad_test::check("own_copy d_v[2] vs hand", d[2], 2 * k * k * 2.0, 1e-12);
    ad_test::check("own_copy d_k vs hand", dk, 2 * k * (x * x + 0.25 + 4.0) + x, 1e-12);
    ad_test::check("v unchanged (by value)", v[0] == x, 1, 0);
    own_copy_grad(v, k, d.data(), &dk);
    ad_test::check("own_copy twice adds twice", d[0], 2 * (2 * k * k * x + k), 1e-12);
  }
  return ad_test::report();
}
