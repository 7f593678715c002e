// Member functions and member operators of the user's classes (contract
// §3, issue 11): const members (`norm()`, `dot(b)`), members that change
// their object (`normalize()`, `operator+=`, `set_col`), a member calling
// another through `this` implicitly, `operator()(i, j)` returning a
// reference into a matrix's storage, and member calls on temporaries
// (`(a - b).norm()`). A member's pullback is a free function taking the
// object as `self` and its shadow as `d_self`.
// Checked against forward mode (fz::dual on a templated copy), central
// differences and f's value.
// RUN: %adxx -O1 -Werror -I%ad_src/test/fuzz %s -o %t -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: FileCheck %s --input-file=%t.gen/member_functions.ad.cpp

#include "ad_test.hpp"
#include "dual.hpp"
#include <cmath>
#include <vector>

template <class T> struct V3 {
  T x = 0, y = 0, z = 0;
  V3() = default;
  V3(T x, T y, T z) : x(x), y(y), z(z) {}
  T dot(const V3 &b) const { return x * b.x + y * b.y + z * b.z; }
  T norm() const {
    using std::sqrt;
    return sqrt(dot(*this));
  }
  V3 operator-(const V3 &b) const { return V3(x - b.x, y - b.y, z - b.z); }
  V3 &operator+=(const V3 &b) {
    x += b.x;
    y += b.y;
    z += b.z;
    return *this;
  }
  void normalize() {
    T n = norm();
    x /= n;
    y /= n;
    z /= n;
  }
};

template <class T> struct Mat {
  int rows, cols;
  std::vector<T> data;
  Mat(int r, int c) : rows(r), cols(c), data(r * c) {}
  T &operator()(int i, int j) { return data[i * cols + j]; }
  const T &operator()(int i, int j) const { return data[i * cols + j]; }
  void set_col(int j, const T *v) {
    for (int i = 0; i < rows; ++i)
      (*this)(i, j) = v[i];
  }
  T trace_of_square() const {
    T s = 0;
    for (int i = 0; i < rows; ++i)
      for (int k = 0; k < cols; ++k)
        s += (*this)(i, k) * (*this)(k, i);
    return s;
  }
};

#define BODY(T)                                                                \
  V3<T> a, b;                                                                  \
  a.x = x;                                                                     \
  a.y = y;                                                                     \
  a.z = x * y;                                                                 \
  b.x = y;                                                                     \
  b.y = T(1.5);                                                                \
  b.z = x;                                                                     \
  T e = a.dot(b) + (a - b).norm();                                             \
  a += b;                                                                      \
  a.normalize();                                                               \
  e += a.x * b.norm();                                                         \
  Mat<T> m(2, 2);                                                              \
  T col0[2] = {x, y};                                                          \
  T col1[2] = {x * y, T(2.0)};                                                 \
  m.set_col(0, col0);                                                          \
  m.set_col(1, col1);                                                          \
  m(1, 1) = m(1, 1) * x;                                                       \
  return e + m.trace_of_square();

[[ad::differentiate]]
double energy(double x, double y) {
  BODY(double)
}
// CHECK-LABEL: {{^}}static void dot_pullback(const V3<double> *self, const V3<double> &b, double _d_return, V3<double> *d_self, V3<double> *d_b) {
// CHECK:       {{^}}  d_self->x += _d_return * b.x;
// CHECK-NEXT:  {{^}}  d_b->x += self->x * _d_return;
// CHECK-LABEL: {{^}}static void norm_pullback(const V3<double> *self, double _d_return, V3<double> *d_self) {
// CHECK-NEXT:  {{^}}  // Forward sweep
// CHECK:       {{^}}  dot_pullback(self, *self, _d_return * {{.*}}, d_self, d_self);
// CHECK-LABEL: {{^}}double energy_grad(double x, double y, double *d_x, double *d_y) {

template <class T> T energy_t(T x, T y) {
  BODY(T)
}

int main() {
  const double pts[][2] = {{0.3, 0.7}, {-1.1, 0.4}, {1.4, -0.6}, {0.9, 1.2}, {-0.2, -1.5}};
  for (const auto &p : pts) {
    double x = p[0], y = p[1], dx = 0, dy = 0;
    double v = energy_grad(x, y, &dx, &dy);
    ad_test::check("energy value bit for bit", v == energy(x, y), 1, 0);
    ad_test::check("energy d_x vs forward mode", dx, energy_t(fz::dual(x, 1), fz::dual(y)).d,
                   1e-12);
    ad_test::check("energy d_y vs forward mode", dy, energy_t(fz::dual(x), fz::dual(y, 1)).d,
                   1e-12);
    ad_test::check("energy d_x vs central differences", dx,
                   ad_test::central_difference([&](double t) { return energy(t, y); }, x), 1e-6);
    ad_test::check("energy d_y vs central differences", dy,
                   ad_test::central_difference([&](double t) { return energy(x, t); }, y), 1e-6);
  }
  return ad_test::report();
}
