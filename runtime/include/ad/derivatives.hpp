// Partial derivatives of <cmath> functions that generated gradients call when
// the rule is more than a one-liner (see plugin/lib/MathRules.cpp for the
// table that maps each function to its partials).
//
// Every function is a template over the argument types and computes in the
// type the primal call returns (std::pow(float, int) -> double, sinl -> long
// double), so `long double` gradients stay `long double`.
#pragma once

#include <cmath>
#include <limits>
#include <type_traits>

namespace ad {
namespace d {

template <typename X>
using Real = decltype(std::sin(X()));

template <typename X> Real<X> tan(X x) { Real<X> c = std::cos(x); return 1 / (c * c); }
// Written to stay accurate near the ends of the domain and for huge or tiny
// arguments (no v * v that overflows or cancels).
template <typename X> Real<X> asin(X x) { Real<X> v = x; return 1 / std::sqrt((1 - v) * (1 + v)); }
template <typename X> Real<X> acos(X x) { Real<X> v = x; return -1 / std::sqrt((1 - v) * (1 + v)); }
template <typename X> Real<X> atan(X x) {
  Real<X> v = x;
  if (std::fabs(v) <= 1) return 1 / (1 + v * v);
  Real<X> r = 1 / v;
  return r * r / (1 + r * r);
}
template <typename X> Real<X> tanh(X x) { Real<X> c = std::cosh(x); return 1 / (c * c); }
template <typename X> Real<X> asinh(X x) { Real<X> v = x; return 1 / std::hypot(v, Real<X>(1)); }
template <typename X> Real<X> acosh(X x) {
  Real<X> v = x;
  return 1 / (std::sqrt(v - 1) * std::sqrt(v + 1));
}
template <typename X> Real<X> atanh(X x) { Real<X> v = x; return 1 / (1 - v * v); }
template <typename X> Real<X> sqrt(X x) { return 1 / (2 * std::sqrt(x)); }
template <typename X> Real<X> cbrt(X x) { Real<X> c = std::cbrt(x); return 1 / (3 * c * c); }

template <typename X> Real<X> exp2(X x) {
  return std::exp2(x) * std::log(Real<X>(2));
}
template <typename X> Real<X> log2(X x) { return 1 / (Real<X>(x) * std::log(Real<X>(2))); }
template <typename X> Real<X> log10(X x) { return 1 / (Real<X>(x) * std::log(Real<X>(10))); }

// fabs'(0) = 0: the kink takes the derivative of neither side.
template <typename X> Real<X> fabs(X x) { return x > 0 ? Real<X>(1) : x < 0 ? Real<X>(-1) : Real<X>(0); }

// fmin/fmax pass the derivative to the argument they return; on a tie, the first.
template <typename X, typename Y> auto fmin_dx(X x, Y y) -> decltype(std::fmin(x, y)) { return y < x ? 0 : 1; }
template <typename X, typename Y> auto fmin_dy(X x, Y y) -> decltype(std::fmin(x, y)) { return y < x ? 1 : 0; }
template <typename X, typename Y> auto fmax_dx(X x, Y y) -> decltype(std::fmax(x, y)) { return y > x ? 0 : 1; }
template <typename X, typename Y> auto fmax_dy(X x, Y y) -> decltype(std::fmax(x, y)) { return y > x ? 1 : 0; }

template <typename Y, typename X> auto atan2_dy(Y y, X x) -> decltype(std::atan2(y, x)) {
  decltype(std::atan2(y, x)) a = y, b = x, h = std::hypot(a, b);
  return (b / h) / h;
}
template <typename Y, typename X> auto atan2_dx(Y y, X x) -> decltype(std::atan2(y, x)) {
  decltype(std::atan2(y, x)) a = y, b = x, h = std::hypot(a, b);
  return -(a / h) / h;
}

template <typename X, typename Y> auto hypot_dx(X x, Y y) -> decltype(std::hypot(x, y)) {
  auto h = std::hypot(x, y);
  return h == 0 ? 0 : x / h;
}
template <typename X, typename Y> auto hypot_dy(X x, Y y) -> decltype(std::hypot(x, y)) {
  auto h = std::hypot(x, y);
  return h == 0 ? 0 : y / h;
}

// d/dx hypot(x, y, z) (C++17's three-argument hypot).
template <typename X, typename Y, typename Z>
auto hypot3_dx(X x, Y y, Z z) -> decltype(std::hypot(x, y, z)) {
  auto h = std::hypot(x, y, z);
  return h == 0 ? 0 : x / h;
}

// d/dx x^y = y x^(y-1): finite at x = 0 for y >= 1, defined for negative x.
template <typename X, typename Y> auto pow_dx(X x, Y y) -> decltype(std::pow(x, y)) {
  using R = decltype(std::pow(x, y));
  if (y == 0) return R(0);
  return R(y) * std::pow(R(x), R(y) - 1);
}
// d/dy x^y = x^y log(x) for x > 0, and 0 at x = 0.
template <typename X, typename Y> auto pow_dy(X x, Y y) -> decltype(std::pow(x, y)) {
  using R = decltype(std::pow(x, y));
  if (x == 0) return R(0);
  return std::pow(R(x), R(y)) * std::log(R(x));
}

// The same given v = pow(x, y), computed once for value and partials:
// y v / x and v log(x), falling back to the forms above where v / x is not
// y x^(y-1) to full precision (x = 0, v zero, subnormal or infinite).
template <typename X, typename Y, typename V>
auto pow_dx(X x, Y y, V v) -> decltype(std::pow(x, y)) {
  using R = decltype(std::pow(x, y));
  if (x != 0 && std::isnormal(v)) return R(y) * (R(v) / R(x));
  return pow_dx(x, y);
}
template <typename X, typename Y, typename V>
auto pow_dy(X x, Y y, V v) -> decltype(std::pow(x, y)) {
  using R = decltype(std::pow(x, y));
  if (x == 0) return R(0);
  return R(v) * std::log(R(x));
}

// Second derivatives of x^y (f_hvp differentiates the partials above):
// d/dy (y x^(y-1)) = d/dx (x^y log x) = x^(y-1) (1 + y log x), and
// d/dy (x^y log x) = x^y log(x)^2; 0 at x = 0, like pow_dy.
template <typename X, typename Y> auto pow_dxdy(X x, Y y) -> decltype(std::pow(x, y)) {
  using R = decltype(std::pow(x, y));
  if (x == 0) return R(0);
  return std::pow(R(x), R(y) - 1) * (1 + R(y) * std::log(R(x)));
}
template <typename X, typename Y> auto pow_dydy(X x, Y y) -> decltype(std::pow(x, y)) {
  using R = decltype(std::pow(x, y));
  if (x == 0) return R(0);
  R l = std::log(R(x));
  return std::pow(R(x), R(y)) * l * l;
}
template <typename X> X cube(X x) { return x * x * x; }

template <typename X> Real<X> erf(X x) {
  using R = Real<X>;
  const R two_over_sqrt_pi = R(1.1283791670955125738961589031215451716881012586580L);
  R v = x;
  return two_over_sqrt_pi * std::exp(-v * v);
}
template <typename X> Real<X> erfc(X x) { return -erf(x); }

// The digamma function psi = (log Gamma)': recurrence up to x >= 20, then the
// asymptotic series; reflection for negative arguments.
template <typename X> Real<X> digamma(X x) {
  using R = Real<X>;
  R v = x;
  const R pi = R(3.1415926535897932384626433832795028841971693993751L);
  if (v <= 0 && v == std::floor(v)) return std::numeric_limits<R>::quiet_NaN();
  // Reflection; tan(pi v) has period 1, so reduce v first to keep pi v exact.
  if (v < 0) return digamma(1 - v) - pi / std::tan(pi * (v - std::floor(v)));
  R result = 0;
  while (v < 20) {
    result -= 1 / v;
    v += 1;
  }
  R inv = 1 / v, inv2 = inv * inv;
  R series = inv2 * (R(1) / 12 - inv2 * (R(1) / 120 - inv2 * (R(1) / 252 - inv2 * (R(1) / 240 - inv2 * (R(1) / 132)))));
  return result + std::log(v) - inv / 2 - series;
}
template <typename X> Real<X> tgamma(X x) { return std::tgamma(x) * digamma(x); }
template <typename X> Real<X> lgamma(X x) { return digamma(x); }

}  // namespace d
}  // namespace ad
