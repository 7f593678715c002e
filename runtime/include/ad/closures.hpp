// Closures in generated gradients: a generic lambda handed to a function
// gets one pullback per instantiation of its call operator, handed along
// as one overload set. Also the marker of generated functions that are
// declared but not available.
#pragma once

namespace ad {

template <typename... F>
struct overloaded : F... {
  using F::operator()...;
};
template <typename... F>
overloaded(F...) -> overloaded<F...>;

// False for every A: the condition of the static_assert in a generated
// function that is declared but not available (a call of it is the error).
template <typename... A>
inline constexpr bool unavailable = false;

// The result type of such a function: converts to R, so that the
// static_assert is the only error at a call; and test code can ask, without
// calling, whether a function was generated (std::is_same on decltype).
template <typename R>
struct not_generated {
  operator R() const { return R(); }
};
template <>
struct not_generated<void> {};

}  // namespace ad
