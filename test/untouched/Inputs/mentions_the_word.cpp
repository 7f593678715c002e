// This file mentions differentiate (in this comment) but marks nothing, so
// the plugin parses it once more and must still leave it exactly as it is.
#include <cmath>
#include <cstdio>

static double differentiate_numerically(double (*f)(double), double x) {
  const double h = 1e-6;
  return (f(x + h) - f(x - h)) / (2 * h);
}

int main() {
  std::printf("%f\n", differentiate_numerically([](double x) { return std::sin(x); }, 1.0));
}
