// Found by test/fuzz (seed 1, program 289, with an early version of fuzz.py;
// later also through inactive local variables passed as arguments). A
// helper's by-value parameter that is inactive at the call (the argument is a
// constant) and is then assigned an active value. Reassigning a by-value
// parameter and calling a helper with a constant argument are both allowed
// (contract §3), yet the plugin rejected the file:
//   error: cannot differentiate a write to or read of this kind of active value
// at the assignment, the read of `a` and the `return a`.
// RUN: %adxx -O1 %s -o %t
// RUN: %t

#include "ad_test.hpp"
#include <cmath>

static double scale(double a, double b) {
  a = a * b; // `a` is inactive on entry and active from here on
  return a;
}

// f(x) = 2 sin(x), f'(x) = 2 cos(x)
[[ad::differentiate]] double f(double x) { return scale(2.0, std::sin(x)); }

int main() {
  for (int k = 0; k < 21; ++k) {
    double x = -1.5 + 3.0 * k / 20;
    double dx = 0;
    double value = f_grad(x, &dx);
    ad_test::check("value bit for bit", value == f(x), 1, 0);
    ad_test::check("vs hand derivative", dx, 2 * std::cos(x), 1e-12);
    ad_test::check("vs central differences", dx,
                   ad_test::central_difference(f, x), 1e-6);
  }
  return ad_test::report();
}
