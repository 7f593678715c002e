// std::tuple and std::pair (contract §1, §2; issue 11): a tuple holding
// reals is an object whose shadow is a tuple of the same type, element I's
// shadow `std::get<I>(_d_t)`. Built by std::make_tuple, from its elements
// (`std::tuple<double, double> t{a, b}`, CTAD `std::tuple t(a, b)`),
// returned by a helper (its pullback takes the tuple of adjoints), read
// and written through std::get, held in a std::vector, handed to a helper
// by const reference, with a struct and a vector inside, and as a
// parameter named in the attribute (`std::tuple<...> *d_p`). std::pair
// with std::get likewise. Checked against forward mode (fz::dual on
// templated copies) and central differences.
// RUN: %adxx -O1 -Wall -Werror -I%ad_src/test/fuzz %s -o %t -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: FileCheck %s --input-file=%t.gen/tuples.ad.cpp

#include "ad_test.hpp"
#include "dual.hpp"
#include <cmath>
#include <tuple>
#include <utility>
#include <vector>

template <class T> struct Vec2 {
  T x, y;
};

// Sum, sum of squares and count, as one tuple.
template <class T> std::tuple<T, T, int> moments(const std::vector<T> &x) {
  T s = 0, q = 0;
  for (const T &v : x) {
    s += v;
    q += v * v;
  }
  return std::make_tuple(s, q, static_cast<int>(x.size()));
}
// CHECK-LABEL: {{^}}static void moments_pullback(const std::vector<double> &x, const std::tuple<double, double, int> &_d_return, double *d_x) {
// CHECK:       {{^}}  _d_s += std::get<0>(_d_return);
// CHECK-NEXT:  {{^}}  _d_q += std::get<1>(_d_return);

template <class T> T weigh(const std::tuple<T, T> &ab, T z) {
  using std::sin;
  return std::get<0>(ab) * z + sin(std::get<1>(ab));
}

#define SPREAD(T)                                                              \
  std::tuple<T, T, int> m = moments(x);                                        \
  std::tuple<T, T> ab{std::get<0>(m) * c, std::get<1>(m)};                     \
  std::get<1>(ab) += c * c;                                                    \
  std::get<0>(ab) = std::get<0>(ab) * std::get<0>(ab);                         \
  std::vector<std::tuple<T, T>> hist;                                          \
  for (int i = 0; i < 3; ++i)                                                  \
    hist.push_back(std::make_tuple(c * T(i), std::get<1>(m) / T(i + 1)));      \
  T acc = 0;                                                                   \
  for (const auto &h : hist)                                                   \
    acc += std::get<0>(h) * std::get<1>(h);                                    \
  std::pair<T, T> pr(c, acc);                                                  \
  std::tuple t(c, T(2));                                                       \
  return weigh(ab, c) + acc / T(std::get<2>(m)) + std::get<1>(pr) * std::get<0>(pr) + \
         std::get<0>(t) * std::get<1>(t);

[[ad::differentiate]]
double spread(const std::vector<double> &x, double c) {
  SPREAD(double)
}
// CHECK-LABEL: {{^}}double spread_grad(const std::vector<double> &x, double c, double *d_x, double *d_c) {
// CHECK:       {{^}}  std::tuple<double, double, int> m{};
// CHECK:       {{^}}  m = moments(x);
// CHECK:       {{^}}  std::get<0>(_d_ab) = 0;
// CHECK:       {{^}}  moments_pullback(x, _d_m, d_x);

template <class T> T spread_t(const std::vector<T> &x, T c) {
  SPREAD(T)
}

// A tuple with a struct and a vector inside, named active.
#define MIXED(T)                                                               \
  const Vec2<T> &v = std::get<0>(p);                                           \
  const std::vector<T> &w = std::get<1>(p);                                    \
  T s = v.x * v.y;                                                             \
  for (std::size_t i = 0; i < w.size(); ++i)                                   \
    s += w[i] * std::get<2>(p) * T(i + 1);                                     \
  return s * s;

[[ad::differentiate("p")]]
double mixed(const std::tuple<Vec2<double>, std::vector<double>, double> &p) {
  MIXED(double)
}
// CHECK-LABEL: {{^}}double mixed_grad(const std::tuple<Vec2<double>, std::vector<double>, double> &p, std::tuple<Vec2<double>, std::vector<double>, double> *d_p) {

template <class T> T mixed_t(const std::tuple<Vec2<T>, std::vector<T>, T> &p) {
  MIXED(T)
}

int main() {
  using fz::dual;
  std::vector<double> x{0.3, -0.5, 0.9}, dx(3);
  double c = 0.7, dc = 0;
  double v = spread_grad(x, c, dx.data(), &dc);
  ad_test::check("spread value bit for bit", v == spread(x, c), 1, 0);
  std::vector<dual> xd(x.begin(), x.end());
  ad_test::check("spread d_c vs forward mode", dc, spread_t(xd, dual(c, 1)).d, 1e-12);
  ad_test::check("spread d_c vs central differences", dc,
                 ad_test::central_difference([&](double t) { return spread(x, t); }, c), 1e-6);
  for (int k = 0; k < 3; ++k) {
    std::vector<dual> xk(x.begin(), x.end());
    xk[k].d = 1;
    ad_test::check("spread d_x vs forward mode", dx[k], spread_t(xk, dual(c)).d, 1e-12);
    ad_test::check("spread d_x vs central differences", dx[k],
                   ad_test::central_difference([&](double t) {
                     std::vector<double> xt = x;
                     xt[k] = t;
                     return spread(xt, c);
                   }, x[k]),
                   1e-6);
  }

  auto p = std::make_tuple(Vec2<double>{0.4, -1.1}, std::vector<double>{0.2, 0.5}, 1.3);
  auto dp = ad::zeros_like(p);
  v = mixed_grad(p, &dp);
  ad_test::check("mixed value bit for bit", v == mixed(p), 1, 0);
  // The parts of p, one by one, as the direction of forward mode.
  double *grads[] = {&std::get<0>(dp).x, &std::get<0>(dp).y, &std::get<1>(dp)[0],
                     &std::get<1>(dp)[1], &std::get<2>(dp)};
  for (int k = 0; k < 5; ++k) {
    auto pd = std::make_tuple(Vec2<dual>{std::get<0>(p).x, std::get<0>(p).y},
                              std::vector<dual>{std::get<1>(p)[0], std::get<1>(p)[1]},
                              dual(std::get<2>(p)));
    dual *parts[] = {&std::get<0>(pd).x, &std::get<0>(pd).y, &std::get<1>(pd)[0],
                     &std::get<1>(pd)[1], &std::get<2>(pd)};
    parts[k]->d = 1;
    ad_test::check("mixed d_p vs forward mode", *grads[k], mixed_t(pd).d, 1e-12);
    auto at = [&](double t) {
      auto q = p;
      double *qs[] = {&std::get<0>(q).x, &std::get<0>(q).y, &std::get<1>(q)[0],
                      &std::get<1>(q)[1], &std::get<2>(q)};
      *qs[k] = t;
      return mixed(q);
    };
    ad_test::check("mixed d_p vs central differences", *grads[k],
                   ad_test::central_difference(at, *grads[k] * 0 + *[&] {
                     double *ps[] = {&std::get<0>(p).x, &std::get<0>(p).y, &std::get<1>(p)[0],
                                     &std::get<1>(p)[1], &std::get<2>(p)};
                     return ps[k];
                   }()),
                   1e-6);
  }
  return ad_test::report();
}
