// Generated functions take every parameter their kind's signature has
// (a pullback takes f's parameters, the seed, one shadow per parameter
// holding reals), whether or not the body reads it: a pullback of a linear
// function never reads its operands. At -Wextra each one would be an
// "unused parameter" warning in code the user did not write. So each
// definition's parameters that its body never names are declared
// [[maybe_unused]].
#pragma once

#include <string>

namespace adgen {

// Prototype (ending with its parameter list, or a lambda's `[&](...)`,
// optionally followed by `const` or `-> T`) with [[maybe_unused]] before
// each parameter whose name Body does not contain as a word.
std::string quietUnusedParameters(const std::string &Prototype, const std::string &Body);

} // namespace adgen
