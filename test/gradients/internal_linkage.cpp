// Marked functions with internal linkage (in an unnamed namespace, or
// static): their f_jvp and f_jacobian, which this file does not call, must
// not warn "unused function" (the Python package compiled such files with
// -Wall -Werror and got an error blamed on ad). Gradients checked against
// hand-derived derivatives and central differences.
// RUN: %adxx -O1 -Wall -Wextra -Werror %s -o %t
// RUN: %t

#include "ad_test.hpp"

#include <cmath>

namespace {
[[ad::differentiate]]
double product(double x, double y) { return std::sin(x) * y; }
} // namespace

[[ad::differentiate("x[n]")]]
static double total(const double *x, int n) {
  double s = 0;
  for (int i = 0; i < n; ++i)
    s += x[i] * x[i];
  return s;
}

int main() {
  for (double x : {-0.4, 0.8}) {
    const double y = 1.3;
    double dx = 0, dy = 0;
    double value = product_grad(x, y, &dx, &dy);
    ad_test::check("product value", value, product(x, y), 0);
    ad_test::check("product d_x vs hand", dx, std::cos(x) * y, 1e-15);
    ad_test::check("product d_y vs hand", dy, std::sin(x), 1e-15);
    ad_test::check("product d_x vs central differences", dx,
                   ad_test::central_difference([&](double v) { return product(v, y); }, x), 1e-6);
    double a[3] = {x, 2 * x, 0.5}, d[3] = {0, 0, 0};
    total_grad(a, 3, d);
    for (int i = 0; i < 3; ++i)
      ad_test::check("total d_x vs hand", d[i], 2 * a[i], 1e-15);
    ad_test::check("total value", total(a, 3), a[0] * a[0] + a[1] * a[1] + 0.25, 1e-15);
  }
  return ad_test::report();
}
