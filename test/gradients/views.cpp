// Structs of pointers ("views" of parameter arrays, as ADBench's LSTM
// writes its parameters), issue 11: a view built by a constructor from
// &params[k], views nested in views and kept in a std::vector, a view of
// local state written through by a helper, a braced view, and helpers
// taking the views by const reference and raw `const T *`. A view's shadow
// is the same struct built from the shadows of what it views; what its
// pointers may point into is tracked like a pointer's.
// Checked against forward mode (fz::dual on the same templates) and central
// differences.
// RUN: %adxx -O1 -Werror -I%ad_src/test/fuzz %s -o %t -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: FileCheck %s --input-file=%t.gen/views.ad.cpp

#include "ad_test.hpp"
#include "dual.hpp"
#include <algorithm>
#include <cmath>
#include <vector>

template <class T> struct Gates {
  const T *in, *keep;
  Gates(const T *p, int h) : in(p), keep(&p[h]) {}
};
template <class T> struct Cell {
  Gates<T> weight, bias;
  Cell(const T *p, int h) : weight(p, h), bias(&p[2 * h], h) {}
};
template <class T> struct Net {
  std::vector<Cell<T>> cells;
  Net(const T *p, int h, int layers) {
    for (int k = 0; k < layers; ++k)
      cells.emplace_back(&p[4 * h * k], h);
  }
};
template <class T> struct Memory {
  T *value;
};
template <class T> struct Pair {
  const T *a, *b;
};

template <class T> T squash(T v) {
  using std::exp;
  return 1 / (1 + exp(-v));
}
template <class T> void step(int h, const Cell<T> &c, Memory<T> &m, const T *x) {
  using std::tanh;
  for (int i = 0; i < h; ++i) {
    T g = squash(x[i] * c.weight.in[i] + c.bias.in[i]);
    m.value[i] = m.value[i] * squash(c.weight.keep[i] + c.bias.keep[i]) + g * tanh(x[i]);
  }
}
template <class T> T dot(const T *u, const T *v, int n) {
  T s = 0;
  for (int i = 0; i < n; ++i)
    s += u[i] * v[i];
  return s;
}

template <class T>
[[ad::differentiate("params", "out")]]
void run(int h, int layers, const T *params, const T *x0, T *out) {
  Net<T> net(params, h, layers);
  std::vector<T> memory(h);
  std::copy(x0, x0 + h, memory.begin());
  Memory<T> m{memory.data()};
  for (int k = 0; k < layers; ++k)
    step(h, net.cells[k], m, x0);
  Pair<T> p{params, memory.data()};
  *out = dot(p.a, p.b, h) + m.value[0];
}
// The shadow of a view: the same construction from the shadows.
// CHECK-LABEL: {{^}}template <> inline void run_grad<double>(
// CHECK:       {{^}}  net = &_net_storage.emplace(params, h, layers);
// CHECK-NEXT:  {{^}}  _d_net = &_d_net_storage.emplace(d_params, h, layers);
// CHECK:       {{^}}  _d_m = Memory<double>{_d_memory.data()};
// CHECK:       {{^}}  _d_p = Pair<double>{d_params, _d_memory.data()};

int main() {
  const int h = 3, layers = 2, n = 4 * h * layers;
  double params[n], x0[h] = {0.4, -0.8, 1.1};
  for (int i = 0; i < n; ++i)
    params[i] = std::sin(1.0 + i) * 0.7;
  double out = 0, d_out = 1, d_params[n] = {};
  run_grad(h, layers, params, x0, &out, d_params, &d_out);
  double want = 0;
  run(h, layers, params, x0, &want);
  ad_test::check("value bit for bit", out == want, 1, 0);
  ad_test::check("d_out ends at 0", d_out, 0, 0);
  for (int k = 0; k < n; ++k) {
    fz::dual pd[n], xd[h], od;
    for (int i = 0; i < n; ++i)
      pd[i] = fz::dual(params[i], i == k);
    for (int i = 0; i < h; ++i)
      xd[i] = fz::dual(x0[i]);
    run(h, layers, pd, xd, &od);
    ad_test::check("d_params vs forward mode", d_params[k], od.d, 1e-12);
    double saved = params[k], step = 1e-6, hi, lo;
    params[k] = saved + step;
    run(h, layers, params, x0, &hi);
    params[k] = saved - step;
    run(h, layers, params, x0, &lo);
    params[k] = saved;
    ad_test::check("d_params vs central differences", d_params[k], (hi - lo) / (2 * step), 1e-6);
  }
  return ad_test::report();
}
