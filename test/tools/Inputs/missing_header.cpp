#include "nowhere.hpp"
[[ad::differentiate]] double f(double x) { return x * x; }
