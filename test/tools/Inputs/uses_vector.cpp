// Uses std::vector: the generated file includes ad/vector.hpp after
// ad/core.hpp (runtime_include.test).
#include <cmath>
#include <vector>

[[ad::differentiate]]
double f(const std::vector<double> &x) {
  std::vector<double> y(x.size());
  double s = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    y[i] = std::sin(x[i]);
    s += y[i] * y[i];
  }
  return s;
}

int main() {
  std::vector<double> x{0.5, 1.5}, dx(2);
  f_grad(x, dx.data());
  for (std::size_t i = 0; i < x.size(); ++i) // d sin^2 = 2 sin cos
    if (std::fabs(dx[i] - 2 * std::sin(x[i]) * std::cos(x[i])) > 1e-14)
      return 1;
  return 0;
}
