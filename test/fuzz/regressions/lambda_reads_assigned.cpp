// Found by test/fuzz (seed 3, program 66, once lambdas were generated). A
// statement assigning a variable that a lambda it calls captures:
// v = l(c) with l = [&](double t) { return t / (1.5 + v * v); }. The
// right-hand side reads v through the lambda, so the reverse must take the
// adjoint of the new v before the lambda's pullback adds into v's adjoint
// (it once read it after). Calling a lambda now counts as reading what it
// captures.
// f = v1 with v1 = c / (1.5 + v0^2), v0 = x * c:
// df/dx = -c * 2 v0 c / (1.5 + v0^2)^2, df/dc also through c.
// RUN: %adxx -O1 %s -o %t
// RUN: %t

#include "ad_test.hpp"

[[ad::differentiate]] double f(double x, double c) {
  double v = x * c;
  auto l = [&](double t) { return t / (1.5 + v * v); };
  v = l(c);
  return v;
}

int main() {
  double x = 0.7, c = 1.3, dx = 0, dc = 0;
  f_grad(x, c, &dx, &dc);
  double v0 = x * c, q = 1.5 + v0 * v0;
  ad_test::check("df/dx", dx, -c * 2 * v0 * c / (q * q), 1e-13);
  ad_test::check("df/dc", dc, 1 / q - c * 2 * v0 * x / (q * q), 1e-13);
  ad_test::check("df/dx vs central differences", dx,
                 ad_test::central_difference([&](double t) { return f(t, c); }, x), 1e-6);
  return ad_test::report();
}
