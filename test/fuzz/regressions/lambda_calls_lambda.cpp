// Found by test/fuzz (seed 201, program ~790): a lambda calling another
// lambda of the same function (captured by reference). Its pullback calls
// the other's pullback, defined before it in the generated function.
// f = sin(g(x)) * c with g(t) = t * c: df/dx = cos(x c) c^2.
// RUN: %adxx -O1 %s -o %t
// RUN: %t

#include "ad_test.hpp"
#include <cmath>

[[ad::differentiate]] double f(double x, double c) {
  auto g = [&](double t) { return t * c; };
  auto h = [&](double t) { return std::sin(g(t)) * c; };
  return h(x);
}

int main() {
  double x = 0.7, c = 1.3, dx = 0, dc = 0;
  f_grad(x, c, &dx, &dc);
  ad_test::check("df/dx", dx, std::cos(x * c) * c * c, 1e-13);
  ad_test::check("df/dc", dc, std::cos(x * c) * x * c + std::sin(x * c), 1e-13);
  return ad_test::report();
}
