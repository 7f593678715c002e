// One marked function per way adcpp passes a parameter (python/tests/
// test_api.py), and the kinds it refuses (test_errors.py).
#include <array>
#include <cmath>
#include <cstddef>
#include <stdexcept>
#include <vector>

// Scalars: by value and const&.
[[ad::differentiate]] double sq(double x) { return x * x; }
[[ad::differentiate]] double two(double x, const double &y) { return x * std::sin(y); }

// float and long double keep their precision.
[[ad::differentiate]] float sumsq_f(const float *x, int n) {
  float s = 0;
  for (int i = 0; i < n; ++i)
    s += x[i] * x[i];
  return s;
}
[[ad::differentiate]] long double cube_ld(long double x) { return x * x * x; }

// Pointers and the size rules.
[[ad::differentiate("x")]] double rosen(const double *x, int n) {
  double s = 0;
  for (int i = 0; i + 1 < n; ++i)
    s += 100 * std::pow(x[i + 1] - x[i] * x[i], 2) + std::pow(1 - x[i], 2);
  return s;
}
[[ad::differentiate("w")]] double wsum(const double *w, const double *x, std::size_t n,
                                       bool negate) {
  double s = 0;
  for (std::size_t i = 0; i < n; ++i)
    s += w[i % 2] * x[i];
  return negate ? -s : s;
}
// Several active parameters: the gradient is a tuple.
[[ad::differentiate]] double dot(const double *a, const double *b, int n) {
  double s = 0;
  for (int i = 0; i < n; ++i)
    s += a[i] * b[i];
  return s;
}

// Arrays, std::vector, std::array.
[[ad::differentiate]] double prod3(const double a[3]) { return a[0] * a[1] * a[2]; }
[[ad::differentiate]] double cubes(const std::vector<double> &v) {
  double s = 0;
  for (double x : v)
    s += x * x * x;
  return s;
}
[[ad::differentiate]] double ratio(std::array<double, 2> a) { return a[0] / a[1]; }

// Outputs: void functions are vector functions (vjp).
[[ad::differentiate("x")]] void sines(const double *x, double *y, int n) {
  for (int i = 0; i < n; ++i)
    y[i] = 2 * std::sin(x[i]);
}
[[ad::differentiate("x")]] void squares(const std::vector<double> &x, std::vector<double> &y) {
  for (std::size_t i = 0; i < x.size(); ++i)
    y[i] = x[i] * x[i];
}
[[ad::differentiate]] void triple(double x, double &r) { r = 3 * x; }

// An inactive work array the function writes: proves pointers are passed
// without a copy (the caller sees the writes).
[[ad::differentiate("x")]] double scratch(const double *x, double *work, int n) {
  double s = 0;
  for (int i = 0; i < n; ++i) {
    work[i] = i + 1.0;
    s += x[i] * work[i];
  }
  return s;
}

// Names: namespaces, static functions, unnamed namespaces.
namespace ns {
[[ad::differentiate]] double expo(double x) { return std::exp(x); }
}
static double helper(double x) { return x + 1; }
[[ad::differentiate]] static double local(double x) { return helper(x) * x; }
namespace {
[[ad::differentiate]] double hidden(double x) { return 5 * x; }
}

// Exceptions thrown by C++ become adcpp.CppError.
[[ad::differentiate]] double checked_log(double x) {
  if (!(x > 0))
    throw std::domain_error("checked_log: x must be positive");
  return std::log(x);
}
// A vector the function resizes cannot be copied back.
[[ad::differentiate("x")]] double grows(double x, std::vector<double> &out) {
  out.push_back(1.0);
  return x * 2;
}

// Not callable from Python: a template, a member, a class parameter.
template <class T> [[ad::differentiate]] T tmul(const T *x) { return x[0] * x[1]; }
inline double use_tmul() {
  double x[2] = {1, 2};
  return tmul(x);
}
struct Model {
  double w;
  [[ad::differentiate("x")]] double loss(double x) const { return w * x * x; }
};
struct Pair {
  double a, b;
};
[[ad::differentiate("p")]] double pair_product(const Pair &p) { return p.a * p.b; }

// Parameters named like the Python side's own arguments still work by keyword.
[[ad::differentiate]] double named(double self, double seeds) { return self * seeds; }
