#include <cmath>
#include <cstdio>

[[ad::differentiate]]
double f(double x) { return x * std::exp(x); }

int main() {
  double dx = 0;
  double v = f_grad(1.0, &dx);
  std::printf("f(1) = %.6f, f'(1) = %.6f\n", v, dx); // e and 2e
  return std::fabs(dx - 2 * std::exp(1.0)) < 1e-12 ? 0 : 1;
}
