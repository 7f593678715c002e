// std::vector<double> parameters by value and const& (contract §2, §3):
// v[i], v.at(i), v.size(), v.data()[i] and range-for. d_v[k] gets
// d f / d v[k]; checked against hand formulas, central differences, f's value.
// RUN: %adxx -O2 %s -o %t -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: FileCheck %s --input-file=%t.gen/params_vector.ad.cpp

#include "ad_test.hpp"
#include <cmath>
#include <vector>

// f = sum_i v_i w_i + v_0 sum_j sin(w_j) + v_1 w_2
[[ad::differentiate]]
double vf(std::vector<double> v, const std::vector<double> &w) {
  double s = 0;
  for (std::size_t i = 0; i < v.size(); ++i)
    s += v[i] * w.at(i);
  for (double x : w)
    s += std::sin(x) * v.data()[0];
  return s + v.at(1) * w.data()[2];
}
// CHECK-LABEL: {{^}}double vf_grad(std::vector<double> v, const std::vector<double> &w, double *d_v, double *d_w) {
// CHECK:         {{^ +}}d_v[1] += w.data()[2];
// CHECK:         {{^ +}}d_w[2] += v.at(1);
// CHECK:         {{^ +}}d_w[{{.*}}] += _d_x;
// CHECK:         {{^ +}}d_v[i] += _d_s * w.at(i);
// CHECK:         {{^ +}}d_w[i] += v[i] * _d_s;

// f = prod_k w_k + sum_k w_k^2, two range-fors (const double& and auto).
[[ad::differentiate]]
double rf(const std::vector<double> &w) {
  double s = 1;
  for (const double &x : w)
    s *= x;
  for (auto x : w)
    s += x * x;
  return s;
}
// CHECK-LABEL: {{^}}double rf_grad(const std::vector<double> &w, double *d_w) {

// Reads only the first and last elements.
[[ad::differentiate]]
double ends(const std::vector<double> &v) {
  return v[0] * v[v.size() - 1] + std::exp(v.at(v.size() - 1));
}
// CHECK-LABEL: {{^}}double ends_grad(const std::vector<double> &v, double *d_v) {
// CHECK:         {{^ +}}d_v[0] +=

// Mean square: v.size() in the arithmetic.
[[ad::differentiate]]
double mean_sq(const std::vector<double> &v) {
  double s = 0;
  for (double x : v)
    s += x * x;
  return s / v.size();
}
// CHECK-LABEL: {{^}}double mean_sq_grad(const std::vector<double> &v, double *d_v) {
// CHECK:         {{^ +}}return _ret;

typedef std::vector<double> Vec;

// Central difference of g along element k of x.
template <typename G>
double fd(G g, const Vec &x, std::size_t k) {
  auto along = [&](double t) {
    Vec y = x;
    y[k] = t;
    return g(y);
  };
  return ad_test::central_difference(along, x[k]);
}

int main() {
  for (int k = 0; k < 6; ++k) {
    Vec v = {0.5 + 0.1 * k, -1.2, 0.8, 2.0 - 0.3 * k, -0.4};
    Vec w = {1.1, 0.2 * k - 0.6, -0.9, 1.7, 0.35 + 0.05 * k};
    const std::size_t n = v.size();

    Vec dv(n, 0.0), dw(n, 0.0);
    double value = vf_grad(v, w, dv.data(), dw.data());
    ad_test::check("vf value bit for bit", value == vf(v, w), 1, 0);
    double sins = 0;
    for (double x : w) sins += std::sin(x);
    for (std::size_t i = 0; i < n; ++i) {
      double wv = w[i] + (i == 0 ? sins : 0) + (i == 1 ? w[2] : 0);
      double ww = v[i] + v[0] * std::cos(w[i]) + (i == 2 ? v[1] : 0);
      ad_test::check("vf d_v vs formula", dv[i], wv, 1e-12);
      ad_test::check("vf d_w vs formula", dw[i], ww, 1e-12);
      ad_test::check("vf d_v vs central differences", dv[i],
                     fd([&](const Vec &y) { return vf(y, w); }, v, i), 1e-6);
      ad_test::check("vf d_w vs central differences", dw[i],
                     fd([&](const Vec &y) { return vf(v, y); }, w, i), 1e-6);
    }

    Vec dr(n, 0.0);
    value = rf_grad(w, dr.data());
    ad_test::check("rf value bit for bit", value == rf(w), 1, 0);
    for (std::size_t i = 0; i < n; ++i) {
      double others = 1;
      for (std::size_t j = 0; j < n; ++j)
        if (j != i) others *= w[j];
      ad_test::check("rf d_w vs formula", dr[i], others + 2 * w[i], 1e-12);
      ad_test::check("rf d_w vs central differences", dr[i],
                     fd([](const Vec &y) { return rf(y); }, w, i), 1e-6);
    }

    Vec de(n, 0.0);
    value = ends_grad(v, de.data());
    ad_test::check("ends value bit for bit", value == ends(v), 1, 0);
    ad_test::check("ends d_v[0]", de[0], v[n - 1], 1e-12);
    ad_test::check("ends d_v[n-1]", de[n - 1], v[0] + std::exp(v[n - 1]), 1e-12);
    for (std::size_t i = 1; i + 1 < n; ++i)
      ad_test::check("ends: unread elements get 0", de[i] == 0, 1, 0);
    for (std::size_t i = 0; i < n; ++i)
      ad_test::check("ends vs central differences", de[i],
                     fd([](const Vec &y) { return ends(y); }, v, i), 1e-6);

    Vec dm(n, 0.0);
    value = mean_sq_grad(v, dm.data());
    ad_test::check("mean_sq value bit for bit", value == mean_sq(v), 1, 0);
    for (std::size_t i = 0; i < n; ++i) {
      ad_test::check("mean_sq d_v vs formula", dm[i], 2 * v[i] / n, 1e-12);
      ad_test::check("mean_sq vs central differences", dm[i],
                     fd([](const Vec &y) { return mean_sq(y); }, v, i), 1e-6);
    }
  }
  // w longer than v: its tail is read by the range-for only.
  Vec v = {1, 2}, w = {0.5, -0.5, 0.25, 3.0}, dv(2, 0.0), dw(4, 0.0);
  vf_grad(v, w, dv.data(), dw.data());
  ad_test::check("vf d_w[3] (only range-for reads it)", dw[3], v[0] * std::cos(w[3]), 1e-12);
  return ad_test::report();
}
