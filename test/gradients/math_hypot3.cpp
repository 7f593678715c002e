// The three-argument std::hypot(x, y, z) of C++17 (contract §3 lists hypot
// for every floating type): d/dx = x / r with r = sqrt(x^2 + y^2 + z^2), on
// double, float and long double. Closed formulas, central differences, value.
// RUN: %adxx -O2 %s -o %t -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: FileCheck %s --input-file=%t.gen/math_hypot3.ad.cpp

#include "ad_test.hpp"
#include <cmath>

[[ad::differentiate]] double h3(double x, double y, double z) {
  return std::hypot(x, y, z);
}
// CHECK-LABEL: {{^}}double h3_grad(double x, double y, double z, double *d_x, double *d_y, double *d_z) {

[[ad::differentiate]] float h3f(float x, float y, float z) {
  return std::hypot(x, y, z);
}
[[ad::differentiate]] long double h3l(long double x, long double y, long double z) {
  return std::hypot(x, y, z);
}

// One point: value bit for bit, the three partials against (x, y, z) / r and
// central differences.
template <typename T>
static void check_at(T (*f)(T, T, T), T (*g)(T, T, T, T *, T *, T *), T x, T y,
                     T z, double tol, double fd_tol, T h) {
  T d[3] = {0, 0, 0};
  T v = g(x, y, z, &d[0], &d[1], &d[2]);
  ad_test::check("hypot3: value bit for bit", v == f(x, y, z), 1, 0);
  long double X = x, Y = y, Z = z, r = std::sqrt(X * X + Y * Y + Z * Z);
  ad_test::check("hypot3: d/dx = x / r", d[0], X / r, tol);
  ad_test::check("hypot3: d/dy = y / r", d[1], Y / r, tol);
  ad_test::check("hypot3: d/dz = z / r", d[2], Z / r, tol);
  auto fx = [&](T t) { return f(t, y, z); };
  auto fy = [&](T t) { return f(x, t, z); };
  auto fz = [&](T t) { return f(x, y, t); };
  ad_test::check("hypot3: d/dx vs central differences", d[0], ad_test::central_difference(fx, x, h), fd_tol);
  ad_test::check("hypot3: d/dy vs central differences", d[1], ad_test::central_difference(fy, y, h), fd_tol);
  ad_test::check("hypot3: d/dz vs central differences", d[2], ad_test::central_difference(fz, z, h), fd_tol);
}

int main() {
  const double pts[][3] = {{1, 2, 2}, {-3, 4, 12}, {0.5, -0.25, 0}, {-1, -1, -1}};
  for (auto &p : pts) {
    check_at<double>(h3, h3_grad, p[0], p[1], p[2], 1e-12, 1e-6, 1e-6);
    check_at<float>(h3f, h3f_grad, p[0], p[1], p[2], 2e-6, 2e-3, 1e-3f);
    check_at<long double>(h3l, h3l_grad, p[0], p[1], p[2], 1e-17, 1e-6, 1e-6L);
  }
  // Badly scaled: f ~ 1e3 while d/dy ~ 1e-5, so central differences carry
  // rounding of about eps * f / h; compare them loosely, the formula tightly.
  check_at<double>(h3, h3_grad, 1e3, 1e-2, 7, 1e-12, 1e-3, 1e-6);
  check_at<long double>(h3l, h3l_grad, 1e3, 1e-2, 7, 1e-17, 1e-6, 1e-6L);
  return ad_test::report();
}
