// Point checks for the <cmath> gradient tests (test/gradients/math_*.cpp):
// at each point, f_grad must return f's value bit for bit, and its derivative
// must match a hand-written closed formula and central differences.
#pragma once

#include "ad_test.hpp"

#include <cstdio>
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

} // namespace ad_math
