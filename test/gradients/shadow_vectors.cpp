// std::vector<double> locals as shadow vectors (contract §3): built as (n),
// (n, x), a copy, {a, b, c} and from an iterator range; changed with
// resize(n), resize(n, x), push_back, emplace_back, pop_back, assign(n, x),
// clear then push_back, v = w and v.swap(w); a vector declared inside a loop
// (a fresh one each iteration); a vector of vectors (rows pushed back named,
// as temporaries and built in place); std::array locals;
// std::vector<int> index arrays. Checked against forward mode (fz::dual on a
// templated copy of each function), central differences and f's value.
// RUN: %adxx -O1 -Werror -I%ad_src/test/fuzz %s -o %t -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: FileCheck %s --input-file=%t.gen/shadow_vectors.ad.cpp

#include "ad_test_xyw.hpp"
#include "dual.hpp"
#include <array>
#include <cmath>
#include <vector>

// The five constructors.
[[ad::differentiate]]
double build(double x, double y, const std::vector<double> &w) {
  int n = w.size();
  std::vector<double> a(n);
  for (int i = 0; i < n; ++i)
    a[i] = w[i] * x;
  std::vector<double> b(n, y);
  std::vector<double> c(a);
  std::vector<double> d = {x, y, x * y};
  std::vector<double> e(w.begin(), w.end());
  double s = 0;
  for (int i = 0; i < n; ++i)
    s += a[i] * b[i] + c[i] * e[i] * e[i];
  return s + d[0] * d[1] + std::sin(d[2]);
}
// Each vector local gets a shadow vector of its shape, made when it is built;
// a copy's shadow flows back into the original's, a range's into w's.
// CHECK-LABEL: {{^}}double build_grad(double x, double y, const std::vector<double> &w, double *d_x, double *d_y, double *d_w) {
// CHECK:       {{^}}  std::vector<double> _d_a{};
// CHECK:       {{^}}  a = std::vector<double>(n);
// CHECK-NEXT:  {{^}}  _d_a = ::ad::zeros_like(a);
// CHECK:       {{^}}  b = std::vector<double>(n, y);
// CHECK-NEXT:  {{^}}  _d_b = ::ad::zeros_like(b);
// CHECK:       {{^}}  c = a;
// CHECK-NEXT:  {{^}}  _d_c = ::ad::zeros_like(c);
// CHECK:       {{^}}  d = std::vector<double>{{[{][{]}}x, y, x * y{{[}][}]}};
// CHECK:       {{^}}  e = std::vector<double>(w.begin(), w.end());
// CHECK:       {{^}}  ::ad::add_into(d_w, _d_e);
// CHECK:       {{^}}  ::ad::add_into(_d_a.data(), _d_c);
// CHECK:       {{^}}  _d_y += ::ad::sum_of(_d_b);
template <class T>
T build_t(T x, T y, const std::vector<T> &w) {
  int n = w.size();
  std::vector<T> a(n);
  for (int i = 0; i < n; ++i)
    a[i] = w[i] * x;
  std::vector<T> b(n, y);
  std::vector<T> c(a);
  std::vector<T> d = {x, y, x * y};
  std::vector<T> e(w.begin(), w.end());
  T s = 0;
  for (int i = 0; i < n; ++i)
    s += a[i] * b[i] + c[i] * e[i] * e[i];
  return s + d[0] * d[1] + sin(d[2]);
}

// Growing and shrinking one vector.
[[ad::differentiate]]
double grow(double x, double y, const std::vector<double> &w) {
  std::vector<double> v;
  v.push_back(x * x);
  v.emplace_back(x * y);
  v.push_back(w[0]);
  v.pop_back();
  v.resize(4);
  v[3] = y * w[1];
  v.resize(6, y);
  double s = 0;
  for (double e : v)
    s += e * e;
  v.assign(3, x);
  v[1] *= w[2];
  s += v[0] * v[1] * v[2];
  v.clear();
  v.push_back(std::sin(y));
  v.push_back(w[2] * x);
  return s + v[0] * v[1];
}
// The shadow follows every change of size; the reverse sweep undoes them in
// reverse order (pop_back for push_back, the saved vector for the others).
// CHECK-LABEL: {{^}}double grow_grad(double x, double y, const std::vector<double> &w, double *d_x, double *d_y, double *d_w) {
// CHECK:       {{^}}  v.push_back(x * x);
// CHECK-NEXT:  {{^}}  _d_v.push_back(::ad::zeros_like(v.back()));
// CHECK-NEXT:  {{^}}  v.emplace_back(x * y);
// CHECK-NEXT:  {{^}}  _d_v.push_back(::ad::zeros_like(v.back()));
// CHECK:       {{^}}  v.pop_back();
// CHECK-NEXT:  {{^}}  ::ad::resize_like(_d_v, v);
// CHECK:       {{^}}  v.resize(6, y);
// CHECK-NEXT:  {{^}}  ::ad::resize_like(_d_v, v);
// CHECK:       {{^}}  v.assign(3, x);
// CHECK-NEXT:  {{^}}  _d_v = ::ad::zeros_like(v);
// CHECK:       {{^}}  v.clear();
// CHECK-NEXT:  {{^}}  _d_v = ::ad::zeros_like(v);
// CHECK:       {{^}}  // Reverse sweep
// CHECK:       {{^}}  _d_y += _d_v.back() * std::cos(y);
// CHECK-NEXT:  {{^}}  _d_v.pop_back();
// CHECK-NEXT:  {{^}}  v.pop_back();
// CHECK:       {{^}}      _d_x += ::ad::sum_of(_d_v);
// CHECK:       {{^}}      _d_y += ::ad::sum_of(_d_v, [[OLD:_r[0-9]+]].size());
// CHECK-NEXT:  {{^}}      v = std::move([[OLD]]);
// CHECK-NEXT:  {{^}}      ::ad::resize_like(_d_v, v);
template <class T>
T grow_t(T x, T y, const std::vector<T> &w) {
  std::vector<T> v;
  v.push_back(x * x);
  v.emplace_back(x * y);
  v.push_back(w[0]);
  v.pop_back();
  v.resize(4);
  v[3] = y * w[1];
  v.resize(6, y);
  T s = 0;
  for (T e : v)
    s += e * e;
  v.assign(3, x);
  v[1] *= w[2];
  s += v[0] * v[1] * v[2];
  v.clear();
  v.push_back(sin(y));
  v.push_back(w[2] * x);
  return s + v[0] * v[1];
}

// Whole-vector assignment (of a different size) and swap.
[[ad::differentiate]]
double reassign(double x, double y, const std::vector<double> &w) {
  std::vector<double> a(w.size()), b = {x, y, x + y};
  for (std::size_t i = 0; i < a.size(); ++i)
    a[i] = w[i] * y;
  std::vector<double> c = b;
  c[2] *= x;
  double s = c[2];
  c = a;
  c[0] *= x;
  a.swap(b);
  b[1] += x;
  for (std::size_t i = 0; i < a.size(); ++i)
    s += a[i] * (i + 1.5);
  for (std::size_t i = 0; i < b.size(); ++i)
    s += b[i] * b[i];
  for (std::size_t i = 0; i < c.size(); ++i)
    s += std::sin(c[i]);
  return s;
}
// c = a: c's shadow flows into a's; a.swap(b) swaps the shadows too.
// CHECK-LABEL: {{^}}double reassign_grad(double x, double y, const std::vector<double> &w, double *d_x, double *d_y, double *d_w) {
// CHECK:       {{^}}  c = a;
// CHECK-NEXT:  {{^}}  _d_c = ::ad::zeros_like(c);
// CHECK:       {{^}}  a.swap(b);
// CHECK-NEXT:  {{^}}  _d_a.swap(_d_b);
// CHECK:       {{^}}  // Reverse sweep
// CHECK:       {{^}}  _d_a.swap(_d_b);
// CHECK-NEXT:  {{^}}  a.swap(b);
// CHECK:       {{^}}      ::ad::add_into(_d_a.data(), _d_c);
// CHECK:       {{^}}  ::ad::add_into(_d_b.data(), _d_c);
template <class T>
T reassign_t(T x, T y, const std::vector<T> &w) {
  std::vector<T> a(w.size()), b = {x, y, x + y};
  for (std::size_t i = 0; i < a.size(); ++i)
    a[i] = w[i] * y;
  std::vector<T> c = b;
  c[2] *= x;
  T s = c[2];
  c = a;
  c[0] *= x;
  a.swap(b);
  b[1] += x;
  for (std::size_t i = 0; i < a.size(); ++i)
    s += a[i] * (i + 1.5);
  for (std::size_t i = 0; i < b.size(); ++i)
    s += b[i] * b[i];
  for (std::size_t i = 0; i < c.size(); ++i)
    s += sin(c[i]);
  return s;
}

// A vector declared in a loop body: a fresh one each iteration, and one
// that grows by a branch on active values.
[[ad::differentiate]]
double fresh(double x, double y, const std::vector<double> &w) {
  double s = 0;
  for (int k = 0; k < 3; ++k) {
    std::vector<double> t(w.size());
    for (std::size_t i = 0; i < t.size(); ++i)
      t[i] = w[i] * x + k * y;
    std::vector<double> u;
    for (double e : t)
      if (e > 0)
        u.push_back(e * e);
    for (double e : u)
      s += e;
    x = 0.5 * x + 0.1 * s;
  }
  return s;
}
// Each iteration saves the previous iteration's vectors and builds new ones.
// CHECK-LABEL: {{^}}double fresh_grad(double x, double y, const std::vector<double> &w, double *d_x, double *d_y, double *d_w) {
// CHECK:       {{^}}    _tape_vector.push(std::move(t));
// CHECK-NEXT:  {{^}}    _tape_vector.push(std::move(_d_t));
// CHECK-NEXT:  {{^}}    t = std::vector<double>(w.size());
// CHECK-NEXT:  {{^}}    _d_t = ::ad::zeros_like(t);
// CHECK:       {{^}}        u.push_back(e * e);
// CHECK-NEXT:  {{^}}        _d_u.push_back(::ad::zeros_like(u.back()));
// CHECK:       {{^}}  // Reverse sweep
// CHECK:       {{^}}    _d_t = _tape_vector.pop();
// CHECK-NEXT:  {{^}}    t = _tape_vector.pop();
template <class T>
T fresh_t(T x, T y, const std::vector<T> &w) {
  T s = 0;
  for (int k = 0; k < 3; ++k) {
    std::vector<T> t(w.size());
    for (std::size_t i = 0; i < t.size(); ++i)
      t[i] = w[i] * x + k * y;
    std::vector<T> u;
    for (T e : t)
      if (e > 0)
        u.push_back(e * e);
    for (T e : u)
      s += e;
    x = 0.5 * x + 0.1 * s;
  }
  return s;
}

// A vector of vectors: a matrix sized at run time, and rows pushed back:
// named, temporary (push_back(std::vector<double>(n, y))) and built in
// place (emplace_back(n, x * y)).
[[ad::differentiate]]
double matrix(double x, double y, const std::vector<double> &w) {
  int n = w.size();
  std::vector<std::vector<double>> m(n, std::vector<double>(n));
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j)
      m[i][j] = w[i] * w[j] + (i == j ? x : y);
  std::vector<std::vector<double>> rows;
  rows.push_back(w);
  std::vector<double> r(n, x);
  rows.push_back(r);
  rows.emplace_back(r);
  rows.push_back(std::vector<double>(n, y));
  rows.emplace_back(n, x * y);
  rows[1][0] *= y;
  rows[2][1] *= rows[1][0];
  rows[3][2] *= x;
  double s = 0;
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j)
      s += m[i][j] * rows[i % 3][j];
  for (int j = 0; j < n; ++j)
    s += rows[3][j] * rows[4][j] * w[j];
  return s;
}
// CHECK-LABEL: {{^}}double matrix_grad(double x, double y, const std::vector<double> &w, double *d_x, double *d_y, double *d_w) {
// CHECK:       {{^}}  std::vector<std::vector<double>> _d_m{};
// CHECK:       {{^}}  _d_m = ::ad::zeros_like(m);
// CHECK:       {{^}}  rows.push_back(r);
// CHECK-NEXT:  {{^}}  _d_rows.push_back(::ad::zeros_like(rows.back()));
// CHECK:       {{^}}  rows.push_back(std::vector<double>(n, y));
// CHECK-NEXT:  {{^}}  _d_rows.push_back(::ad::zeros_like(rows.back()));
// CHECK-NEXT:  {{^}}  rows.emplace_back(n, x * y);
// CHECK-NEXT:  {{^}}  _d_rows.push_back(::ad::zeros_like(rows.back()));
// CHECK:       {{^}}      _d_rows[i_1 % 3][j_1] += m[i_1][j_1] * _d_s;
// A temporary row's shadow sums into the derivative of its fill value.
// CHECK:       {{^}}  _d_x += ::ad::sum_of(_d_rows.back()) * y;
// CHECK-NEXT:  {{^}}  _d_y += x * ::ad::sum_of(_d_rows.back());
// CHECK-NEXT:  {{^}}  _d_rows.pop_back();
// CHECK-NEXT:  {{^}}  rows.pop_back();
// CHECK-NEXT:  {{^}}  _d_y += ::ad::sum_of(_d_rows.back());
// CHECK:       {{^}}  ::ad::add_into(_d_r.data(), _d_rows.back());
// CHECK:       {{^}}  ::ad::add_into(d_w, _d_rows.back());
template <class T>
T matrix_t(T x, T y, const std::vector<T> &w) {
  int n = w.size();
  std::vector<std::vector<T>> m(n, std::vector<T>(n));
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j)
      m[i][j] = w[i] * w[j] + (i == j ? x : y);
  std::vector<std::vector<T>> rows;
  rows.push_back(w);
  std::vector<T> r(n, x);
  rows.push_back(r);
  rows.emplace_back(r);
  rows.push_back(std::vector<T>(n, y));
  rows.emplace_back(n, x * y);
  rows[1][0] *= y;
  rows[2][1] *= rows[1][0];
  rows[3][2] *= x;
  T s = 0;
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j)
      s += m[i][j] * rows[i % 3][j];
  for (int j = 0; j < n; ++j)
    s += rows[3][j] * rows[4][j] * w[j];
  return s;
}

// std::array locals: initialised, copied, assigned, read by range-for.
[[ad::differentiate]]
double arrays(double x, double y, const std::vector<double> &w) {
  std::array<double, 3> a = {x, y, x * y};
  std::array<double, 3> b{};
  for (int i = 0; i < 3; ++i)
    b[i] = a[i] * a[(i + 1) % 3] + w[i];
  std::array<double, 3> c = b;
  c[1] = std::exp(a[0]);
  b = a;
  b[2] *= w[0];
  double s = 0;
  for (double e : c)
    s += e;
  for (std::size_t i = 0; i < b.size(); ++i)
    s += b[i] * c[i];
  return s;
}
// CHECK-LABEL: {{^}}double arrays_grad(double x, double y, const std::vector<double> &w, double *d_x, double *d_y, double *d_w) {
// CHECK:       {{^}}  std::array<double, 3> _d_a{};
// CHECK:       {{^}}  a = std::array<double, 3>{x, y, x * y};
// CHECK-NEXT:  {{^}}  _d_a = ::ad::zeros_like(a);
// CHECK:       {{^}}  b = a;
// CHECK-NEXT:  {{^}}  _d_b = ::ad::zeros_like(b);
// CHECK:       {{^}}      ::ad::add_into(_d_a.data(), _d_b);
template <class T>
T arrays_t(T x, T y, const std::vector<T> &w) {
  std::array<T, 3> a = {x, y, x * y};
  std::array<T, 3> b{};
  for (int i = 0; i < 3; ++i)
    b[i] = a[i] * a[(i + 1) % 3] + w[i];
  std::array<T, 3> c = b;
  c[1] = exp(a[0]);
  b = a;
  b[2] *= w[0];
  T s = 0;
  for (T e : c)
    s += e;
  for (std::size_t i = 0; i < b.size(); ++i)
    s += b[i] * c[i];
  return s;
}

// std::vector<int> index arrays, written and read freely; one filled by a
// branch on active values.
[[ad::differentiate]]
double gather(double x, double y, const std::vector<double> &w) {
  int n = w.size();
  std::vector<int> idx(n);
  for (int i = 0; i < n; ++i)
    idx[i] = n - 1 - i;
  idx.push_back(0);
  idx[1] = idx[0] - 1;
  std::vector<int> pos;
  for (int i = 0; i < n; ++i)
    if (w[i] * x > y)
      pos.push_back(i);
  double s = 0;
  for (int k : idx)
    s += w[k] * x * (k + 1);
  for (std::size_t k = 0; k < pos.size(); ++k)
    s += w[pos[k]] * w[idx[k]] * y;
  return s;
}
// Integer vectors get no shadow; they are restored where the reverse sweep
// reads them.
// CHECK-LABEL: {{^}}double gather_grad(double x, double y, const std::vector<double> &w, double *d_x, double *d_y, double *d_w) {
// CHECK-NOT:   _d_idx
// CHECK-NOT:   _d_pos
// CHECK:       {{^}}    d_w[pos[k_1]] += {{.*}} * w[idx[k_1]];
// CHECK:       {{^}}    d_w[k] += {{.*}} * x;
// CHECK:       {{^}}  return _ret;
template <class T>
T gather_t(T x, T y, const std::vector<T> &w) {
  int n = w.size();
  std::vector<int> idx(n);
  for (int i = 0; i < n; ++i)
    idx[i] = n - 1 - i;
  idx.push_back(0);
  idx[1] = idx[0] - 1;
  std::vector<int> pos;
  for (int i = 0; i < n; ++i)
    if (w[i] * x > y)
      pos.push_back(i);
  T s = 0;
  for (int k : idx)
    s += w[k] * x * (k + 1);
  for (std::size_t k = 0; k < pos.size(); ++k)
    s += w[pos[k]] * w[idx[k]] * y;
  return s;
}

using ad_test::Vec;


int main() {
  for (int c = 0; c < 5; ++c) {
    double x = -0.85 + 0.45 * c, y = 0.7 - 0.3 * c;
    Vec w = {1.1 - 0.2 * c, -0.6 + 0.3 * c, 0.45, -1.3 + 0.1 * c};
    ad_test::check_xyw("build", build, build_grad, build_t<fz::dual>, x, y, w);
    ad_test::check_xyw("grow", grow, grow_grad, grow_t<fz::dual>, x, y, w);
    ad_test::check_xyw("reassign", reassign, reassign_grad, reassign_t<fz::dual>, x, y, w);
    ad_test::check_xyw("fresh", fresh, fresh_grad, fresh_t<fz::dual>, x, y, w);
    ad_test::check_xyw("matrix", matrix, matrix_grad, matrix_t<fz::dual>, x, y, w);
    ad_test::check_xyw("arrays", arrays, arrays_grad, arrays_t<fz::dual>, x, y, w);
    ad_test::check_xyw("gather", gather, gather_grad, gather_t<fz::dual>, x, y, w);
  }
  return ad_test::report();
}
