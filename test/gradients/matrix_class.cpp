// A small matrix class (contract §3): `Mat { int n, m; std::vector<T> a; }`
// with a constructor sizing its storage, a non-const operator()(i, j)
// returning T& (written through: B(i, j) = s, A(i, i) += ...), a const
// operator() returning T (read in helpers taking const Mat&), and a member
// set_col(j, const T *v) filling a column from a pointer into the marked
// function's parameter (p + j * n). The marked function computes
// trace(AᵀA) through a product held in another Mat and the quadratic form
// xᵀ(AᵀA)x, w.r.t. the matrix entries and x.
// Checked against forward mode (fz::dual on a templated copy), central
// differences and f's value.
// The checks below read the pullbacks (split=never); the default (split
// records and lean pullbacks, docs/design.md "Split calls") must agree.
// RUN: %adxx -O1 -Werror -I%ad_src/test/fuzz %s -o %t -fplugin-arg-ad-split=never -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: %adxx -O1 -Werror -I%ad_src/test/fuzz %s -o %t.split
// RUN: %t.split
// RUN: FileCheck %s --input-file=%t.gen/matrix_class.ad.cpp

#include "ad_test.hpp"
#include "dual.hpp"
#include <cmath>
#include <vector>

template <class T> struct Mat {
  int n, m;
  std::vector<T> a;
  Mat(int rows, int cols) : n(rows), m(cols), a(rows * cols) {}
  T &operator()(int i, int j) { return a[i * m + j]; }
  T operator()(int i, int j) const { return a[i * m + j]; }
  void set_col(int j, const T *v) {
    for (int i = 0; i < n; ++i)
      (*this)(i, j) = v[i];
  }
};
template <class T> T trace(const Mat<T> &M) {
  T t = 0;
  for (int i = 0; i < M.n; ++i)
    t += M(i, i);
  return t;
}
template <class T> T quad(const Mat<T> &M, const T *x) {
  T q = 0;
  for (int i = 0; i < M.n; ++i)
    for (int j = 0; j < M.m; ++j)
      q += x[i] * M(i, j) * x[j];
  return q;
}

#define BODY(T)                                                                \
  Mat<T> A(n, n);                                                              \
  for (int j = 0; j < n; ++j)                                                  \
    A.set_col(j, p + j * n);                                                   \
  for (int i = 0; i < n; ++i)                                                  \
    A(i, i) += T(0.5) * x[i];                                                  \
  Mat<T> B(n, n);                                                              \
  for (int i = 0; i < n; ++i)                                                  \
    for (int j = 0; j < n; ++j) {                                              \
      T s = 0;                                                                 \
      for (int k = 0; k < n; ++k)                                              \
        s += A(k, i) * A(k, j);                                                \
      B(i, j) = s;                                                             \
    }                                                                          \
  return trace(B) + quad(B, x);

[[ad::differentiate("p", "x")]]
double objective(const double *p, const double *x, int n) {
  BODY(double)
}
// set_col's pullback sends each column's adjoint back through v, read via
// the shadow object's own operator():
// CHECK-LABEL: {{^}}static void set_col_pullback(Mat<double> *self, int j, const double *v, Mat<double> *d_self, double *d_v, ::ad::RedoLog *_redo) {
// CHECK:       {{^}}    d_v[i] += (*d_self)(i, j);
// CHECK-NEXT:  {{^}}    (*d_self)(i, j) = 0;
// The const operator() read in trace and quad:
// CHECK-LABEL: {{^}}static void operator_call_pullback(const Mat<double> *self, int i, int j, double _d_return, Mat<double> *d_self) {
// CHECK-NEXT:  {{^}}  // Forward sweep: operator() as written, saving what the reverse sweep needs.
// CHECK-NEXT:  {{^}}  // Reverse sweep: adjoints flow from the result back to the parameters.
// CHECK-NEXT:  {{^}}  d_self->a[i * self->m + j] += _d_return;
// CHECK-LABEL: {{^}}double objective_grad(const double *p, const double *x, int n, double *d_p, double *d_x) {
// CHECK:       {{^}}  A = &_A_storage.emplace(n, n);
// CHECK-NEXT:  {{^}}  _d_A = &_d_A_storage.emplace(*A);
// CHECK-NEXT:  {{^}}  ::ad::zero(_d_A->a);
// The non-const operator() returns a reference: written and read on the
// shadow alike.
// CHECK:       {{^}}        (*_d_A)(k, i_1) += _d_s * (*A)(k, j_1);
// CHECK:       {{^}}    set_col_pullback(A, j, p + j * n, _d_A, (d_p + j * n));

template <class T> T objective_t(const T *p, const T *x, int n) {
  BODY(T)
}

int main() {
  const int n = 3;
  double p[n * n], x[n];
  for (int k = 0; k < n * n; ++k)
    p[k] = std::sin(0.8 * k + 0.3);
  for (int k = 0; k < n; ++k)
    x[k] = 0.5 - 0.4 * k;
  for (int round = 0; round < 2; ++round) {
    if (round == 1)
      for (int k = 0; k < n * n; ++k)
        p[k] = 1.3 * p[k] - 0.2 * k;
    double dp[n * n] = {}, dx[n] = {};
    double v = objective_grad(p, x, n, dp, dx);
    ad_test::check("objective value bit for bit", v == objective(p, x, n), 1, 0);
    std::vector<fz::dual> pd(p, p + n * n), xd(x, x + n);
    for (int k = 0; k < n * n; ++k) {
      pd[k].d = 1;
      ad_test::check("objective d_p vs forward mode", dp[k],
                     objective_t(pd.data(), xd.data(), n).d, 1e-12);
      pd[k].d = 0;
      double pp[n * n];
      std::copy(p, p + n * n, pp);
      ad_test::check("objective d_p vs central differences", dp[k],
                     ad_test::central_difference(
                         [&](double t) {
                           pp[k] = t;
                           return objective(pp, x, n);
                         },
                         p[k]),
                     1e-6);
    }
    for (int k = 0; k < n; ++k) {
      xd[k].d = 1;
      ad_test::check("objective d_x vs forward mode", dx[k],
                     objective_t(pd.data(), xd.data(), n).d, 1e-12);
      xd[k].d = 0;
      double xp[n];
      std::copy(x, x + n, xp);
      ad_test::check("objective d_x vs central differences", dx[k],
                     ad_test::central_difference(
                         [&](double t) {
                           xp[k] = t;
                           return objective(p, xp, n);
                         },
                         x[k]),
                     1e-6);
    }
  }
  return ad_test::report();
}
