// Found by the forward-mode fuzz run (seed 5, program 420): f's value and
// f_grad's differed in the last bits at -O1. c is a constant until it is
// reassigned, so the compiler folds f's `0.3 + 0.1 * std::sin(c * c)` to
// one constant, and a folded `a * b + c` is fused (llvm.fmuladd), while at
// run time it is not. f_grad computed the sine with its cosine through
// glibc's sincos, which the compiler does not fold, so it added at run time
// and rounded differently. Fixed: with an argument known at compile time the
// helper calls std::sin and std::cos, which fold like f's own call.
// RUN: %adxx -O1 %s -o %t
// RUN: %t

#include "ad_test.hpp"

#include <cmath>

[[ad::differentiate]]
double f(double x) {
  double c = 1.93;
  double w = x + (0.3 + 0.1 * std::sin(c * c));
  c = x * w;
  return w * c;
}

int main(int argc, char **) {
  for (int k = -3; k <= 3; ++k) {
    double x = 0.37 * k * argc; // not a compile-time constant
    double dx = 0;
    double value = f_grad(x, &dx);
    ad_test::check("value bit for bit", value == f(x), 1, 0);
    double w = x + (0.3 + 0.1 * std::sin(1.93 * 1.93));
    ad_test::check("d_x vs hand (d/dx x w^2 = w^2 + 2 x w)", dx, w * w + 2 * x * w, 1e-12);
    ad_test::check("d_x vs central differences", dx, ad_test::central_difference(f, x), 1e-6);
  }
  return ad_test::report();
}
