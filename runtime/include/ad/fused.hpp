// Math calls that also save their derivative. Inside loops, generated code
// writes `y = ::ad::sin(y + x, _partials)` for `y = std::sin(y + x)`: the
// value is exactly std::sin's (glibc's sincos computes the same bits), and
// cos(y + x) goes onto the tape for the reverse sweep, computed together
// with the sine instead of again later. The reverse sweep then only
// multiplies by the saved partial, and need not restore y.
#pragma once

#include <ad/tape.hpp>

#include <cmath>

namespace ad {

namespace detail {
// With an argument known at compile time, std::sin and std::cos, which the
// compiler folds to constants as it does f's own std::sin (then f's value
// and f_grad's stay equal even where folding changes rounding, e.g. a
// folded a * b + c is fused); otherwise glibc's sincos, one call for both.
inline void sincos(double x, double &s, double &c) {
#ifdef __GLIBC__
  if (__builtin_constant_p(x)) {
    s = std::sin(x);
    c = std::cos(x);
    return;
  }
  ::sincos(x, &s, &c);
#else
  s = std::sin(x);
  c = std::cos(x);
#endif
}
inline void sincos(float x, float &s, float &c) {
#ifdef __GLIBC__
  if (__builtin_constant_p(x)) {
    s = std::sin(x);
    c = std::cos(x);
    return;
  }
  ::sincosf(x, &s, &c);
#else
  s = std::sin(x);
  c = std::cos(x);
#endif
}
inline void sincos(long double x, long double &s, long double &c) {
#ifdef __GLIBC__
  if (__builtin_constant_p(x)) {
    s = std::sin(x);
    c = std::cos(x);
    return;
  }
  ::sincosl(x, &s, &c);
#else
  s = std::sin(x);
  c = std::cos(x);
#endif
}
template <typename X>
using Real = decltype(std::sin(X()));
} // namespace detail

template <typename X, typename TapeType>
detail::Real<X> sin(X x, TapeType &partials) {
  detail::Real<X> s, c;
  detail::sincos(detail::Real<X>(x), s, c);
  partials.push(c);
  return s;
}

template <typename X, typename TapeType>
detail::Real<X> cos(X x, TapeType &partials) {
  detail::Real<X> s, c;
  detail::sincos(detail::Real<X>(x), s, c);
  partials.push(-s);
  return c;
}

template <typename X, typename TapeType>
detail::Real<X> exp(X x, TapeType &partials) {
  detail::Real<X> v = std::exp(x);
  partials.push(v);
  return v;
}

template <typename X, typename TapeType>
detail::Real<X> log(X x, TapeType &partials) {
  partials.push(1 / detail::Real<X>(x));
  return std::log(x);
}

template <typename X, typename TapeType>
detail::Real<X> sqrt(X x, TapeType &partials) {
  detail::Real<X> v = std::sqrt(x);
  partials.push(1 / (2 * v));
  return v;
}

// tanh pushes its value: the reverse sweep takes the derivative from it,
// 1 - tanh^2 (the same up to rounding as 1 / cosh^2, without a second
// call; tiny where tanh is near +-1), and reads the value where a product
// needs it (`o * tanh(c)`: the adjoint of o) instead of calling tanh again.
template <typename X, typename TapeType>
detail::Real<X> tanh(X x, TapeType &partials) {
  detail::Real<X> v = std::tanh(x);
  partials.push(v);
  return v;
}

// A call of a helper of the user's, g(u), computed with its derivative
// (plugin/lib/FusedCalls.cpp): WithDerivative is g's generated gradient in
// forward mode, `R g_with_derivative(X x, X *d_x)`, which returns g(x) and
// adds dg/dx into *d_x; the derivative goes onto the partials tape.
template <auto WithDerivative, typename X, typename TapeType>
auto with_partial(X x, TapeType &partials) {
  X derivative = 0;
  auto value = WithDerivative(x, &derivative);
  partials.push(derivative);
  return value;
}

// Forward mode binds both at once:
// `auto [_v0, _p0] = ::ad::sin_with_derivative(y + x);`
template <typename R>
struct ValueAndDerivative {
  R value, derivative;
};

template <typename X>
ValueAndDerivative<detail::Real<X>> sin_with_derivative(X x) {
  detail::Real<X> s, c;
  detail::sincos(detail::Real<X>(x), s, c);
  return {s, c};
}

template <typename X>
ValueAndDerivative<detail::Real<X>> cos_with_derivative(X x) {
  detail::Real<X> s, c;
  detail::sincos(detail::Real<X>(x), s, c);
  return {c, -s};
}

} // namespace ad
