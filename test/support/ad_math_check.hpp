// Point checks for the <cmath> gradient tests (test/gradients/math_*.cpp):
// at each point, f_grad must return f's value bit for bit, and its derivative
// must match a hand-written closed formula and central differences.
#pragma once

#include "ad_test.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <initializer_list>
#include <utility>

namespace ad_math {

// Tolerances: against the closed formula, and against central differences
// (fd <= 0 skips central differences, e.g. at a kink).
struct Tol {
  double formula = 1e-12;
  double fd = 1e-6;
};

// f: T(T), g = f_grad: T(T, T*), want: the derivative as a closed formula.
template <typename T, typename Want>
void grad1(const char *name, T (*f)(T), T (*g)(T, T *), Want want,
           std::initializer_list<long double> xs, Tol tol = Tol(),
           T h = T(1e-6)) {
  char what[256];
  for (long double xl : xs) {
    T x = static_cast<T>(xl);
    T d = 0;
    T value = g(x, &d);
    std::snprintf(what, sizeof what, "%s at x = %.21Lg: value bit for bit",
                  name, (long double)x);
    ad_test::check(what, value == f(x), 1, 0);
    std::snprintf(what, sizeof what, "%s at x = %.21Lg: d/dx vs formula",
                  name, (long double)x);
    ad_test::check(what, d, want(x), tol.formula);
    if (tol.fd > 0) {
      std::snprintf(what, sizeof what,
                    "%s at x = %.21Lg: d/dx vs central differences", name,
                    (long double)x);
      ad_test::check(what, d, ad_test::central_difference(f, x, h), tol.fd);
    }
  }
}

// f: T(T, T), g = f_grad: T(T, T, T*, T*), want_x/want_y: the partials.
template <typename T, typename WantX, typename WantY>
void grad2(const char *name, T (*f)(T, T), T (*g)(T, T, T *, T *),
           WantX want_x, WantY want_y,
           std::initializer_list<std::pair<long double, long double>> points,
           Tol tol = Tol(), T h = T(1e-6)) {
  char what[256];
  for (auto p : points) {
    T x = static_cast<T>(p.first), y = static_cast<T>(p.second);
    T dx = 0, dy = 0;
    T value = g(x, y, &dx, &dy);
    std::snprintf(what, sizeof what,
                  "%s at (%.21Lg, %.21Lg): value bit for bit", name,
                  (long double)x, (long double)y);
    ad_test::check(what, value == f(x, y), 1, 0);
    std::snprintf(what, sizeof what, "%s at (%.21Lg, %.21Lg): d/dx vs formula",
                  name, (long double)x, (long double)y);
    ad_test::check(what, dx, want_x(x, y), tol.formula);
    std::snprintf(what, sizeof what, "%s at (%.21Lg, %.21Lg): d/dy vs formula",
                  name, (long double)x, (long double)y);
    ad_test::check(what, dy, want_y(x, y), tol.formula);
    if (tol.fd > 0) {
      auto fx = [&](T t) { return f(t, y); };
      auto fy = [&](T t) { return f(x, t); };
      std::snprintf(what, sizeof what,
                    "%s at (%.21Lg, %.21Lg): d/dx vs central differences",
                    name, (long double)x, (long double)y);
      ad_test::check(what, dx, ad_test::central_difference(fx, x, h), tol.fd);
      std::snprintf(what, sizeof what,
                    "%s at (%.21Lg, %.21Lg): d/dy vs central differences",
                    name, (long double)x, (long double)y);
      ad_test::check(what, dy, ad_test::central_difference(fy, y, h), tol.fd);
    }
  }
}

// The digamma function psi = (log Gamma)' in closed form, for x = n, n + 1/2,
// n + 1/3, n + 2/3, n + 1/4, n + 3/4 (n any integer away from the poles):
// psi(1) = -gamma, psi(1/2) = -gamma - 2 ln 2, psi(1/3), psi(2/3) =
// -gamma -+ pi / (2 sqrt 3) - 3/2 ln 3, psi(1/4), psi(3/4) = -gamma -+ pi/2 - 3 ln 2,
// shifted with psi(x + 1) = psi(x) + 1/x. Aborts on any other x.
inline long double psi(long double x) {
  typedef long double L;
  const L euler_gamma = 0.577215664901532860606512090082402431L;
  const L pi = 3.14159265358979323846264338327950288L;
  const L ln2 = 0.693147180559945309417232121458176568L;
  const L ln3 = 1.09861228866810969139524523692252571L;
  const L x0 = x;
  L shift = 0;
  while (x > 1.0001L) { // psi(x) = psi(x - 1) + 1 / (x - 1)
    x -= 1;
    shift += 1 / x;
  }
  while (x < 0.0001L) { // psi(x) = psi(x + 1) - 1 / x
    shift -= 1 / x;
    x += 1;
  }
  auto near = [&](L v) { return std::fabs(x - v) < 1e-12L; };
  const L s3 = std::sqrt(L(3));
  L base;
  if (near(1)) base = -euler_gamma;
  else if (near(0.5L)) base = -euler_gamma - 2 * ln2;
  else if (near(1 / L(3))) base = -euler_gamma - pi / (2 * s3) - 1.5L * ln3;
  else if (near(2 / L(3))) base = -euler_gamma + pi / (2 * s3) - 1.5L * ln3;
  else if (near(0.25L)) base = -euler_gamma - pi / 2 - 3 * ln2;
  else if (near(0.75L)) base = -euler_gamma + pi / 2 - 3 * ln2;
  else {
    std::printf("ad_math::psi: no closed form at %.21Lg\n", x0);
    std::abort();
  }
  return base + shift;
}

} // namespace ad_math
