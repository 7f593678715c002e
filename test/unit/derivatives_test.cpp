// Unit test of the runtime's derivative helpers against central differences
// (in long double) and the contract's rules at kinks.
#include <ad/derivatives.hpp>

#include <cmath>
#include <cstdio>

static int failures = 0;

static void close(const char *what, long double got, long double want, long double tol) {
  long double scale = std::fabs(want) > 1 ? std::fabs(want) : 1;
  if (!(std::fabs(got - want) <= tol * scale)) {
    std::printf("FAIL %s: got %.17Lg want %.17Lg\n", what, got, want);
    ++failures;
  }
}

template <typename F> static long double fd(F f, long double x) {
  const long double h = 1e-6L;
  return (f(x + h) - f(x - h)) / (2 * h);
}

int main() {
  const long double xs[] = {0.3L, 0.7L, 1.9L, 2.5L};
  for (long double x : xs) {
    close("tan", ad::d::tan(x), fd([](long double v) { return std::tan(v); }, x), 1e-8L);
    close("sqrt", ad::d::sqrt(x), fd([](long double v) { return std::sqrt(v); }, x), 1e-8L);
    close("cbrt", ad::d::cbrt(x), fd([](long double v) { return std::cbrt(v); }, x), 1e-8L);
    close("tanh", ad::d::tanh(x), fd([](long double v) { return std::tanh(v); }, x), 1e-8L);
    close("asinh", ad::d::asinh(x), fd([](long double v) { return std::asinh(v); }, x), 1e-8L);
    close("acosh", ad::d::acosh(x + 1), fd([](long double v) { return std::acosh(v); }, x + 1), 1e-8L);
    close("exp2", ad::d::exp2(x), fd([](long double v) { return std::exp2(v); }, x), 1e-8L);
    close("log2", ad::d::log2(x), fd([](long double v) { return std::log2(v); }, x), 1e-8L);
    close("log10", ad::d::log10(x), fd([](long double v) { return std::log10(v); }, x), 1e-8L);
    close("erf", ad::d::erf(x), fd([](long double v) { return std::erf(v); }, x), 1e-8L);
    close("erfc", ad::d::erfc(x), fd([](long double v) { return std::erfc(v); }, x), 1e-8L);
    close("tgamma", ad::d::tgamma(x), fd([](long double v) { return std::tgamma(v); }, x), 1e-7L);
    close("lgamma", ad::d::lgamma(x), fd([](long double v) { return std::lgamma(v); }, x), 1e-7L);
    close("pow_dx", ad::d::pow_dx(x, 2.5L), fd([](long double v) { return std::pow(v, 2.5L); }, x), 1e-8L);
    close("pow_dy", ad::d::pow_dy(x, 2.5L), fd([x](long double v) { return std::pow(x, v); }, 2.5L), 1e-8L);
    close("atan2_dy", ad::d::atan2_dy(x, 0.8L), fd([](long double v) { return std::atan2(v, 0.8L); }, x), 1e-8L);
    close("atan2_dx", ad::d::atan2_dx(0.8L, x), fd([](long double v) { return std::atan2(0.8L, v); }, x), 1e-8L);
    close("hypot_dx", ad::d::hypot_dx(x, 0.8L), fd([](long double v) { return std::hypot(v, 0.8L); }, x), 1e-8L);
  }
  // Digamma at known values: psi(1) = -gamma, psi(0.5) = -gamma - 2 ln 2.
  const long double euler = 0.57721566490153286060651209008240243L;
  close("digamma(1)", ad::d::digamma(1.0L), -euler, 1e-14L);
  close("digamma(0.5)", ad::d::digamma(0.5L), -euler - 2 * std::log(2.0L), 1e-14L);
  close("digamma(-0.5)", ad::d::digamma(-0.5L), 0.03648997397857652055902367L, 1e-14L);
  // The contract's choices at kinks.
  close("fabs'(0)", ad::d::fabs(0.0), 0, 0);
  close("fabs'(-2)", ad::d::fabs(-2.0), -1, 0);
  close("fmin tie", ad::d::fmin_dx(1.0, 1.0) + 2 * ad::d::fmin_dy(1.0, 1.0), 1, 0);
  close("fmax tie", ad::d::fmax_dx(1.0, 1.0) + 2 * ad::d::fmax_dy(1.0, 1.0), 1, 0);
  close("pow_dx(0, 1)", ad::d::pow_dx(0.0, 1.0), 1, 0);
  close("pow_dx(0, 2)", ad::d::pow_dx(0.0, 2.0), 0, 0);
  close("pow_dx(-2, 3)", ad::d::pow_dx(-2.0, 3.0), 12, 1e-15L);
  close("pow_dy(0, 2)", ad::d::pow_dy(0.0, 2.0), 0, 0);
  // Precision follows the argument: float in, float out.
  static_assert(std::is_same<decltype(ad::d::tan(1.0f)), float>::value, "float");
  static_assert(std::is_same<decltype(ad::d::tan(1.0L)), long double>::value, "long double");
  static_assert(std::is_same<decltype(ad::d::pow_dx(2.0f, 3)), double>::value, "pow(float, int)");
  std::printf("%s\n", failures ? "FAILED" : "OK");
  return failures ? 1 : 0;
}
