// Same bug as inactive_param_made_active.cpp, in the marked function: a
// parameter left out of the attribute's list (so inactive) that is assigned
// an active value. The plugin rejected the file with
//   error: cannot differentiate a write to or read of this kind of active value
// RUN: %adxx -O1 %s -o %t
// RUN: %t

#include "ad_test.hpp"
#include <cmath>

// g(x, a) = a * sin(x), dg/dx = a cos(x)
[[ad::differentiate("x")]] double g(double x, double a) {
  a = a * std::sin(x);
  return a;
}

static double g_at_3(double x) { return g(x, 3.0); }

int main() {
  for (int k = 0; k < 21; ++k) {
    double x = -1.5 + 3.0 * k / 20;
    double dx = 0;
    double value = g_grad(x, 3.0, &dx);
    ad_test::check("value bit for bit", value == g(x, 3.0), 1, 0);
    ad_test::check("vs hand derivative", dx, 3 * std::cos(x), 1e-12);
    ad_test::check("vs central differences", dx,
                   ad_test::central_difference(g_at_3, x), 1e-6);
  }
  return ad_test::report();
}
