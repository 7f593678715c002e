// Class-type parameters named in the attribute (contract §1, §2; issue 11):
// `[[ad::differentiate("layer", "x")]]` on f(const Layer &layer, ...) gives
// `Layer *d_layer`, an object of the same shape holding the adjoints
// (ad::zeros_like(layer) makes one); a std::complex parameter gives
// `std::complex<double> *d_z` (dL/dRe + i dL/dIm). Unnamed, they are not
// active. Checked against hand-derived gradients and central differences.
// RUN: %adxx -O1 -Werror %s -o %t -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: FileCheck %s --input-file=%t.gen/named_class_params.ad.cpp

#include "ad_test.hpp"
#include <cmath>
#include <complex>
#include <vector>

struct Layer {
  std::vector<double> W;
  double b;
};

// (b + sum_i W_i tanh(x_i))^2
[[ad::differentiate("layer", "x")]]
double f(const Layer &layer, const double *x, int n) {
  double s = layer.b;
  for (int i = 0; i < n; ++i)
    s += layer.W[i] * std::tanh(x[i]);
  return s * s;
}
// CHECK-LABEL: {{^}}double f_grad(const Layer &layer, const double *x, int n, Layer *d_layer, double *d_x) {

// |k z|: d/dz = k^2 z / |k z| (for real k), as dL/dRe + i dL/dIm.
[[ad::differentiate("z")]]
double g(std::complex<double> z, double k) { return std::abs(z * k); }
// CHECK-LABEL: {{^}}double g_grad(std::complex<double> z, double k, std::complex<double> *d_z) {

int main() {
  Layer L{{0.5, -1.0, 2.0}, 0.3};
  double x[3] = {0.1, -0.4, 0.7}, dx[3] = {};
  Layer dL = ad::zeros_like(L);
  double v = f_grad(L, x, 3, &dL, dx);
  ad_test::check("f value bit for bit", v == f(L, x, 3), 1, 0);
  double s = L.b;
  for (int i = 0; i < 3; ++i)
    s += L.W[i] * std::tanh(x[i]);
  ad_test::check("d_layer.b vs hand-derived", dL.b, 2 * s, 1e-13);
  for (int i = 0; i < 3; ++i) {
    ad_test::check("d_layer.W vs hand-derived", dL.W[i], 2 * s * std::tanh(x[i]), 1e-13);
    ad_test::check("d_x vs hand-derived", dx[i],
                   2 * s * L.W[i] / (std::cosh(x[i]) * std::cosh(x[i])), 1e-13);
    ad_test::check("d_layer.W vs central differences", dL.W[i],
                   ad_test::central_difference(
                       [&](double t) {
                         Layer M = L;
                         M.W[i] = t;
                         return f(M, x, 3);
                       },
                       L.W[i]),
                   1e-6);
  }
  std::complex<double> z(0.6, -0.3), dz = 0;
  double k = 1.7;
  g_grad(z, k, &dz);
  std::complex<double> want = k * k * z / std::abs(k * z);
  ad_test::check("d_z real part vs hand-derived", dz.real(), want.real(), 1e-13);
  ad_test::check("d_z imaginary part vs hand-derived", dz.imag(), want.imag(), 1e-13);
  ad_test::check("d_z real part vs central differences", dz.real(),
                 ad_test::central_difference(
                     [&](double t) { return g(std::complex<double>(t, z.imag()), k); }, z.real()),
                 1e-6);
  ad_test::check("d_z imaginary part vs central differences", dz.imag(),
                 ad_test::central_difference(
                     [&](double t) { return g(std::complex<double>(z.real(), t), k); }, z.imag()),
                 1e-6);
  return ad_test::report();
}
