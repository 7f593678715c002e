// <algorithm> and <numeric> on reals (contract §2, §3): std::min and
// std::max (also with a temporary, std::max(x - y, 0.0), and on ties, where
// the first argument wins), std::clamp (below, inside, above), std::swap
// (two doubles, two array elements, two whole vectors), std::min_element and
// std::max_element (*it, also on ties, and writing through it), std::fill,
// std::copy (also over ranges starting at an expression, a + 1),
// std::accumulate, std::inner_product, and std::upper_bound on an inactive
// sorted grid choosing the interval of a piecewise-linear interpolation of
// active values. Checked against hand-derived derivatives (on both sides of
// every kink and at the kink), forward mode (fz::dual on a templated copy),
// central differences (off the kinks) and f's value.
// RUN: %adxx -O1 -Werror -I%ad_src/test/fuzz %s -o %t -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: FileCheck %s --input-file=%t.gen/std_algorithms.ad.cpp

#include "ad_test_xyw.hpp"
#include "dual.hpp"
#include <algorithm>
#include <array>
#include <cmath>
#include <numeric>
#include <vector>

// f = 3 min(x, y) + max(x y, y)^2 + y max(x - y, 0) + min(0.5, x)
[[ad::differentiate]]
double minmax(double x, double y) {
  double a = std::min(x, y) * 3;
  double b = std::max(x * y, y);
  double c = std::max(x - y, 0.0);
  return a + b * b + c * y + std::min(0.5, x);
}
// std::min and std::max are differentiated from their bodies: on a tie,
// neither b < a (min) nor a < b (max) holds, and the first argument wins.
// CHECK:       {{^}}static void min_pullback(const double &__a, const double &__b, double _d_return, double *d___a, double *d___b) {
// CHECK:       {{^}}  _cond0 = __b < __a;
// CHECK:       {{^}}static void max_pullback(const double &__a, const double &__b, double _d_return, double *d___a, double *d___b) {
// CHECK:       {{^}}  _cond0 = __a < __b;
// CHECK-LABEL: {{^}}double minmax_grad(double x, double y, double *d_x, double *d_y) {
// CHECK:       {{^}}  a = std::min(x, y) * 3;
// CHECK:       {{^}}  c = std::max(x - y, 0.0);
// CHECK:       {{^}}  // Reverse sweep
// CHECK:       {{^}}  min_pullback_1(0.5, x, 1, &_d_x);
// CHECK:       {{^}}    max_pullback_1(x - y, 0.0, _d_c, &[[R:_r[0-9]+]]);
// CHECK-NEXT:  {{^}}    _d_x += [[R]];
// CHECK-NEXT:  {{^}}    _d_y += -[[R]];
// CHECK:       {{^}}    max_pullback(x * y, y, _d_b, &{{_r[0-9]+}}, &_d_y);
// CHECK:       {{^}}  min_pullback(x, y, _d_a * 3, &_d_x, &_d_y);

// Hand derivatives with the contract's rule at ties: the first argument.
static void minmax_hand(double x, double y, double *dx, double *dy) {
  *dx = *dy = 0;
  (y < x ? *dy : *dx) += 3;                  // min(x, y)
  double b = std::max(x * y, y);
  if (x * y < y)                             // max(x y, y)
    *dy += 2 * b;
  else {
    *dx += 2 * b * y;
    *dy += 2 * b * x;
  }
  if (!(x - y < 0)) {                        // y max(x - y, 0)
    *dx += y;
    *dy += -y + (x - y);
  }
  if (x < 0.5)                               // min(0.5, x)
    *dx += 1;
}

// std::clamp with an active upper bound, below, inside and above; at a bound
// the derivative follows the bound (contract §2): a rule of the table
// (plugin/lib/LibraryRules.cpp), since libstdc++'s body would follow the value.
[[ad::differentiate]]
double clamped(double x, double y) {
  return std::clamp(x * y, -1.0, y) * x;
}
// CHECK-LABEL: {{^}}double clamped_grad(double x, double y, double *d_x, double *d_y) {
// CHECK:       {{^}}  if (!(-1.0 < x * y)) {
// CHECK-NEXT:  {{^}}  } else if (!(x * y < y)) {
// CHECK-NEXT:  {{^}}    _d_y += x;

[[ad::differentiate]]
double clamp3(double x, double lo, double hi) { return std::clamp(x, lo, hi); }

// std::swap of two doubles, two array elements and two vectors.
[[ad::differentiate]]
double swaps(double x, double y, const std::vector<double> &w) {
  double a = x * y, b = std::sin(x);
  std::swap(a, b);
  double arr[3] = {x, y, w[0]};
  std::swap(arr[0], arr[2]);
  std::vector<double> u(w), v = {x, y};
  std::swap(u, v);
  u[1] *= w[1];
  v[0] *= x;
  double s = a * 2 + b * 3 + arr[0] * arr[1] * 5 + arr[2];
  for (std::size_t i = 0; i < u.size(); ++i)
    s += u[i] * (i + 1);
  for (std::size_t i = 0; i < v.size(); ++i)
    s += v[i] * v[i];
  return s;
}
template <class T>
T swaps_t(T x, T y, const std::vector<T> &w) {
  T a = x * y, b = sin(x);
  std::swap(a, b);
  T arr[3] = {x, y, w[0]};
  std::swap(arr[0], arr[2]);
  std::vector<T> u(w), v = {x, y};
  std::swap(u, v);
  u[1] *= w[1];
  v[0] *= x;
  T s = a * 2 + b * 3 + arr[0] * arr[1] * 5 + arr[2];
  for (std::size_t i = 0; i < u.size(); ++i)
    s += u[i] * (i + 1);
  for (std::size_t i = 0; i < v.size(); ++i)
    s += v[i] * v[i];
  return s;
}
// A swap swaps the shadows too, and is undone in the reverse sweep.
// CHECK-LABEL: {{^}}double swaps_grad(double x, double y, const std::vector<double> &w, double *d_x, double *d_y, double *d_w) {
// CHECK:       {{^}}  std::swap(a, b);
// CHECK:       {{^}}  std::swap(arr[0], arr[2]);
// CHECK:       {{^}}  std::swap(u, v);
// CHECK-NEXT:  {{^}}  std::swap(_d_u, _d_v);
// CHECK:       {{^}}  // Reverse sweep
// CHECK:       {{^}}  std::swap(_d_u, _d_v);
// CHECK-NEXT:  {{^}}  std::swap(u, v);
// CHECK:       {{^}}  std::swap(_d_arr[0], _d_arr[2]);
// CHECK-NEXT:  {{^}}  std::swap(arr[0], arr[2]);
// CHECK:       {{^}}  std::swap(_d_a, _d_b);

// std::min_element and std::max_element on local vectors, read through the
// iterator, also where the extremum is not unique, and written through
// (*std::max_element(a.begin(), a.end()) *= 0.5, which may move the maximum).
// On a C array and a std::array too (raw pointer iterators): raw_extremes.
[[ad::differentiate]]
double extremes(double x, double y, const std::vector<double> &w) {
  std::vector<double> v(w.size());
  for (std::size_t i = 0; i < w.size(); ++i)
    v[i] = w[i] * x + y * i;
  std::vector<double> a = {x, y, x * y};
  double hi = *std::max_element(v.begin(), v.end());
  auto lo = std::min_element(v.begin(), v.end());
  double s = hi * *lo + *std::min_element(a.begin(), a.end()) * 2;
  auto top = std::max_element(a.begin(), a.end());
  double m = *top * x;
  *std::max_element(a.begin(), a.end()) *= 0.5;
  *std::min_element(v.begin(), v.end()) = x * y;
  return s + m + a[0] * 3 + a[1] + a[2] * 2 + v[0] * v[3] + (lo - v.begin());
}
template <class T>
T extremes_t(T x, T y, const std::vector<T> &w) {
  std::vector<T> v(w.size());
  for (std::size_t i = 0; i < w.size(); ++i)
    v[i] = w[i] * x + y * i;
  std::vector<T> a = {x, y, x * y};
  T hi = *std::max_element(v.begin(), v.end());
  auto lo = std::min_element(v.begin(), v.end());
  T s = hi * *lo + *std::min_element(a.begin(), a.end()) * 2;
  auto top = std::max_element(a.begin(), a.end());
  T m = *top * x;
  *std::max_element(a.begin(), a.end()) *= 0.5;
  *std::min_element(v.begin(), v.end()) = x * y;
  return s + m + a[0] * 3 + a[1] + a[2] * 2 + v[0] * v[3] + double(lo - v.begin());
}
// The iterator gets a shadow pointer at the same position of the shadow.
// CHECK-LABEL: {{^}}double extremes_grad(double x, double y, const std::vector<double> &w, double *d_x, double *d_y, double *d_w) {
// CHECK:       {{^}}  lo = std::min_element(v.begin(), v.end());
// CHECK-NEXT:  {{^}}  _d_lo = (_d_v.data() + (std::min_element(v.begin(), v.end()) - v.begin()));
// A write through a found position keeps the position: the reverse sweep
// restores and reads that element, without searching again.
// CHECK:       {{^}}  [[W:_v[0-9]+]] = std::max_element(a.begin(), a.end());
// CHECK-NEXT:  {{^}}  [[T:_t[0-9]+]] = * [[W]];
// CHECK-NEXT:  {{^}}  * [[W]] *= 0.5;
// CHECK:       {{^ *}}// Reverse sweep
// CHECK:       {{^}}    * [[W]] = [[T]];
// CHECK-NEXT:  {{^}}    double [[R:_r[0-9]+]] = *(_d_a.data() + ([[W]] - a.begin()));
// CHECK-NEXT:  {{^}}    *(_d_a.data() + ([[W]] - a.begin())) = 0;
// CHECK-NEXT:  {{^}}    *(_d_a.data() + ([[W]] - a.begin())) += [[R]] * 0.5;
// CHECK:       {{^}}  *_d_top += _d_m * x;
// CHECK:       {{^}}  *_d_lo += hi * _d_s;
// CHECK:       {{^}}  *(_d_v.data() + ({{_v[0-9]+}} - v.begin())) += _d_hi;

[[ad::differentiate]]
double raw_extremes(double x, double y) {
  double a[3] = {x, y, x * y};
  std::array<double, 2> b = {y, 2 * x};
  return *std::min_element(a, a + 3) * 3 + *std::max_element(b.begin(), b.end());
}
// CHECK-LABEL: {{^}}double raw_extremes_grad(double x, double y, double *d_x, double *d_y) {
// CHECK:       {{^}}  *(_d_a + ({{_v[0-9]+}} - a)) += 3;

// std::fill, std::copy, std::accumulate, std::inner_product on vectors, a C
// array (also passed by decay, a, a + 4) and a std::array, also over ranges
// whose first iterator is an expression (v.begin() + 4, a + 1).
[[ad::differentiate]]
double ranges(double x, double y, const std::vector<double> &w) {
  std::vector<double> v(w.size() + 2);
  std::fill(v.begin(), v.end(), x);
  std::copy(w.begin(), w.end(), v.begin() + 1);
  std::fill(v.begin() + 4, v.end(), x * y);
  double a[4];
  std::fill(a, a + 4, y);
  std::copy(v.begin(), v.begin() + 2, a + 1);
  std::array<double, 3> b, c;
  std::copy(a, a + 3, b.begin());
  b[2] *= x;
  std::copy(a + 1, a + 4, c.begin());
  c[0] *= c[2];
  double s = std::accumulate(v.begin(), v.end(), 0.0);
  double p = std::accumulate(&a[0], &a[0] + 4, x * y) +
      std::accumulate(a, a + 4, x * y) * c[0];
  double q = std::inner_product(a, a + 3, v.begin(), y) * c[1];
  double d = std::inner_product(w.begin(), w.end(), v.begin(), 0.5);
  double e = std::inner_product(b.begin(), b.end(), v.begin() + 1, y);
  return s * p + d * e + q;
}
template <class T>
T ranges_t(T x, T y, const std::vector<T> &w) {
  std::vector<T> v(w.size() + 2);
  std::fill(v.begin(), v.end(), x);
  std::copy(w.begin(), w.end(), v.begin() + 1);
  std::fill(v.begin() + 4, v.end(), x * y);
  T a[4];
  std::fill(a, a + 4, y);
  std::copy(v.begin(), v.begin() + 2, a + 1);
  std::array<T, 3> b, c;
  std::copy(a, a + 3, b.begin());
  b[2] *= x;
  std::copy(a + 1, a + 4, c.begin());
  c[0] *= c[2];
  T s = std::accumulate(v.begin(), v.end(), T(0.0));
  T p = std::accumulate(&a[0], &a[0] + 4, x * y) +
      std::accumulate(a, a + 4, x * y) * c[0];
  T q = std::inner_product(a, a + 3, v.begin(), y) * c[1];
  T d = std::inner_product(w.begin(), w.end(), v.begin(), T(0.5));
  T e = std::inner_product(b.begin(), b.end(), v.begin() + 1, y);
  return s * p + d * e + q;
}
// fill and copy save what they overwrite; in reverse, fill's value takes
// the sum of the range's shadow, copy moves the shadow back to its source;
// accumulate adds its seed to each element, inner_product crosses them.
// CHECK-LABEL: {{^}}double ranges_grad(double x, double y, const std::vector<double> &w, double *d_x, double *d_y, double *d_w) {
// CHECK:       {{^}}  ::ad::push_range(_tape, v.begin(), (v.end() - v.begin()));
// CHECK-NEXT:  {{^}}  std::fill(v.begin(), v.end(), x);
// CHECK-NEXT:  {{^}}  ::ad::push_range(_tape, v.begin() + 1, (w.end() - w.begin()));
// CHECK-NEXT:  {{^}}  std::copy(w.begin(), w.end(), v.begin() + 1);
// A range's length is last - first with first parenthesized.
// CHECK-NEXT:  {{^}}  ::ad::push_range(_tape, v.begin() + 4, (v.end() - (v.begin() + 4)));
// CHECK-NEXT:  {{^}}  std::fill(v.begin() + 4, v.end(), x * y);
// CHECK:       {{^}}  ::ad::push_range(_tape, c.begin(), ((a + 4) - (a + 1)));
// CHECK-NEXT:  {{^}}  std::copy(a + 1, a + 4, c.begin());
// CHECK:       {{^}}  // Reverse sweep
// CHECK:       {{^}}  ::ad::inner_product_adjoint(b.begin(), _d_b.data(), v.begin() + 1, (_d_v.data() + 1), (b.end() - b.begin()), _d_e);
// CHECK-NEXT:  {{^}}  ::ad::inner_product_adjoint(w.begin(), d_w, v.begin(), _d_v.data(), (w.end() - w.begin()), _d_d);
// CHECK:       {{^}}    ::ad::inner_product_adjoint(a, _d_a, v.begin(), _d_v.data(), ((a + 3) - a), {{_r[0-9]+}});
// CHECK:       {{^}}    ::ad::add_each(_d_a, ((a + 4) - a), {{_r[0-9]+}});
// CHECK:       {{^}}  ::ad::add_each(_d_v.data(), (v.end() - v.begin()), _d_s);
// CHECK:       {{^}}  ::ad::move_adjoints(_d_c.data(), (_d_a + 1), ((a + 4) - (a + 1)));
// CHECK-NEXT:  {{^}}  ::ad::pop_range(_tape, c.begin(), ((a + 4) - (a + 1)));
// CHECK:       {{^}}  ::ad::move_adjoints(_d_b.data(), _d_a, ((a + 3) - a));
// CHECK:       {{^}}      double [[R2:_r[0-9]+]] = ::ad::take_sum((_d_v.data() + 4), (v.end() - (v.begin() + 4)));
// CHECK:       {{^}}    ::ad::pop_range(_tape, v.begin() + 4, (v.end() - (v.begin() + 4)));
// CHECK:       {{^}}  ::ad::move_adjoints((_d_v.data() + 1), d_w, (w.end() - w.begin()));
// CHECK:       {{^}}      double [[R:_r[0-9]+]] = ::ad::take_sum(_d_v.data(), (v.end() - v.begin()));
// CHECK-NEXT:  {{^}}      _d_x += [[R]];

// Piecewise-linear interpolation: std::upper_bound on the inactive grid
// chooses the interval; t and the values are active.
[[ad::differentiate("t", "vals")]]
double interp(double t, const std::vector<double> &grid, const std::vector<double> &vals) {
  auto it = std::upper_bound(grid.begin(), grid.end(), t);
  int k = int(it - grid.begin()) - 1;
  k = std::clamp(k, 0, int(grid.size()) - 2);
  double u = (t - grid[k]) / (grid[k + 1] - grid[k]);
  return vals[k] * (1 - u) + vals[k + 1] * u;
}
// The search runs once; the reverse sweep uses the interval it found.
// CHECK-LABEL: {{^}}double interp_grad(double t, const std::vector<double> &grid, const std::vector<double> &vals, double *d_t, double *d_vals) {
// CHECK:       {{^}}  it = std::upper_bound(grid.begin(), grid.end(), t);
// CHECK:       {{^}}  // Reverse sweep
// CHECK-NOT:   upper_bound
// CHECK:       {{^}}  d_vals[k] += (1 - u);
// CHECK:       {{^}}  d_vals[k + 1] += u;
// CHECK:       {{^}}  _d_t += _d_u / (grid[k + 1] - grid[k]);

using ad_test::Vec;


int main() {
  // minmax: each kink from both sides, and on it.
  struct P { double x, y; bool kink; } pts[] = {
      {-0.8, 0.6, false}, {0.9, -0.4, false}, {1.7, 1.2, false}, {0.3, 0.45, false},
      {0.7, 0.7, true},   // x == y: ties of min(x, y) and max(x - y, 0)
      {1.0, 0.8, true},   // x == 1: x y == y, a tie of max(x y, y)
      {0.5, -0.2, true},  // a tie of min(0.5, x)
      {-0.3, -0.3, true}, // x == y again, with y < 0
  };
  for (const P &p : pts) {
    double dx = 0, dy = 0, hx, hy;
    double v = minmax_grad(p.x, p.y, &dx, &dy);
    ad_test::check("minmax value bit for bit", v == minmax(p.x, p.y), 1, 0);
    minmax_hand(p.x, p.y, &hx, &hy);
    ad_test::check("minmax d_x vs hand", dx, hx, 1e-14);
    ad_test::check("minmax d_y vs hand", dy, hy, 1e-14);
    if (!p.kink) {
      ad_test::check("minmax d_x vs central differences", dx,
                     ad_test::central_difference([&](double t) { return minmax(t, p.y); }, p.x), 1e-6);
      ad_test::check("minmax d_y vs central differences", dy,
                     ad_test::central_difference([&](double t) { return minmax(p.x, t); }, p.y), 1e-6);
    }
  }

  // clamp3 at and between the bounds: ties follow the bound.
  {
    const double pts[][6] = {// x, lo, hi, d_x, d_lo, d_hi
                             {0, 0, 1, 0, 1, 0},   {1, 0, 1, 0, 0, 1},
                             {0.5, 0, 1, 1, 0, 0}, {-1, 0, 1, 0, 1, 0},
                             {2, 0, 1, 0, 0, 1},   {0.5, 0.5, 0.5, 0, 1, 0}};
    for (const auto &p : pts) {
      double d[3] = {0, 0, 0};
      double v = clamp3_grad(p[0], p[1], p[2], &d[0], &d[1], &d[2]);
      ad_test::check("clamp3 value bit for bit", v == clamp3(p[0], p[1], p[2]), 1, 0);
      for (int k = 0; k < 3; ++k)
        ad_test::check("clamp3 derivative at a bound follows the bound", d[k], p[3 + k], 0);
    }
  }

  // clamped: f = clamp(x y, -1, y) x.
  P cpts[] = {{-2.0, 1.5, false}, {0.5, 1.5, false}, {1.4, 0.9, false}, {3.0, -0.5, false}};
  for (const P &p : cpts) {
    double x = p.x, y = p.y, dx = 0, dy = 0;
    double v = clamped_grad(x, y, &dx, &dy);
    ad_test::check("clamped value bit for bit", v == clamped(x, y), 1, 0);
    double c = std::clamp(x * y, -1.0, y), hx, hy;
    if (x * y < -1) { hx = c; hy = 0; }
    else if (x * y > y) { hx = c; hy = x; }
    else { hx = c + y * x; hy = x * x; }
    ad_test::check("clamped d_x vs hand", dx, hx, 1e-14);
    ad_test::check("clamped d_y vs hand", dy, hy, 1e-14);
    ad_test::check("clamped d_x vs central differences", dx,
                   ad_test::central_difference([&](double t) { return clamped(t, y); }, x), 1e-6);
    ad_test::check("clamped d_y vs central differences", dy,
                   ad_test::central_difference([&](double t) { return clamped(x, t); }, y), 1e-6);
  }

  for (int c = 0; c < 5; ++c) {
    double x = -0.85 + 0.45 * c, y = 0.7 - 0.3 * c;
    Vec w = {1.1 - 0.2 * c, -0.6 + 0.3 * c, 0.45, -1.3 + 0.1 * c};
    ad_test::check_xyw("swaps", swaps, swaps_grad, swaps_t<fz::dual>, x, y, w);
    ad_test::check_xyw("extremes", extremes, extremes_grad, extremes_t<fz::dual>, x, y, w);
    ad_test::check_xyw("ranges", ranges, ranges_grad, ranges_t<fz::dual>, x, y, w);
  }
  // Ties: v = w x + y i with equal entries; a = {x, y, x y} with x == y.
  // min_element and max_element pick the first of equal elements.
  ad_test::check_xyw("extremes (ties)", extremes, extremes_grad, extremes_t<fz::dual>, 0.5, 0.5,
        {1.0, 0.0, 1.0, -0.5}, false);
  ad_test::check_xyw("extremes (ties)", extremes, extremes_grad, extremes_t<fz::dual>, 2.0, 0.0,
        {0.25, 0.25, -1.0, -1.0}, false);
  // Writes through a found position that move the extremum: the maximum of
  // a = {0.6, 1.1, 0.66} is halved below a[2]; the minimum of
  // v = {0.18, 0.26, 2.74, 2.4} becomes x y = 0.66, above v[1].
  ad_test::check_xyw("extremes (the extremum moves)", extremes, extremes_grad, extremes_t<fz::dual>, 0.6,
        1.1, {0.3, -1.4, 0.9, -1.5});

  // interp on a nonuniform grid: below the grid, in each interval, on a
  // grid point (the interval to its right), above.
  Vec grid = {0.0, 0.5, 1.5, 2.0, 3.5};
  Vec vals = {1.0, -0.5, 2.0, 0.25, 1.5};
  for (double t : {-0.4, 0.2, 0.5, 1.1, 1.9, 2.0, 2.7, 3.9}) {
    double dt = 0;
    Vec dv(vals.size(), 0.0);
    double v = interp_grad(t, grid, vals, &dt, dv.data());
    ad_test::check("interp value bit for bit", v == interp(t, grid, vals), 1, 0);
    std::size_t k = std::upper_bound(grid.begin(), grid.end(), t) - grid.begin();
    k = k == 0 ? 0 : std::min(k - 1, grid.size() - 2);
    double h = grid[k + 1] - grid[k], u = (t - grid[k]) / h;
    ad_test::check("interp d_t vs hand", dt, (vals[k + 1] - vals[k]) / h, 1e-14);
    for (std::size_t i = 0; i < vals.size(); ++i) {
      double want = i == k ? 1 - u : i == k + 1 ? u : 0;
      ad_test::check("interp d_vals vs hand", dv[i], want, 1e-14);
      auto along = [&](double s) {
        Vec vv = vals;
        vv[i] = s;
        return interp(t, grid, vv);
      };
      ad_test::check("interp d_vals vs central differences", dv[i],
                     ad_test::central_difference(along, vals[i]), 1e-6);
    }
    bool on_grid = std::find(grid.begin(), grid.end(), t) != grid.end();
    if (!on_grid)
      ad_test::check("interp d_t vs central differences", dt,
                     ad_test::central_difference([&](double s) { return interp(s, grid, vals); }, t), 1e-6);
  }
  // raw_extremes: min of (x, y, xy) times 3 plus max of (y, 2x).
  {
    const double pts[][2] = {{0.3, 0.7}, {-1.2, 0.4}, {1.5, 2.5}, {0.9, -0.2}};
    for (const auto &p : pts) {
      double x = p[0], y = p[1], dx = 0, dy = 0;
      double v = raw_extremes_grad(x, y, &dx, &dy);
      ad_test::check("raw_extremes value bit for bit", v == raw_extremes(x, y), 1, 0);
      double a[3] = {x, y, x * y};
      int k = int(std::min_element(a, a + 3) - a);
      double hx = 3 * (k == 0 ? 1 : k == 2 ? y : 0) + (2 * x > y ? 2 : 0);
      double hy = 3 * (k == 1 ? 1 : k == 2 ? x : 0) + (2 * x > y ? 0 : 1);
      ad_test::check("raw_extremes d_x vs hand", dx, hx, 1e-15);
      ad_test::check("raw_extremes d_y vs hand", dy, hy, 1e-15);
      ad_test::check("raw_extremes d_x vs central differences", dx,
                     ad_test::central_difference([&](double t) { return raw_extremes(t, y); }, x), 1e-6);
      ad_test::check("raw_extremes d_y vs central differences", dy,
                     ad_test::central_difference([&](double t) { return raw_extremes(x, t); }, y), 1e-6);
    }
  }
  return ad_test::report();
}
