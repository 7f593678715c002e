// A header of the user's with a marked inline function and a helper: both
// translation units that include it get energy_grad, inline like energy,
// and link.
#pragma once
#include <cmath>

namespace model {
inline double helper(double x) { return std::sin(x) * x; }

[[ad::differentiate]]
inline double energy(double x, double y) { return helper(x) * y + x * x; }
} // namespace model
