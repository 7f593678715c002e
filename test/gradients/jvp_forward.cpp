// f_jvp (contract §5, issue 12): forward mode for any number of inputs and
// outputs — scalars, pointers, arrays, std::vectors (locals that grow,
// parameters, results), references, output parameters, helpers (their
// pushforwards, also nested and with outputs), loops, switch, the seed's
// fixed point, lambda locals (their pushforwards are lambdas beside them;
// a generic one gets one per instantiation), a helper called in a branch
// of ?: (the conditional becomes an if). The value is f's bit for bit; the tangents are checked
// against forward mode on dual numbers (fz::dual on templated copies),
// central differences, and f_grad by transposition: <J t, w> = <t, J^T w>.
// RUN: %adxx -O1 -Wall -Werror -I%ad_src/test/fuzz %s -o %t -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: FileCheck %s --input-file=%t.gen/jvp_forward.ad.cpp

#include "ad_test.hpp"
#include "dual.hpp"
#include <algorithm>
#include <cmath>
#include <type_traits>
#include <vector>

using std::cos;
using std::exp;
using std::sin;
using std::sqrt;

template <class T> T sq(T a) { return a * a; }
template <class T> void scale(const T *x, T *y, int n, T s) {
  for (int i = 0; i < n; ++i)
    y[i] = s * x[i];
}
template <class T> void rotate(T &a, T &b, T th) {
  T c = cos(th), s = sin(th);
  T a0 = a;
  a = c * a0 - s * b;
  b = s * a0 + c * b;
}
template <class T> std::vector<T> cumulative(const std::vector<T> &v) {
  std::vector<T> out;
  T acc = 0;
  for (const T &e : v) {
    acc += e;
    out.push_back(acc);
  }
  return out;
}

#define MIXED(T)                                                               \
  T s = 0;                                                                     \
  std::vector<T> w(n);                                                         \
  for (int i = 0; i < n; ++i) {                                                \
    w[i] = sin(x[i]) * c;                                                      \
    s += sq(w[i]) + std::max(x[i], T(0));                                      \
  }                                                                            \
  scale(x, y, n, s);                                                           \
  T a = y[0], b = c;                                                           \
  rotate(a, b, s);                                                             \
  T &first = w[0];                                                             \
  first *= a;                                                                  \
  const T *p = x;                                                              \
  for (int i = 0; i < n; ++i)                                                  \
    s += *p++ * w[i];                                                          \
  std::vector<T> cum = cumulative(w);                                          \
  T r = 1;                                                                     \
  int k = 0;                                                                   \
  while (k < 3) {                                                              \
    r *= s / (1 + k) + cum[k % n];                                             \
    ++k;                                                                       \
  }                                                                            \
  switch (n % 3) {                                                             \
  case 0:                                                                      \
    r += b;                                                                    \
    break;                                                                     \
  default:                                                                     \
    r -= b * b;                                                                \
  }                                                                            \
  y[n - 1] += r;                                                               \
  return sqrt(s * s + 1) + r + (c > 0 ? c * c : -c);

[[ad::differentiate]]
double mixed(const double *x, int n, double *y, double c) {
  MIXED(double)
}
template <class T> T mixed_t(const T *x, int n, T *y, T c) {
  MIXED(T)
}
// CHECK-LABEL: {{^}}static double sq_pushforward(double a, double t_a, double *t_ret) {
// CHECK-NEXT:  {{^}}  *t_ret = t_a * a + a * t_a;
// CHECK-NEXT:  {{^}}  return a * a;
// CHECK-LABEL: {{^}}static void rotate_pushforward(double &a, double &b, double th, double *t_a, double *t_b, double t_th) {
// CHECK-LABEL: {{^}}inline double mixed_jvp(const double *x, int n, double *y, double c, const double *t_x, double *t_y, double t_c, double *t_ret) {
// CHECK:       {{^}}    _t_w[i] = std::cos(x[i]) * t_x[i] * c + sin(x[i]) * t_c;
// CHECK-NEXT:  {{^}}    w[i] = sin(x[i]) * c;
// CHECK-NEXT:  {{^}}    double [[T:_t[0-9]+]] = 0;
// CHECK-NEXT:  {{^}}    double [[V:_v[0-9]+]] = sq_pushforward(w[i], _t_w[i], &[[T]]);
// CHECK-NEXT:  {{^}}    _t_s += [[T]] + (x[i] < (double(0)) ? 0 : t_x[i]);
// CHECK-NEXT:  {{^}}    s += [[V]] + std::max(x[i], double(0));
// CHECK:       {{^}}  rotate_pushforward(a, b, s, &_t_a, &_t_b, _t_s);
// CHECK:       {{^}}  auto &_t_first = _t_w[0];
// CHECK:       {{^}}  const double *_t_p = t_x;
// A step inside the statement: the tangent reads p before it, then steps.
// CHECK:       {{^}}    _t_s += *_t_p * w[i] + (*p) * _t_w[i];
// CHECK-NEXT:  {{^}}    s += *p++ * w[i];
// CHECK-NEXT:  {{^}}    ++_t_p;
// A helper's value comes from its pushforward, not from a second call.
// CHECK:       {{^}}  std::vector<double> [[V3:_v[0-9]+]] = cumulative_pushforward(w, _t_w.data(), &[[T3:_t[0-9]+]]);
// CHECK-NEXT:  {{^}}  std::vector<double> cum = [[V3]];
// CHECK-NEXT:  {{^}}  std::vector<double> _t_cum = [[T3]];

// The seed: y = sin(y + x), a hundred times.
[[ad::differentiate]]
double recursion(double x) {
  double y = x;
  for (int i = 0; i < 100; ++i)
    y = std::sin(y + x);
  return y;
}
// CHECK-LABEL: {{^}}inline double recursion_jvp(double x, double t_x, double *t_ret) {
// CHECK:       {{^}}  for (int i = 0; i < 100; ++i) {
// CHECK-NEXT:  {{^}}    _t_y = std::cos(y + x) * (_t_y + t_x);
// CHECK-NEXT:  {{^}}    y = std::sin(y + x);

// Outputs only: a vector result through a reference, float inputs.
template <class T> void smooth(const std::vector<T> &v, std::vector<T> &out, T alpha) {
  T prev = v[0];
  for (std::size_t i = 0; i < v.size(); ++i) {
    prev = alpha * v[i] + (1 - alpha) * prev;
    out[i] = prev;
  }
}

[[ad::differentiate("v", "out", "alpha")]]
void smooth_f(const std::vector<float> &v, std::vector<float> &out, float alpha) {
  smooth(v, out, alpha);
}

#define LAMBDAS(T)                                                             \
  T acc = 0;                                                                   \
  auto g = [&](T t) { return exp(-k * t) * x; };                               \
  auto sq = [&](auto a) { return a * a; };                                     \
  for (int i = 0; i < 3; ++i)                                                  \
    acc += g(x + i) + (x > 1 ? sq(acc) : T(2) * sq(k));                        \
  return acc + sq(k) + sq(1.0f) * x;

[[ad::differentiate]]
double lambdas(double k, double x) {
  LAMBDAS(double)
}
template <class T> T lambdas_t(T k, T x) {
  LAMBDAS(T)
}
// CHECK-LABEL: {{^}}inline double lambdas_jvp(double k, double x, double t_k, double t_x, double *t_ret) {
// CHECK:       {{^}}  {{\[\[}}maybe_unused]] auto _t_g = [&](double t, double t_t, double *[[TR:t_ret_[0-9]+]]) -> double {
// CHECK-NEXT:  {{^}}    double [[E:_v[0-9]+]] = exp(-k * t);
// CHECK-NEXT:  {{^}}    *[[TR]] = [[E]] * (-t_k * t + (-k) * t_t) * x + [[E]] * t_x;
// CHECK:       {{^}}    if (x > 1) {

// Pointers and iterators stepped by a loop: their tangent pointers step
// with them (a silent error once: the iterator's step left its tangent
// pointer behind).
#define WALKS(T)                                                               \
  std::vector<T> v{x, 2 * x, x * x, x / 3};                                    \
  T s = 0;                                                                     \
  for (auto it = v.begin(); it != v.end(); ++it)                               \
    s += *it * *it;                                                            \
  for (T *p = v.data(); p < v.data() + v.size(); p += 2)                       \
    s += *p;                                                                   \
  return s;

[[ad::differentiate]]
double walks(double x) {
  WALKS(double)
}
template <class T> T walks_t(T x) {
  WALKS(T)
}
// CHECK-LABEL: {{^}}inline double walks_jvp(double x, double t_x, double *t_ret) {
// CHECK:       {{^}}    for (; it != v.end(); ++ it, ++_t_it) {
// CHECK:       {{^}}    for (; p < v.data() + v.size(); p += 2, _t_p += 2) {

// std::fill writing active values: forward mode does not follow it yet, so
// f_jvp is declared but not generated (a call of it would be the error).
[[ad::differentiate]]
double filled(double x) {
  std::vector<double> v(3);
  std::fill(v.begin(), v.end(), x * x);
  return v[0] + v[2];
}
static_assert(std::is_same<decltype(filled_jvp(1.0, 1.0, nullptr)), ad::not_generated<double>>::value,
              "filled_jvp is declared, not generated");
// CHECK: {{^ *}}// filled_jvp is not generated: forward mode does not handle storing active values this way

// Objects: a struct's tangent is a struct of the same type (`_t_p.x`),
// built member by member from braced lists, copied with copies, returned
// by helpers' pushforwards (also operators written as free functions), a
// struct with a vector member, a struct by value changed by the helper.
template <class T> struct V2 {
  T x, y;
};
template <class T> struct Layer {
  std::vector<T> w;
  T b;
};
template <class T> V2<T> add(const V2<T> &a, const V2<T> &b) { return V2<T>{a.x + b.x, a.y + b.y}; }
template <class T> V2<T> operator*(T s, const V2<T> &a) { return {s * a.x, s * a.y}; }
template <class T> T dot(V2<T> a, V2<T> b) {
  a.x *= 2;
  return a.x * b.x + a.y * b.y;
}
template <class T> T apply(const Layer<T> &l, const T *x) {
  using std::tanh;
  T s = l.b;
  for (std::size_t i = 0; i < l.w.size(); ++i)
    s += l.w[i] * x[i];
  return tanh(s);
}
#define OBJECTS(T)                                                             \
  V2<T> p{u, v * v};                                                           \
  V2<T> q = p;                                                                 \
  q.y += u;                                                                    \
  V2<T> r = add(p, q);                                                         \
  r = add(r, T(0.5) * p);                                                      \
  Layer<T> l{{u, v, T(1)}, u * v};                                             \
  T x[3] = {T(0.1), T(-0.2), u};                                               \
  return dot(r, q) + sin(r.x) + apply(l, x);

[[ad::differentiate]]
double objects(double u, double v) {
  OBJECTS(double)
}
template <class T> T objects_t(T u, T v) {
  OBJECTS(T)
}
// CHECK-LABEL: {{^}}static V2<double> add_pushforward(const V2<double> &a, const V2<double> &b, V2<double> *t_a, V2<double> *t_b, V2<double> *t_ret) {
// CHECK:       {{^}}  _t0.x = t_a->x + t_b->x;
// CHECK-LABEL: {{^}}inline double objects_jvp(double u, double v, double t_u, double t_v, double *t_ret) {
// CHECK:       {{^}}  V2<double> _t_p = V2<double>{};
// CHECK-NEXT:  {{^}}  _t_p.x = t_u;
// CHECK:       {{^}}  Layer<double> _t_l = ::ad::zeros_like(l);
// CHECK-NEXT:  {{^}}  _t_l.w = {t_u, t_v, 0};

int main() {
  using fz::dual;
  const int n = 4;
  const double x[n] = {0.3, -0.4, 1.2, 0.8}, tx[n] = {1, 0.5, -0.25, 2}, c = 0.7, tc = 0.3;
  double y[n], ty[n] = {}, tr = 0, y0[n];
  double v = mixed_jvp(x, n, y, c, tx, ty, tc, &tr);
  ad_test::check("mixed value bit for bit", v == mixed(x, n, y0, c), 1, 0);
  for (int i = 0; i < n; ++i)
    ad_test::check("mixed y bit for bit", y[i] == y0[i], 1, 0);
  // Dual numbers along the direction (tx, tc).
  dual xd[n], yd[n];
  for (int i = 0; i < n; ++i)
    xd[i] = dual(x[i], tx[i]);
  dual rd = mixed_t(xd, n, yd, dual(c, tc));
  ad_test::check("mixed t_ret vs dual numbers", tr, rd.d, 1e-12);
  for (int i = 0; i < n; ++i)
    ad_test::check("mixed t_y vs dual numbers", ty[i], yd[i].d, 1e-12);
  // Central differences along the direction.
  double h = 1e-6, xp[n], xm[n], yp[n], ym[n];
  for (int i = 0; i < n; ++i) {
    xp[i] = x[i] + h * tx[i];
    xm[i] = x[i] - h * tx[i];
  }
  double fd = (mixed(xp, n, yp, c + h * tc) - mixed(xm, n, ym, c - h * tc)) / (2 * h);
  ad_test::check("mixed t_ret vs central differences", tr, fd, 1e-6);
  for (int i = 0; i < n; ++i)
    ad_test::check("mixed t_y vs central differences", ty[i], (yp[i] - ym[i]) / (2 * h), 1e-6);
  // Transposition: seeds w on (result, y) give J^T w from f_grad; then
  // <J t, w> = <t, J^T w>.
  const double wr = 0.9, wy[n] = {0.2, -1.1, 0.4, 0.7};
  double dx[n] = {}, dy[n], dc = 0, y2[n];
  for (int i = 0; i < n; ++i)
    dy[i] = wy[i];
  // f_grad seeds the result with 1: scale the outputs' seeds instead.
  for (int i = 0; i < n; ++i)
    dy[i] = wy[i] / wr;
  mixed_grad(x, n, y2, c, dx, dy, &dc);
  double left = wr * tr, right = 0;
  for (int i = 0; i < n; ++i)
    left += wy[i] * ty[i];
  for (int i = 0; i < n; ++i)
    right += tx[i] * dx[i] * wr;
  right += tc * dc * wr;
  ad_test::check("mixed <J t, w> = <t, J^T w>", left, right, 1e-12);

  double t = 0;
  v = recursion_jvp(0.6, 1.0, &t);
  ad_test::check("recursion value bit for bit", v == recursion(0.6), 1, 0);
  double d = 0;
  recursion_grad(0.6, &d);
  ad_test::check("recursion t_ret vs f_grad", t, d, 1e-12);

  std::vector<float> sv{0.5f, 1.5f, -0.5f}, out(3), tout(3, 0.f);
  const float tv[3] = {1.f, -2.f, 0.5f};
  smooth_f_jvp(sv, out, 0.3f, tv, tout.data(), 0.1f);
  std::vector<dual> svd{dual(0.5, 1), dual(1.5, -2), dual(-0.5, 0.5)}, outd(3);
  smooth(svd, outd, dual(0.3f, 0.1f));
  for (int i = 0; i < 3; ++i)
    ad_test::check("smooth t_out vs dual numbers", tout[i], outd[i].d, 1e-6);
  for (double xv : {0.6, 1.4}) {
    double tl = 0;
    double lv = lambdas_jvp(0.8, xv, 0.5, -1.5, &tl);
    ad_test::check("lambdas value bit for bit", lv == lambdas(0.8, xv), 1, 0);
    ad_test::check("lambdas t_ret vs dual numbers", tl,
                   lambdas_t(dual(0.8, 0.5), dual(xv, -1.5)).d, 1e-12);
    double dk = 0, dxl = 0;
    lambdas_grad(0.8, xv, &dk, &dxl);
    ad_test::check("lambdas <J t, 1> = <t, grad>", tl, 0.5 * dk - 1.5 * dxl, 1e-12);
  }
  double to = 0;
  double ov = objects_jvp(0.7, 1.3, 0.4, -0.2, &to);
  ad_test::check("objects value bit for bit", ov == objects(0.7, 1.3), 1, 0);
  ad_test::check("objects t_ret vs dual numbers", to,
                 objects_t(dual(0.7, 0.4), dual(1.3, -0.2)).d, 1e-12);
  double du = 0, dvv = 0;
  objects_grad(0.7, 1.3, &du, &dvv);
  ad_test::check("objects <J t, 1> = <t, grad>", to, 0.4 * du - 0.2 * dvv, 1e-12);
  double tw = 0;
  double wv = walks_jvp(1.5, 1.0, &tw);
  ad_test::check("walks value bit for bit", wv == walks(1.5), 1, 0);
  ad_test::check("walks t_ret vs dual numbers", tw, walks_t(dual(1.5, 1.0)).d, 1e-12);
  return ad_test::report();
}
