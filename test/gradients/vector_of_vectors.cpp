// Rows pushed into a std::vector<std::vector<double>> as temporaries
// (push_back of `std::vector<double>(2, x)`, emplace_back(3, x * x)): each
// row's shadow is created with it and its adjoint flows back to x. An
// integer index vector grows alongside. Also under libstdc++'s assertions
// (_GLIBCXX_ASSERTIONS: vector reads call a function without a visible
// body) and debug mode (_GLIBCXX_DEBUG: std::__debug::vector).
// RUN: %adxx -O1 -Werror %s -o %t -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: FileCheck %s --input-file=%t.gen/vector_of_vectors.ad.cpp
// RUN: %adxx -O1 -Werror -D_GLIBCXX_ASSERTIONS %s -o %t.assertions
// RUN: %t.assertions
// RUN: %adxx -O1 -Werror -D_GLIBCXX_DEBUG %s -o %t.debug
// RUN: %t.debug

#include "ad_test.hpp"
#include <vector>

[[ad::differentiate]]
double f(double x) {
  std::vector<std::vector<double>> rows;
  rows.push_back(std::vector<double>(2, x));
  rows.emplace_back(3, x * x);
  std::vector<int> idx;
  for (int i = 0; i < 3; ++i)
    idx.push_back(i);
  double s = 0;
  for (int i : idx)
    s += rows[1][i] * rows[0][i % 2];
  return s;
}
// CHECK-LABEL: {{^}}double f_grad(double x, double *d_x) {
// CHECK:       {{^}}  _d_rows.push_back(::ad::zeros_like(rows.back()));
// CHECK:       {{^}}  _d_x += ::ad::sum_of(_d_rows.back());

int main() {
  for (double x : {-1.2, 0.5, 1.5}) {
    double d = 0;
    double v = f_grad(x, &d);
    ad_test::check("value bit for bit", v == f(x), 1, 0);
    ad_test::check("d_x vs hand (f = 3 x^3)", d, 9 * x * x, 1e-14);
    ad_test::check("d_x vs central differences", d,
                   ad_test::central_difference([](double t) { return f(t); }, x), 1e-6);
  }
  return ad_test::report();
}
