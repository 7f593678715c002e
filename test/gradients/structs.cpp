// Objects of structs holding reals (contract §3, issue 11 first part):
// aggregates built from braced lists (also nested, also with a std::vector
// member), copied, assigned whole and member by member, read through
// pointers (`p->a`) and references, in loops (declared again in each
// iteration), and a range-for over a member vector. Each object's shadow
// is an object of the same type (`Vec2 _d_q`), zeroed member by member.
// Checked against forward mode (fz::dual on a templated copy), central
// differences and f's value.
// RUN: %adxx -O1 -Werror -I%ad_src/test/fuzz %s -o %t -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: FileCheck %s --input-file=%t.gen/structs.ad.cpp

#include "ad_test.hpp"
#include "dual.hpp"
#include <cmath>
#include <vector>

template <class T> struct Vec2T {
  T x, y;
};
template <class T> struct ParticleT {
  Vec2T<T> pos, vel;
  T mass;
};
template <class T> struct LayerT {
  std::vector<T> w;
  T bias;
};
using Vec2 = Vec2T<double>;
using Particle = ParticleT<double>;
using Layer = LayerT<double>;

#define BODY(T)                                                                \
  Vec2T<T> a{x * y, sin(x)};                                                   \
  Vec2T<T> b = a;                                                              \
  b.y = b.y * y;                                                               \
  Vec2T<T> c;                                                                  \
  c = b;                                                                       \
  c.x += a.y;                                                                  \
  ParticleT<T> p{{x, y}, {c.x, c.y}, T(2.0)};                                  \
  ParticleT<T> *pp = &p;                                                       \
  pp->vel.x = pp->vel.x * pp->mass;                                            \
  const Vec2T<T> &v = p.vel;                                                   \
  T e = T(0.5) * p.mass * (v.x * v.x + v.y * v.y);                             \
  for (int i = 0; i < 3; ++i) {                                                \
    Vec2T<T> step{p.pos.x * T(0.1 * i), p.pos.y + e};                          \
    if (step.x > step.y)                                                       \
      e += step.x * step.y;                                                    \
    else                                                                       \
      e -= step.y;                                                             \
  }                                                                            \
  LayerT<T> layer{{x, y, x * y}, T(0.25)};                                     \
  T acc = layer.bias;                                                          \
  for (T w : layer.w)                                                          \
    acc += w * c.x;                                                            \
  return e + acc;

[[ad::differentiate]]
double energy(double x, double y) {
  using std::sin;
  BODY(double)
}
// CHECK-LABEL: {{^}}double energy_grad(double x, double y, double *d_x, double *d_y) {
// CHECK:       {{^}}  Vec2T<double> _d_a{};
// CHECK:       {{^}}  a = Vec2T<double>{x * y, sin(x)};
// CHECK-NEXT:  {{^}}  _d_a = a;
// CHECK-NEXT:  {{^}}  _d_a.x = 0;
// CHECK-NEXT:  {{^}}  _d_a.y = 0;
// CHECK:       {{^}}  _d_pp = &_d_p;
// CHECK:       {{^}}  _d_layer = layer;

template <class T> T energy_t(T x, T y) {
  using fz::sin;
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
