// Found by test/fuzz (six programs of seeds 5, 6 and 7, run with
// --without const-arg --without switch-jump). In a loop, a math call whose
// argument is a `?:` with one constant branch, `sin(c ? w : 0.5)`: the
// forward sweep pushes sin's partial on the `_partials` tape on every
// iteration, but the reverse sweep pops it only when `c` was true. The tape
// gets out of step and later pops (here sqrt's partial) read the wrong
// values: a derivative that does not even depend on `w` comes out wrong.
// f(x) = a2 = sqrt(2 + x^2) (a never exceeds 5 here), f'(x) = x / sqrt(2 + x^2);
// at x = 0.5 f_grad gives 0.654 instead of 0.333.
// RUN: %adxx -O1 %s -o %t
// RUN: %t

#include "ad_test.hpp"
#include <cmath>

[[ad::differentiate]] double f(double x) {
  double a = x;
  double w = x;
  for (int k = 0; k < 2; ++k) {
    a = std::sqrt(1 + a * a);
    w += std::sin(a > 5 ? w : 0.5);
  }
  return a;
}

int main() {
  for (int n = 0; n < 21; ++n) {
    double x = -1.5 + 3.0 * n / 20;
    double dx = 0;
    double value = f_grad(x, &dx);
    ad_test::check("value bit for bit", value == f(x), 1, 0);
    ad_test::check("vs hand derivative", dx, x / std::sqrt(2 + x * x), 1e-12);
    ad_test::check("vs central differences", dx,
                   ad_test::central_difference(f, x), 1e-6);
  }
  return ad_test::report();
}
