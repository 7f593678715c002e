// N-body potential energy over a small vector class (contract §3): a
// `struct Vec3 { T x, y, z; }` with overloaded operators (+, -, scalar *,
// unary -, +=) and dot as both a free function and a member, positions kept
// in a std::vector<Vec3<T>> built with push_back from a flat parameter
// array, pairwise terms m_i m_j / sqrt(|r_i - r_j|^2 + eps^2) plus a
// harmonic pull toward the centre of mass. The gradient is taken w.r.t.
// every coordinate (d_q[3 * i + c] is the force's negative).
// Checked against forward mode (fz::dual on a templated copy), central
// differences and f's value.
// RUN: %adxx -O1 -Werror -I%ad_src/test/fuzz %s -o %t -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: FileCheck %s --input-file=%t.gen/nbody_vec3.ad.cpp

#include "ad_test.hpp"
#include "dual.hpp"
#include <cmath>
#include <vector>

template <class T> struct Vec3 {
  T x, y, z;
  T dot(const Vec3 &o) const { return x * o.x + y * o.y + z * o.z; }
  Vec3 &operator+=(const Vec3 &o) {
    x += o.x;
    y += o.y;
    z += o.z;
    return *this;
  }
};
template <class T> Vec3<T> operator+(const Vec3<T> &a, const Vec3<T> &b) {
  return Vec3<T>{a.x + b.x, a.y + b.y, a.z + b.z};
}
template <class T> Vec3<T> operator-(const Vec3<T> &a, const Vec3<T> &b) {
  return Vec3<T>{a.x - b.x, a.y - b.y, a.z - b.z};
}
template <class T> Vec3<T> operator-(const Vec3<T> &a) { return Vec3<T>{-a.x, -a.y, -a.z}; }
template <class T> Vec3<T> operator*(T s, const Vec3<T> &a) {
  return Vec3<T>{s * a.x, s * a.y, s * a.z};
}
template <class T> T dot(const Vec3<T> &a, const Vec3<T> &b) {
  return a.x * b.x + a.y * b.y + a.z * b.z;
}

#define BODY(T)                                                                \
  using std::sqrt;                                                             \
  std::vector<Vec3<T>> r;                                                      \
  for (int i = 0; i < n; ++i)                                                  \
    r.push_back(Vec3<T>{q[3 * i], q[3 * i + 1], q[3 * i + 2]});                \
  const T eps2 = T(0.01);                                                      \
  T e = 0;                                                                     \
  Vec3<T> com{T(0), T(0), T(0)};                                               \
  T mtot = 0;                                                                  \
  for (int i = 0; i < n; ++i) {                                                \
    T mi = T(1.0 + 0.5 * i);                                                   \
    com += mi * r[i];                                                          \
    mtot += mi;                                                                \
    for (int j = i + 1; j < n; ++j) {                                          \
      T mj = T(1.0 + 0.5 * j);                                                 \
      Vec3<T> d = r[i] - r[j];                                                 \
      e -= mi * mj / sqrt(dot(d, d) + eps2);                                   \
    }                                                                          \
  }                                                                            \
  com = (T(1) / mtot) * com;                                                   \
  for (const Vec3<T> &ri : r) {                                                \
    Vec3<T> off = ri + (-com);                                                 \
    e += T(0.05) * off.dot(off);                                               \
  }                                                                            \
  return e;

[[ad::differentiate("q")]]
double potential(const double *q, int n) {
  BODY(double)
}
// Each overloaded operator gets a pullback taking the shadows of its Vec3
// arguments as Vec3 objects:
// CHECK-LABEL: {{^}}static void operator_minus_pullback({{\[\[}}maybe_unused]] const Vec3<double> &a, {{\[\[}}maybe_unused]] const Vec3<double> &b, const Vec3<double> &_d_return, Vec3<double> *d_a, Vec3<double> *d_b) {
// CHECK:       {{^}}  d_b->x += -_d_return.x;
// The member dot takes the object's shadow as d_self:
// CHECK-LABEL: {{^}}static void dot_pullback_1(const Vec3<double> *self, const Vec3<double> &o, double _d_return, Vec3<double> *d_self, Vec3<double> *d_o) {
// CHECK-LABEL: {{^}}double potential_grad(const double *q, int n, double *d_q) {
// CHECK:       {{^}}  _d_r = ::ad::zeros_like(r);
// CHECK:       {{^}}      operator_minus_pullback(r[i_1], r[j], _d_d, &_d_r[i_1], &_d_r[j]);
// Each element's adjoint goes back to the three coordinates it was built from:
// CHECK:       {{^}}    d_q[3 * i] += _d_r.back().x;
// CHECK-NEXT:  {{^}}    d_q[3 * i + 1] += _d_r.back().y;
// CHECK-NEXT:  {{^}}    d_q[3 * i + 2] += _d_r.back().z;
// CHECK-NEXT:  {{^}}    _d_r.pop_back();

template <class T> T potential_t(const T *q, int n) {
  BODY(T)
}

int main() {
  const int n = 4;
  const double configs[][3 * n] = {
      {0.0, 0.0, 0.0, 1.0, 0.2, -0.1, -0.4, 1.1, 0.3, 0.5, -0.7, 0.9},
      {1.3, -0.2, 0.4, -0.8, 0.6, 0.1, 0.2, -1.2, -0.5, -0.3, 0.4, 1.4},
      {0.1, 0.9, -1.0, 0.7, 0.7, 0.7, -1.1, -0.3, 0.2, 0.4, 0.0, -0.6}};
  for (const auto &q : configs) {
    double dq[3 * n] = {};
    double v = potential_grad(q, n, dq);
    ad_test::check("potential value bit for bit", v == potential(q, n), 1, 0);
    for (int k = 0; k < 3 * n; ++k) {
      fz::dual qd[3 * n];
      double qp[3 * n];
      for (int m = 0; m < 3 * n; ++m) {
        qd[m] = fz::dual(q[m], m == k ? 1 : 0);
        qp[m] = q[m];
      }
      ad_test::check("potential d_q vs forward mode", dq[k], potential_t(qd, n).d, 1e-12);
      ad_test::check("potential d_q vs central differences", dq[k],
                     ad_test::central_difference(
                         [&](double t) {
                           qp[k] = t;
                           return potential(qp, n);
                         },
                         q[k]),
                     1e-6);
    }
  }
  return ad_test::report();
}
