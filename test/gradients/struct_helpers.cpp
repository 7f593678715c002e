// Helpers that take and return objects (contract §3, issue 11): free
// functions and overloaded operators on a Vec3 struct, by value, by const
// reference, by reference (written through) and by pointer, returning
// objects or reals; nested calls (`(a - b) * s`) whose temporaries get
// shadows of their own. The pullback of a helper takes a pointer to the
// shadow of each active object parameter (`Vec3T<double> *d_a`) and the
// returned object's adjoint (`const Vec3T<double> &_d_return`).
// Checked against forward mode (fz::dual on a templated copy), central
// differences and f's value.
// The checks below read the pullbacks (split=never); the default (split
// records and lean pullbacks, docs/design.md "Split calls") must agree.
// RUN: %adxx -O1 -Werror -I%ad_src/test/fuzz %s -o %t -fplugin-arg-ad-split=never -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: %adxx -O1 -Werror -I%ad_src/test/fuzz %s -o %t.split
// RUN: %t.split
// RUN: FileCheck %s --input-file=%t.gen/struct_helpers.ad.cpp

#include "ad_test.hpp"
#include "dual.hpp"
#include <cmath>
#include <vector>

template <class T> struct Vec3T {
  T x, y, z;
};
template <class T> Vec3T<T> operator+(const Vec3T<T> &a, const Vec3T<T> &b) {
  return {a.x + b.x, a.y + b.y, a.z + b.z};
}
template <class T> Vec3T<T> operator-(const Vec3T<T> &a, const Vec3T<T> &b) {
  return Vec3T<T>{a.x - b.x, a.y - b.y, a.z - b.z};
}
template <class T> Vec3T<T> operator*(Vec3T<T> a, T s) {
  a.x *= s;
  a.y *= s;
  a.z *= s;
  return a;
}
template <class T> T dot(const Vec3T<T> &a, const Vec3T<T> &b) {
  return a.x * b.x + a.y * b.y + a.z * b.z;
}
template <class T> T norm(const Vec3T<T> &a) {
  using std::sqrt;
  return sqrt(dot(a, a));
}
template <class T> void scale(Vec3T<T> &v, T s) { v = v * s; }
template <class T> T sum_z(const Vec3T<T> *p, int n) {
  T s = 0;
  for (int i = 0; i < n; ++i)
    s += p[i].z;
  return s;
}
template <class T> struct Stats {
  T mean, spread;
};
template <class T> Stats<T> stats(const std::vector<T> &v) {
  T m = 0;
  for (T e : v)
    m += e;
  m = m / T(v.size());
  T s = 0;
  for (T e : v)
    s += (e - m) * (e - m);
  Stats<T> out;
  out.mean = m;
  out.spread = s;
  return out;
}

// Gravitational potential and kinetic energy of three bodies.
#define BODY(T)                                                                \
  Vec3T<T> pos[3] = {{x, y, T(0.5)}, {y, T(-1.0), x * y}, {T(0.25), x, y}};    \
  Vec3T<T> vel{x, T(2.0) * y, T(1.0)};                                         \
  T e = T(0.5) * dot(vel, vel);                                                \
  for (int i = 0; i < 3; ++i)                                                  \
    for (int j = i + 1; j < 3; ++j)                                            \
      e -= T(1.0) / norm(pos[i] - pos[j]);                                     \
  Vec3T<T> mid = (pos[0] + pos[1]) * T(0.5);                                   \
  scale(mid, x);                                                               \
  e += dot(mid - pos[2], vel) + sum_z(pos, 3);                                 \
  std::vector<T> v{x, y, x * y};                                               \
  Stats<T> st = stats(v);                                                      \
  return e + st.spread * st.mean;

[[ad::differentiate]]
double energy(double x, double y) {
  BODY(double)
}
// Hooks for the runtime, right after the class (RecordHooks.h):
// CHECK-LABEL: {{^}}inline void ad_shadow_zero(Vec3T<T> &x) {
// CHECK-NEXT:  {{^}}  ::ad::zero(x.x);
// A const reference: the caller's shadow, member by member.
// CHECK-LABEL: {{^}}static void operator_minus_pullback({{\[\[}}maybe_unused]] const Vec3T<double> &a, {{\[\[}}maybe_unused]] const Vec3T<double> &b, const Vec3T<double> &_d_return, Vec3T<double> *d_a, Vec3T<double> *d_b) {
// CHECK:       {{^}}  d_a->x += _d_return.x;
// CHECK-NEXT:  {{^}}  d_b->x += -_d_return.x;
// An object by value that the callee changes: a shadow of its own, added
// to the caller's at the end.
// CHECK-LABEL: {{^}}static void operator_times_pullback(Vec3T<double> a, double s, const Vec3T<double> &_d_return, Vec3T<double> *d_a) {
// CHECK-NEXT:  {{^}}  Vec3T<double> _d_a{};
// CHECK:       {{^}}  d_a->x += _d_a.x;
// CHECK-LABEL: {{^}}static void scale_pullback(Vec3T<double> &v, double s, Vec3T<double> *d_v, double *d_s, ::ad::RedoLog *_redo) {
// CHECK:       {{^}}    ::ad::restore(_redo, v, _t0);
// CHECK-NEXT:  {{^}}    {
// CHECK-NEXT:  {{^}}      Vec3T<double> _r0 = (*d_v);
// CHECK-NEXT:  {{^}}      d_v->x = 0;
// CHECK-LABEL: {{^}}double energy_grad(double x, double y, double *d_x, double *d_y) {
// CHECK:       {{^}}  Vec3T<double> _d_pos[3] = {};
// A temporary passed to a helper gets a zeroed shadow slot:
// CHECK:       {{^}}    Vec3T<double> [[SLOT:_r[0-9]+]]{};
// CHECK-NEXT:  {{^}}    dot_pullback(mid - pos[2], vel, _d_e, &[[SLOT]], &_d_vel);
// CHECK-NEXT:  {{^}}    operator_minus_pullback(mid, pos[2], [[SLOT]], &_d_mid, &_d_pos[2]);

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
