// The seed's first function, for Python (sin_recursion.py, seed.ipynb):
// 100 steps of y = sin(y + x). adcpp gives Python f, f.grad and
// f.value_and_grad; f_grad is forward mode here (one real input).
#include <cmath>

[[ad::differentiate]]
double f(double x) {
  double y = 0.;
  for (int i = 0; i < 100; ++i)
    y = std::sin(y + x);
  return y;
}
