// Constructors of the user's classes (contract §3, issue 11): member
// initializers (also implied by default member initializers), a body that
// computes members, a class without a default constructor kept as a local
// (also built again in each iteration of a loop), temporaries built by a
// constructor inside expressions, a user-written copy constructor, and a
// member of class type initialized from another constructor. A
// constructor's pullback builds the object as the caller did and sends the
// object's adjoint back to the arguments.
// Checked against forward mode (fz::dual on a templated copy), central
// differences and f's value.
// RUN: %adxx -O1 -Werror -I%ad_src/test/fuzz %s -o %t -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: FileCheck %s --input-file=%t.gen/constructors.ad.cpp

#include "ad_test.hpp"
#include "dual.hpp"
#include <cmath>
#include <vector>

template <class T> struct P {
  T a, b;
  P(T x, T y) : a(x), b(y) {}
};
template <class T> struct R {
  T a = 0, b = T(0.5);
  int calls = 0;
  R() = default;
  R(T x) : a(x * x) {}
  R(T x, T y) : a(x), b(y) {
    using std::sin;
    a = a * sin(b);
    calls = 1;
  }
  R(const R &o) : a(o.a), b(o.b), calls(o.calls + 1) {}
};
template <class T> struct Segment {
  P<T> from, to;
  T weight;
  Segment(T x0, T y0, T x1, T y1) : from(x0, y0), to(x1, y1), weight(x0 + y1) {}
  T length2() const {
    return (to.a - from.a) * (to.a - from.a) + (to.b - from.b) * (to.b - from.b);
  }
};
template <class T> struct Grid {
  int n;
  std::vector<T> v;
  Grid(int n, T fill) : n(n), v(n, fill) {}
};

#define BODY(T)                                                                \
  P<T> p(y, T(2.0));                                                           \
  T e = p.a * p.b;                                                             \
  R<T> r(x);                                                                   \
  R<T> q(x, y);                                                                \
  R<T> c(q);                                                                   \
  e += r.a * r.b + q.a + c.a * T(c.calls);                                     \
  e += P<T>(x * y, x).b * R<T>(y, x).a;                                        \
  Segment<T> s(x, y, y, x * x);                                                \
  e += s.length2() * s.weight;                                                 \
  for (int k = 1; k < 4; ++k) {                                                \
    Grid<T> g(k, x * T(k));                                                    \
    g.v[0] = g.v[0] * y;                                                       \
    e += g.v[0] + g.v[k - 1];                                                  \
  }                                                                            \
  return e;

[[ad::differentiate]]
double energy(double x, double y) {
  BODY(double)
}
// CHECK-LABEL: {{^}}static void R_ctor_pullback_1(double x, double y, const R<double> &_d_return, double *d_x, double *d_y) {
// CHECK:       {{^}}  R<double> _object(x, y);
// CHECK-NEXT:  {{^}}  R<double> *self = &_object;
// CHECK-NEXT:  {{^}}  R<double> _d_object = _d_return;
// CHECK-NEXT:  {{^}}  R<double> *d_self = &_d_object;
// CHECK-NEXT:  {{^}}  // Forward sweep
// CHECK-NEXT:  {{^}}  self->a = x;
// CHECK-NEXT:  {{^}}  self->b = y;
// CHECK-NEXT:  {{^}}  self->calls = 0;
// The body's `a = a * sin(b)` reads the member it writes:
// CHECK:       {{^}}    self->a = _t0;
// CHECK-NEXT:  {{^}}    double _r0 = d_self->a;
// CHECK-NEXT:  {{^}}    d_self->a = 0;
// CHECK-NEXT:  {{^}}    d_self->a += _r0 * sin(self->b);
// CHECK-LABEL: {{^}}double energy_grad(double x, double y, double *d_x, double *d_y) {
// A class with constructors, built where energy builds it:
// CHECK:       {{^}}  std::optional<P<double>> _p_storage;
// CHECK-NEXT:  {{^}}  P<double> *p = nullptr;
// CHECK:       {{^}}  p = &_p_storage.emplace(y, double(2.));
// A copy runs R's copy constructor (it counts copies):
// CHECK:       {{^}}  c = &_c_storage.emplace((*q));

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
