// Work buffers a helper only overwrites (`rhs(x, y, k.data())` storing
// k[i] = ...), as integrators write them (W6): the reverse sweep never
// needs what such a buffer held before the call (the helper's pullback
// recomputes it from its inputs), so nothing is saved for it when the
// caller uses it linearly; it still is when the caller reads it where the
// reverse sweep needs its values (k[i] * k[i]), when the helper reads it
// (z[i] += ...), and when the buffer is a vector declared in the loop (its
// size may change from one iteration to the next). Fixed arrays too.
// Checked against forward mode (fz::dual on templated copies) and central
// differences. The marked functions are defined by a macro, so the
// attribute stays in the compiled text: at -O1 Clang emits it as an
// annotation, which crashed the compiler until the plugin kept its
// arguments as Clang's own annotate attribute does.
// RUN: %adxx -fplugin-arg-ad-split=never -O1 -Wall -Werror -I%ad_src/test/fuzz %s -o %t -fplugin-arg-ad-mode=reverse -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// Every helper call split (SplitCalls.cpp) gives the same results:
// RUN: %adxx -fplugin-arg-ad-split=always -O1 -I%ad_src/test/fuzz %s -o %t.split
// RUN: %t.split
// RUN: FileCheck %s --input-file=%t.gen/overwritten_buffers.ad.cpp

#include "ad_test.hpp"
#include "dual.hpp"

#include <cmath>
#include <vector>

using std::sin;

// z = f(x, y): only stores into z.
template <class T> void rhs(const T *x, const T *y, T *z, int n) {
  z[0] = x[0] * sin(y[n - 1]);
  for (int i = 1; i < n; ++i)
    z[i] = x[i] * y[i - 1];
}

// Reads z: not overwrite-only.
template <class T> void rhs_add(const T *x, const T *y, T *z, int n) {
  for (int i = 0; i < n; ++i)
    z[i] += x[i] * sin(y[i]);
}

#define LINEAR(T)                                                              \
  std::vector<T> k(n), y(x, x + n);                                            \
  for (int step = 0; step < 4; ++step) {                                       \
    rhs(x, y.data(), k.data(), n);                                             \
    for (int i = 0; i < n; ++i)                                                \
      y[i] += 0.25 * k[i];                                                     \
  }                                                                            \
  return y[n - 1];

#define SQUARED(T)                                                             \
  std::vector<T> k(n), y(x, x + n);                                            \
  T acc = 0;                                                                   \
  for (int step = 0; step < 3; ++step) {                                       \
    rhs(x, y.data(), k.data(), n);                                             \
    for (int i = 0; i < n; ++i) {                                              \
      acc += k[i] * k[i];                                                      \
      y[i] += 0.1 * k[i];                                                      \
    }                                                                          \
  }                                                                            \
  return acc + y[0];

#define READS(T)                                                               \
  std::vector<T> k(n, T(0.5)), y(x, x + n);                                    \
  for (int step = 0; step < 3; ++step) {                                       \
    rhs_add(x, y.data(), k.data(), n);                                         \
    for (int i = 0; i < n; ++i)                                                \
      y[i] += 0.2 * k[i];                                                      \
  }                                                                            \
  return y[n - 1];

#define IN_LOOP(T)                                                             \
  T total = 0;                                                                 \
  for (int m = 2; m <= n; ++m) {                                               \
    std::vector<T> k(m);                                                       \
    rhs(x, x, k.data(), m);                                                    \
    for (int i = 0; i < m; ++i)                                                \
      total += k[i];                                                           \
  }                                                                            \
  return total;

#define FIXED(T)                                                               \
  T k[4], y[4] = {x[0], x[1], x[2], x[3]};                                     \
  for (int step = 0; step < 3; ++step) {                                       \
    rhs(x, y, k, 4);                                                           \
    for (int i = 0; i < 4; ++i)                                                \
      y[i] += 0.3 * k[i];                                                      \
  }                                                                            \
  return y[3] * y[2];

#define DEFINE(NAME, BODY)                                                     \
  [[ad::differentiate("x")]] double NAME(const double *x, int n) { BODY(double) } \
  template <class T> T NAME##_t(const T *x, int n) { BODY(T) }

DEFINE(linear, LINEAR)
DEFINE(squared, SQUARED)
DEFINE(reads, READS)
DEFINE(in_loop, IN_LOOP)
DEFINE(fixed, FIXED)

// Nothing saved for k before the helper overwrites it:
// CHECK-LABEL: {{^}}double linear_grad(
// CHECK-NOT:   push(k)
// CHECK:       {{^}}    rhs(x, y.data(), k.data(), n);
// CHECK-LABEL: {{^}}double squared_grad(
// CHECK:       {{^}}    _tape_vector.push(k);
// CHECK-NEXT:  {{^}}    rhs(x, y.data(), k.data(), n);
// CHECK-LABEL: {{^}}double reads_grad(
// CHECK:       {{^}}    _tape_vector.push(k);
// CHECK-NEXT:  {{^}}    rhs_add(x, y.data(), k.data(), n);

template <class F, class G, class D>
void check(const char *name, F f, G grad, D dual_f) {
  const int n = 4;
  for (double shift : {0.0, -0.8}) {
    double x[n] = {0.3 + shift, -0.7, 1.1 + shift, 0.45}, dx[n] = {};
    double value = grad(x, n, dx);
    ad_test::check((std::string(name) + " value bit for bit").c_str(), value == f(x, n), 1, 0);
    for (int j = 0; j < n; ++j) {
      std::vector<fz::dual> xd(x, x + n);
      xd[j].d = 1;
      ad_test::check((std::string(name) + " d_x vs forward mode").c_str(), dx[j],
                     dual_f(xd.data(), n).d, 1e-12);
      double xp[n] = {x[0], x[1], x[2], x[3]};
      ad_test::check((std::string(name) + " d_x vs central differences").c_str(), dx[j],
                     ad_test::central_difference(
                         [&](double t) {
                           xp[j] = t;
                           return f(xp, n);
                         },
                         x[j]),
                     1e-6);
    }
  }
}

int main() {
  check("linear", linear, linear_grad, linear_t<fz::dual>);
  check("squared", squared, squared_grad, squared_t<fz::dual>);
  check("reads", reads, reads_grad, reads_t<fz::dual>);
  check("in_loop", in_loop, in_loop_grad, in_loop_t<fz::dual>);
  check("fixed", fixed, fixed_grad, fixed_t<fz::dual>);
  return ad_test::report();
}
