// std::array<double, N> parameters by value, & and const& (contract §2, §3):
// a[i], a.at(i), a.data()[i], a.size() and range-for. d_a[k] gets d f / d a[k];
// checked against hand formulas, central differences and f's value.
// RUN: %adxx -O2 %s -o %t -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: FileCheck %s --input-file=%t.gen/params_std_array.ad.cpp

#include "ad_test.hpp"
#include <array>
#include <cmath>

typedef std::array<double, 3> A3;
typedef std::array<double, 4> A4;

// f = Q P + a0 b3 + a2 / 4, Q = sum a_i^2, P = prod_j (1 + b_j / 10)
[[ad::differentiate]]
double af(std::array<double, 3> a, const std::array<double, 4> &b) {
  double s = 0;
  for (double x : a)
    s += x * x;
  for (const auto &y : b)
    s *= 1 + y * 0.1;
  return s + a[0] * b.at(3) + a.data()[2] / b.size();
}
// CHECK-LABEL: {{^}}double af_grad(std::array<double, 3> a, const std::array<double, 4> &b, double *d_a, double *d_b) {
// CHECK:         {{^ +}}d_a[0] += b.at(3);
// CHECK:         {{^ +}}d_b[3] += a[0];
// CHECK:         {{^ +}}(*_d_y) += s * _r0 * 0.1;
// CHECK:         {{^ +}}d_a[{{.*}}] += _d_x;

// Population variance: the mean divides by a.size().
[[ad::differentiate]]
double variance(const std::array<double, 4> &v) {
  double m = 0;
  for (double x : v)
    m += x;
  m /= v.size();
  double acc = 0;
  for (std::size_t i = 0; i < v.size(); ++i)
    acc += (v[i] - m) * (v[i] - m);
  return acc / v.size();
}
// CHECK-LABEL: {{^}}double variance_grad(const std::array<double, 4> &v, double *d_v) {
// CHECK:         {{^ +}}d_v[i] +=

// Non-const reference, only read.
[[ad::differentiate]]
double cross(std::array<double, 3> &u, const A3 &w) {
  return u[0] * w[1] - u[1] * w[0];
}
// CHECK-LABEL: {{^}}double cross_grad(std::array<double, 3> &u, const A3 &w, double *d_u, double *d_w) {
// CHECK-NOT:     d_u[2]
// CHECK:         {{^ +}}return _ret;

// Central difference of g along element k of x.
template <typename G, typename Arr>
double fd(G g, const Arr &x, std::size_t k) {
  auto along = [&](double t) {
    Arr y = x;
    y[k] = t;
    return g(y);
  };
  return ad_test::central_difference(along, x[k]);
}

int main() {
  for (int k = 0; k < 6; ++k) {
    A3 a = {0.5 + 0.2 * k, -1.3, 0.9 - 0.1 * k};
    A4 b = {1.2, -0.4 + 0.3 * k, 2.5, -1.0 + 0.05 * k};

    double da[3] = {0, 0, 0}, db[4] = {0, 0, 0, 0};
    double value = af_grad(a, b, da, db);
    ad_test::check("af value bit for bit", value == af(a, b), 1, 0);
    double Q = a[0] * a[0] + a[1] * a[1] + a[2] * a[2], P = 1;
    for (double y : b) P *= 1 + y * 0.1;
    for (int i = 0; i < 3; ++i) {
      double want = 2 * a[i] * P + (i == 0 ? b[3] : 0) + (i == 2 ? 0.25 : 0);
      ad_test::check("af d_a vs formula", da[i], want, 1e-12);
      ad_test::check("af d_a vs central differences", da[i],
                     fd([&](const A3 &y) { return af(y, b); }, a, i), 1e-6);
    }
    for (int j = 0; j < 4; ++j) {
      double others = 1;
      for (int l = 0; l < 4; ++l)
        if (l != j) others *= 1 + b[l] * 0.1;
      double want = Q * 0.1 * others + (j == 3 ? a[0] : 0);
      ad_test::check("af d_b vs formula", db[j], want, 1e-12);
      ad_test::check("af d_b vs central differences", db[j],
                     fd([&](const A4 &y) { return af(a, y); }, b, j), 1e-6);
    }

    double dv[4] = {0, 0, 0, 0};
    value = variance_grad(b, dv);
    ad_test::check("variance value bit for bit", value == variance(b), 1, 0);
    double m = (b[0] + b[1] + b[2] + b[3]) / 4;
    for (int j = 0; j < 4; ++j) {
      ad_test::check("variance d_v vs formula", dv[j], 2 * (b[j] - m) / 4, 1e-12);
      ad_test::check("variance d_v vs central differences", dv[j],
                     fd([](const A4 &y) { return variance(y); }, b, j), 1e-6);
    }

    A3 w = {0.3 * k, 1.5, -0.8};
    double du[3] = {0, 0, 0}, dw[3] = {0, 0, 0};
    value = cross_grad(a, w, du, dw);
    ad_test::check("cross value bit for bit", value == cross(a, w), 1, 0);
    ad_test::check("cross d_u[0]", du[0], w[1], 1e-12);
    ad_test::check("cross d_u[1]", du[1], -w[0], 1e-12);
    ad_test::check("cross d_w[0]", dw[0], -a[1], 1e-12);
    ad_test::check("cross d_w[1]", dw[1], a[0], 1e-12);
    ad_test::check("cross: unread elements get 0", du[2] == 0 && dw[2] == 0, 1, 0);
    for (int i = 0; i < 3; ++i)
      ad_test::check("cross d_u vs central differences", du[i],
                     fd([&](A3 y) { return cross(y, w); }, a, i), 1e-6);
  }
  return ad_test::report();
}
