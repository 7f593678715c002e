// Helpers for the runtime checks of generated gradients: central finite
// differences and tolerant comparisons. A test calls check(...) as often as
// it likes and returns ad_test::report() from main.
#pragma once

#include <cmath>
#include <cstdio>
#include <string>

namespace ad_test {

inline int failures = 0;
inline int checks = 0;

// |got - want| relative to |want|, with values below 1e-3 compared absolutely
// at that scale.
inline double relative_error(long double got, long double want) {
  long double scale = std::fabs(want) > 1e-3L ? std::fabs(want) : 1e-3L;
  return static_cast<double>(std::fabs(got - want) / scale);
}

inline void check(const char *what, long double got, long double want,
                  double tolerance) {
  ++checks;
  double err = relative_error(got, want);
  if (!(err <= tolerance)) {
    ++failures;
    std::printf("FAIL %s: got %.17Lg, want %.17Lg (relative error %.3g > %.3g)\n",
                what, got, want, err, tolerance);
  }
}

// Central difference of f at x with step h (scaled to x).
template <typename F, typename T>
T central_difference(F f, T x, T h = T(1e-6)) {
  T step = h * (std::fabs(x) > 1 ? std::fabs(x) : T(1));
  return (f(x + step) - f(x - step)) / (2 * step);
}

// Checks a generated gradient of f(x, y) at one point: f_grad(x, y, &dx, &dy)
// from zeroed dx, dy must return f(x, y) bit for bit, and d_x, d_y must match
// the hand-derived want_dx, want_dy (hand_tolerance) and central differences
// of f (fd_tolerance). Messages start with name. Returns f_grad's value.
template <typename F, typename Grad>
double check_gradient(const std::string &name, F f, Grad f_grad, double x,
                      double y, double want_dx, double want_dy,
                      double hand_tolerance = 1e-12, double fd_tolerance = 1e-6) {
  double dx = 0, dy = 0;
  double value = f_grad(x, y, &dx, &dy);
  check((name + " value bit for bit").c_str(), value == f(x, y), 1, 0);
  check((name + " d_x vs hand").c_str(), dx, want_dx, hand_tolerance);
  check((name + " d_y vs hand").c_str(), dy, want_dy, hand_tolerance);
  check((name + " d_x vs central differences").c_str(), dx,
        central_difference([&](double v) { return f(v, y); }, x), fd_tolerance);
  check((name + " d_y vs central differences").c_str(), dy,
        central_difference([&](double v) { return f(x, v); }, y), fd_tolerance);
  return value;
}

inline int report() {
  std::printf("%s: %d checks, %d failed\n", failures ? "FAILED" : "OK", checks,
              failures);
  return failures ? 1 : 0;
}

} // namespace ad_test
