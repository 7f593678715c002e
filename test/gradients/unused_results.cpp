// A call that writes through a pointer argument, whose value goes into a
// local nothing reads (`double v = g(x, &t);`): the reverse sweep must
// still run its pullback for the output. It did not for lambdas (a silent
// zero, found by the fuzzer through f_hvp, whose core calls lambda
// pushforwards this way: seed 21, program 133). Helpers, lambdas, and
// f_hvp's gradient of a nested lambda call; checked against hand-derived
// derivatives and central differences. The user's [[maybe_unused]] stays
// on the generated declarations (-Wall -Wextra -Werror).
// RUN: %adxx -O1 -Wall -Wextra -Werror %s -o %t
// RUN: %t

#include "ad_test.hpp"

#include <cmath>

static double square_into(double a, double *out) {
  *out = a * a;
  return a;
}

[[ad::differentiate]]
double through_helper(double x, double y) {
  double t = 0;
  [[maybe_unused]] double unused = square_into(x, &t);
  return t * y;
}

[[ad::differentiate]]
double through_lambda(double x, double y) {
  auto g = [&](double a, double *out) -> double {
    *out = a * a * y;
    return a;
  };
  double t = 0;
  [[maybe_unused]] double unused = g(x, &t);
  return t;
}

// f_hvp's core calls the pushforward of the inner l(x) only for its
// tangent: its value goes unused.
[[ad::differentiate]]
double nested_lambda(double x) {
  auto l = [&](double s) { return x / (1.5 + s * s); };
  double r = l(l(x));
  return 0.5 * x + 0.3 * std::tanh(r);
}

static double nested_lambda_derivative(double x) {
  double a = 1.5 + x * x, inner = x / a;
  double dinner = 1 / a - 2 * x * x / (a * a);
  double b = 1.5 + inner * inner, r = x / b;
  double dr = 1 / b - x * 2 * inner * dinner / (b * b);
  return 0.5 + 0.3 * (1 - std::tanh(r) * std::tanh(r)) * dr;
}

int main() {
  for (double x : {-0.55, 0.3, 0.93}) {
    const double y = 1.7;
    double dx = 0, dy = 0;
    through_helper_grad(x, y, &dx, &dy);
    ad_test::check("helper d_x vs hand", dx, 2 * x * y, 1e-14);
    ad_test::check("helper d_y vs hand", dy, x * x, 1e-14);
    dx = dy = 0;
    through_lambda_grad(x, y, &dx, &dy);
    ad_test::check("lambda d_x vs hand", dx, 2 * x * y, 1e-14);
    ad_test::check("lambda d_y vs hand", dy, x * x, 1e-14);
    ad_test::check("lambda d_x vs central differences", dx,
                   ad_test::central_difference([&](double v) { return through_lambda(v, y); }, x),
                   1e-6);

    double d = 0, hv = 0, g = 0;
    nested_lambda_grad(x, &g);
    nested_lambda_hvp(x, &d, 1.0, &hv);
    ad_test::check("nested f_grad vs hand", g, nested_lambda_derivative(x), 1e-12);
    ad_test::check("nested f_hvp's gradient vs hand", d, nested_lambda_derivative(x), 1e-12);
    ad_test::check("nested f_hvp vs central differences of the hand derivative", hv,
                   ad_test::central_difference(nested_lambda_derivative, x), 1e-6);
  }
  return ad_test::report();
}
