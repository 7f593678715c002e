// No standard container anywhere: the generated file includes ad/core.hpp
// alone (runtime_include.test).
#include <cmath>

[[ad::differentiate]]
double f(double x, double y) { return std::sin(x) * y; }
