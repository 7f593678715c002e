// Pointers, references and iterators into active storage (contract §3):
// local pointers into arrays and vectors (double *row = &m[i * n],
// const double *p = v.data() + k, p = q + 1, ++p), local references
// (double &r = a[i]; r *= x, const double &c = v[j], const auto &row =
// rows[i] for a vector of vectors), iterators reading and writing, range-for
// with auto& writing and const auto& reading; helpers receiving &v[k],
// v.data() + k, p + k and &local, and helpers that pass what they received
// on: a pointer to std::fill, a pointer, a std::vector& and a double& to a
// second helper that writes through it. Checked against
// forward mode (fz::dual on a templated copy), central differences and f's
// value.
// The checks below read the pullbacks (split=never); the default (split
// records and lean pullbacks, docs/design.md "Split calls") must agree.
// RUN: %adxx -O1 -Werror -I%ad_src/test/fuzz %s -o %t -fplugin-arg-ad-split=never -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: %adxx -O1 -Werror -I%ad_src/test/fuzz %s -o %t.split
// RUN: %t.split
// RUN: FileCheck %s --input-file=%t.gen/shadow_pointers.ad.cpp

#include "ad_test_xyw.hpp"
#include "dual.hpp"
#include <algorithm>
#include <cmath>
#include <vector>

// Local pointers into a local array and a local vector.
[[ad::differentiate]]
double rows_ptr(double x, double y, const std::vector<double> &w) {
  const int n = 2;
  double m[3 * n];
  std::vector<double> v(3 * n);
  for (int i = 0; i < 3; ++i) {
    double *row = &m[i * n];
    row[0] = w[i] * x;
    row[1] = w[i + 1] * y;
    double *vr = &v[i * n];
    vr[0] = row[0] * row[1];
    *(vr + 1) = row[1] + x;
  }
  const double *q = m + 2;
  const double *p = v.data() + 1;
  double s = 0;
  for (int k = 0; k < 3; ++k) {
    s += *p * q[k];
    ++p;
  }
  p = q + 1;
  s += p[0] * p[2];
  return s;
}
// A local pointer gets a shadow pointer into the shadow of what it points
// to, moved with it and saved where it is reassigned.
// CHECK-LABEL: {{^}}double rows_ptr_grad(double x, double y, const std::vector<double> &w, double *d_x, double *d_y, double *d_w) {
// CHECK:       {{^}}  double *_d_row = nullptr;
// CHECK:       {{^}}    row = &m[i * n];
// CHECK-NEXT:  {{^}}    _d_row = &_d_m[i * n];
// CHECK:       {{^}}    vr = &v[i * n];
// CHECK-NEXT:  {{^}}    _d_vr = &_d_v[i * n];
// CHECK:       {{^}}  q = m + 2;
// CHECK-NEXT:  {{^}}  _d_q = (_d_m + 2);
// CHECK-NEXT:  {{^}}  p = v.data() + 1;
// CHECK-NEXT:  {{^}}  _d_p = (_d_v.data() + 1);
// CHECK:       {{^}}    ++p;
// CHECK-NEXT:  {{^}}    ++_d_p;
// CHECK:       {{^}}  p = q + 1;
// CHECK-NEXT:  {{^}}  _d_p = (_d_q + 1);
// CHECK:       {{^}}  _d_p[0] += _d_s * p[2];
// CHECK:       {{^}}    *_d_p += _d_s * q[k];
// CHECK:       {{^}}    _d_row[0] += _d_vr[0] * row[1];
template <class T>
T rows_ptr_t(T x, T y, const std::vector<T> &w) {
  const int n = 2;
  T m[3 * n];
  std::vector<T> v(3 * n);
  for (int i = 0; i < 3; ++i) {
    T *row = &m[i * n];
    row[0] = w[i] * x;
    row[1] = w[i + 1] * y;
    T *vr = &v[i * n];
    vr[0] = row[0] * row[1];
    *(vr + 1) = row[1] + x;
  }
  const T *q = m + 2;
  const T *p = v.data() + 1;
  T s = 0;
  for (int k = 0; k < 3; ++k) {
    s += *p * q[k];
    ++p;
  }
  p = q + 1;
  s += p[0] * p[2];
  return s;
}

// Local references to elements of an array, a vector and a vector of vectors.
[[ad::differentiate]]
double refs(double x, double y, const std::vector<double> &w) {
  double a[4] = {x, y, x * y, w[0]};
  std::vector<double> v(w);
  for (int i = 0; i < 4; ++i) {
    double &r = a[i];
    r *= x;
    r += w[i];
  }
  double &last = v[v.size() - 1];
  last = last * y;
  const double &c = v[1];
  double s = c * a[2];
  std::vector<std::vector<double>> rows(2, std::vector<double>(2));
  rows[0][0] = x;
  rows[0][1] = y;
  rows[1][0] = w[0] * a[1];
  rows[1][1] = w[1];
  for (int i = 0; i < 2; ++i) {
    const auto &row = rows[i];
    s += row[0] * row[1];
  }
  return s + last + a[0] * a[3];
}
// A local reference becomes a pointer, with a shadow pointer beside it.
// CHECK-LABEL: {{^}}double refs_grad(double x, double y, const std::vector<double> &w, double *d_x, double *d_y, double *d_w) {
// CHECK:       {{^}}  std::vector<double> *_d_row = nullptr;
// CHECK:       {{^}}    r = &a[i];
// CHECK-NEXT:  {{^}}    _d_r = &_d_a[i];
// CHECK:       {{^}}  last = &v[v.size() - 1];
// CHECK-NEXT:  {{^}}  _d_last = &_d_v[v.size() - 1];
// CHECK:       {{^}}  c = &v[1];
// CHECK-NEXT:  {{^}}  _d_c = &_d_v[1];
// CHECK:       {{^}}    row = &rows[i_1];
// CHECK-NEXT:  {{^}}    _d_row = &_d_rows[i_1];
// CHECK:       {{^}}    (*_d_row)[0] += _d_s * (*row)[1];
// CHECK:       {{^}}  (*_d_c) += _d_s * a[2];
template <class T>
T refs_t(T x, T y, const std::vector<T> &w) {
  T a[4] = {x, y, x * y, w[0]};
  std::vector<T> v(w);
  for (int i = 0; i < 4; ++i) {
    T &r = a[i];
    r *= x;
    r += w[i];
  }
  T &last = v[v.size() - 1];
  last = last * y;
  const T &c = v[1];
  T s = c * a[2];
  std::vector<std::vector<T>> rows(2, std::vector<T>(2));
  rows[0][0] = x;
  rows[0][1] = y;
  rows[1][0] = w[0] * a[1];
  rows[1][1] = w[1];
  for (int i = 0; i < 2; ++i) {
    const auto &row = rows[i];
    s += row[0] * row[1];
  }
  return s + last + a[0] * a[3];
}

// Iterators writing and reading a local vector, reading a parameter;
// range-for with auto& writing and const auto& reading.
[[ad::differentiate]]
double iters(double x, double y, const std::vector<double> &w) {
  std::vector<double> v(w);
  for (auto it = v.begin(); it != v.end(); ++it)
    *it = *it * x + y;
  double s = 0;
  for (auto it = v.begin(); it != v.end(); ++it)
    s += *it * *it;
  for (auto it = w.begin(); it != w.end(); ++it)
    s += std::sin(*it) * x;
  for (auto &e : v)
    e *= e;
  for (const auto &e : v)
    s += e * y;
  return s;
}
// An iterator walks its shadow with it; range-for with auto& gets a shadow
// pointer to the element's shadow.
// CHECK-LABEL: {{^}}double iters_grad(double x, double y, const std::vector<double> &w, double *d_x, double *d_y, double *d_w) {
// CHECK:       {{^}}  it = v.begin();
// CHECK-NEXT:  {{^}}  _d_it = _d_v.data();
// CHECK-NEXT:  {{^}}  for (; it != v.end(); ++ it, ++_d_it) {
// CHECK:       {{^}}  it_2 = w.begin();
// CHECK-NEXT:  {{^}}  _d_it_2 = d_w;
// CHECK:       {{^}}    e = &_e0;
// CHECK-NEXT:  {{^}}    _d_e = _d_v.data() + (_t3 - 1);
// CHECK:       {{^}}    --it;
// CHECK-NEXT:  {{^}}    --_d_it;
template <class T>
T iters_t(T x, T y, const std::vector<T> &w) {
  std::vector<T> v(w);
  for (auto it = v.begin(); it != v.end(); ++it)
    *it = *it * x + y;
  T s = 0;
  for (auto it = v.begin(); it != v.end(); ++it)
    s += *it * *it;
  for (auto it = w.begin(); it != w.end(); ++it)
    s += sin(*it) * x;
  for (auto &e : v)
    e *= e;
  for (const auto &e : v)
    s += e * y;
  return s;
}

// Helpers receiving pointers into the caller's storage.
template <class T> T dot2(const T *a, const T *b) { return a[0] * b[0] + a[1] * b[1]; }
template <class T> void scale(T *p, T k, int n) {
  for (int i = 0; i < n; ++i)
    p[i] *= k;
}
template <class T> void bump(T *p, T k) { *p += k * k; }

[[ad::differentiate]]
double calls(double x, double y, const std::vector<double> &w) {
  std::vector<double> v(w);
  double a[4] = {x, y, x + y, x * y};
  double local = x * y;
  scale(&v[1], x, 2);
  scale(v.data() + 2, y, 2);
  double *p = a;
  scale(p + 1, w[0], 2);
  bump(&local, y);
  return dot2(&v[0], a) + dot2(v.data() + 2, p + 2) + local;
}
// The helpers' pullbacks get the matching shadow pointers.
// CHECK-LABEL: {{^}}double calls_grad(double x, double y, const std::vector<double> &w, double *d_x, double *d_y, double *d_w) {
// CHECK:       {{^}}  dot2_pullback(&v[0], a, 1, &_d_v[0], _d_a);
// CHECK-NEXT:  {{^}}  dot2_pullback(v.data() + 2, p + 2, 1, (_d_v.data() + 2), (_d_p + 2));
// CHECK:       {{^}}  bump_pullback(&local, y, &_d_local, &_d_y);
// CHECK:       {{^}}    scale_pullback(p + 1, w[0], 2, (_d_p + 1), &[[R:_r[0-9]+]]);
// CHECK-NEXT:  {{^}}    d_w[0] += [[R]];
// CHECK:       {{^}}  scale_pullback(v.data() + 2, y, 2, (_d_v.data() + 2), &_d_y);
// CHECK:       {{^}}  scale_pullback(&v[1], x, 2, &_d_v[1], &_d_x);
template <class T>
T calls_t(T x, T y, const std::vector<T> &w) {
  std::vector<T> v(w);
  T a[4] = {x, y, x + y, x * y};
  T local = x * y;
  scale(&v[1], x, 2);
  scale(v.data() + 2, y, 2);
  T *p = a;
  scale(p + 1, w[0], 2);
  bump(&local, y);
  return dot2(&v[0], a) + dot2(v.data() + 2, p + 2) + local;
}

// A helper that passes what it received on: a pointer to std::fill, a
// pointer, a std::vector& and a double& to a second helper that writes
// through it.
template <class T> void fill_tail(T *p, int n, T value) { std::fill(p, p + n, value); }
template <class T> void write2(T *out, T a, T b) {
  out[0] = a * b;
  out[1] = a - b;
}
template <class T> void relay(T *out, T a) {
  write2(out, a, a * a);
  out[2] *= out[1];
}
template <class T> void write2(std::vector<T> &out, T a, T b) {
  out[0] = a * b;
  out[1] = a + b;
}
template <class T> void relay(std::vector<T> &out, T a) {
  write2(out, a, a * a);
  out[2] = exp(a) * out[0];
}
template <class T> void square_into(T &out, T a) { out = a * a; }
template <class T> void relay_ref(T &out, T a) {
  square_into(out, a);
  out *= a;
}

[[ad::differentiate]]
double passon(double x, double y, const std::vector<double> &w) {
  std::vector<double> v(w), u(w);
  double a[5] = {w[0], w[1], w[2], w[3], x};
  fill_tail(&v[2], 2, x * y);
  fill_tail(a + 3, 2, a[2] * x);
  relay(u, y);
  relay(&v[1], x);
  relay(a + 1, v[0] * y);
  double b = w[0];
  relay_ref(b, x);
  double s = b;
  for (int i = 0; i < 4; ++i)
    s += v[i] * a[i + 1] + a[i] * u[i];
  return s;
}
// std::fill saves and restores the range it writes; the helpers pass their
// shadows on to the pullbacks of the second helpers.
// CHECK:       {{^}}static void fill_tail_pullback(double *p, int n, double value, double *d_p, double *d_value, ::ad::RedoLog *_redo) {
// CHECK:       {{^}}  ::ad::push_range(_tape, p, ((p + n) - p));
// CHECK:       {{^}}    write2_pullback(out, a, a * a, d_out, &_d_a, &{{_r[0-9]+}}, _redo);
// A pointer passed on: the second helper runs as its logged copy, whose
// undo log the reverse sweep rolls back before its pullback.
// CHECK:       {{^}}static void [[RELAYP:relay_pullback_[0-9]+]](double *out, double a, double *d_out, double *d_a, ::ad::RedoLog *_redo) {
// CHECK:       {{^}}  write2_logged(out, a, a * a, _undo);
// CHECK:       {{^}}    _undo.rollback(_tape_cf.pop(), _redo);
// CHECK-NEXT:  {{^}}    double [[R:_r[0-9]+]] = 0;
// CHECK-NEXT:  {{^}}    write2_pullback_{{[0-9]+}}(out, a, a * a, d_out, &_d_a, &[[R]], _redo);
// CHECK:       {{^}}  square_into_pullback(out, a, d_out, &_d_a, _redo);
// CHECK-LABEL: {{^}}double passon_grad(double x, double y, const std::vector<double> &w, double *d_x, double *d_y, double *d_w) {
// CHECK:       {{^}}  relay_ref_pullback(b, x, &_d_b, &_d_x);
// CHECK:       {{^}}    [[RELAYP]](a + 1, v[0] * y, (_d_a + 1), &{{_r[0-9]+}});
// CHECK:       {{^}}  [[RELAYP]](&v[1], x, &_d_v[1], &_d_x);
// CHECK:       {{^}}  relay_pullback(u, y, _d_u.data(), &_d_y);
// CHECK:       {{^}}    fill_tail_pullback(a + 3, 2, a[2] * x, (_d_a + 3), &{{_r[0-9]+}});
// CHECK:       {{^}}    fill_tail_pullback(&v[2], 2, x * y, &_d_v[2], &{{_r[0-9]+}});
template <class T>
T passon_t(T x, T y, const std::vector<T> &w) {
  std::vector<T> v(w), u(w);
  T a[5] = {w[0], w[1], w[2], w[3], x};
  fill_tail(&v[2], 2, x * y);
  fill_tail(a + 3, 2, a[2] * x);
  relay(u, y);
  relay(&v[1], x);
  relay(a + 1, v[0] * y);
  T b = w[0];
  relay_ref(b, x);
  T s = b;
  for (int i = 0; i < 4; ++i)
    s += v[i] * a[i + 1] + a[i] * u[i];
  return s;
}

using ad_test::Vec;


int main() {
  for (int c = 0; c < 5; ++c) {
    double x = -0.85 + 0.45 * c, y = 0.7 - 0.3 * c;
    Vec w = {1.1 - 0.2 * c, -0.6 + 0.3 * c, 0.45, -1.3 + 0.1 * c};
    ad_test::check_xyw("rows_ptr", rows_ptr, rows_ptr_grad, rows_ptr_t<fz::dual>, x, y, w);
    ad_test::check_xyw("refs", refs, refs_grad, refs_t<fz::dual>, x, y, w);
    ad_test::check_xyw("iters", iters, iters_grad, iters_t<fz::dual>, x, y, w);
    ad_test::check_xyw("calls", calls, calls_grad, calls_t<fz::dual>, x, y, w);
    ad_test::check_xyw("passon", passon, passon_grad, passon_t<fz::dual>, x, y, w);
  }
  return ad_test::report();
}
