// Closures in generated gradients: a generic lambda handed to a function
// gets one pullback per instantiation of its call operator, handed along
// as one overload set.
#pragma once

namespace ad {

template <typename... F>
struct overloaded : F... {
  using F::operator()...;
};
template <typename... F>
overloaded(F...) -> overloaded<F...>;

}  // namespace ad
