// Helpers for the runtime checks of generated gradients: central finite
// differences and tolerant comparisons. A test calls check(...) as often as
// it likes and returns ad_test::report() from main.
#pragma once

#include <cmath>
#include <cstdio>

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

inline int report() {
  std::printf("%s: %d checks, %d failed\n", failures ? "FAILED" : "OK", checks,
              failures);
  return failures ? 1 : 0;
}

} // namespace ad_test
