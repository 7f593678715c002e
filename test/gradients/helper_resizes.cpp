// A helper that resizes the std::vectors inside what it is handed: a struct
// with a vector member sized through a pointer (once read out of the
// shadow's bounds without a word: the shadow kept the size it had when the
// struct was declared). The shadow is made again in the new shape after the
// call. (A helper resizing a vector *parameter* of the differentiated
// function is an error: its shadow is the caller's plain array.)
// RUN: %adxx -O1 -Werror -I%ad_src/test/fuzz %s -o %t -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: FileCheck %s --input-file=%t.gen/helper_resizes.ad.cpp

#include "ad_test.hpp"
#include "dual.hpp"
#include <vector>

template <class T> struct Buffer {
  std::vector<T> d;
};
template <class T> void fill(const T *x, Buffer<T> *b) {
  b->d.resize(3);
  b->d[0] = x[0] * x[1];
  b->d[1] = x[1];
  b->d[2] = x[0] - x[1];
}

#define BODY(T)                                                                \
  Buffer<T> b;                                                                 \
  fill(x, &b);                                                                 \
  y[0] = b.d[0] + b.d[1] * b.d[2];                                             \
  y[1] = b.d[2] * x[1];

[[ad::differentiate("x", "y")]]
void f(const double *x, double *y) {
  BODY(double)
}
// CHECK-LABEL: {{^}}void f_grad(const double *x, double *y, double *d_x, double *d_y) {
// CHECK:       {{^}}  fill(x, &b);
// CHECK-NEXT:  {{^}}  _d_b = ::ad::zeros_like(b);

template <class T> void f_t(const T *x, T *y) {
  BODY(T)
}

int main() {
  const double x[2] = {1.5, -0.75};
  for (int out = 0; out < 2; ++out) {
    double y[2], dx[2] = {}, dy[2] = {0, 0};
    dy[out] = 1;
    f_grad(x, y, dx, dy);
    double want[2];
    f(x, want);
    ad_test::check("y bit for bit", y[0] == want[0] && y[1] == want[1], 1, 0);
    for (int k = 0; k < 2; ++k) {
      fz::dual xd[2] = {fz::dual(x[0], k == 0), fz::dual(x[1], k == 1)}, yd[2];
      f_t(xd, yd);
      ad_test::check("d_x vs forward mode", dx[k], yd[out].d, 1e-13);
    }
  }
  return ad_test::report();
}
