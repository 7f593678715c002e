// A filter's gain with std::complex arithmetic (contract §3): H(s) = 1 /
// (s^2 + a s + b) at s = iω, built from a std::complex<T> local, complex
// times complex, real times complex, complex plus real and real over
// complex; then |H(iω)| with std::abs, the power H conj(H) with std::conj
// and .real(), and std::norm of the denominator. Differentiated w.r.t. the
// coefficients a, b and the frequency ω.
// Checked against forward mode (fz::dual on a templated copy, std::complex
// of duals), central differences and f's value.
// RUN: %adxx -O1 -Werror -I%ad_src/test/fuzz %s -o %t -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: FileCheck %s --input-file=%t.gen/complex_gain.ad.cpp

#include "ad_test.hpp"
#include "dual.hpp"
#include <cmath>
#include <complex>

namespace fz {
// std::abs of a std::complex<fz::dual> calls abs on the parts.
inline dual abs(const dual &a) { return fabs(a); }
} // namespace fz

#define BODY(T)                                                                \
  std::complex<T> s(T(0), w);                                                  \
  std::complex<T> den = s * s + a * s + b;                                     \
  std::complex<T> H = T(1) / den;                                              \
  T g = std::abs(H);                                                           \
  T p = (H * std::conj(H)).real();                                             \
  return g + T(0.5) * p + T(0.01) * std::norm(den);

[[ad::differentiate]]
double gain(double a, double b, double w) {
  BODY(double)
}
// CHECK-LABEL: {{^}}double gain_grad(double a, double b, double w, double *d_a, double *d_b, double *d_w) {
// A complex value's adjoint is complex: |H| sends w̄ H / |H| to H, a
// product sends w̄ conj(other factor), a real factor takes the real part.
// CHECK:       {{^}}  std::complex<double> _d_den{};
// CHECK:       {{^}}  _d_H += _d_g * H / std::abs(H);
// CHECK:       {{^}}  _d_s += _d_den * std::conj(s);
// CHECK:       {{^}}  _d_a += std::real(_d_den * std::conj(s));
// CHECK:       {{^}}  _d_w += std::imag(_d_s);

// Compound assignments (z *= w, z += a with a real), a helper taking and
// returning std::complex, std::exp, std::sqrt, std::arg, .imag() in a loop.
std::complex<double> rotate(std::complex<double> z, double t) {
  return z * std::exp(std::complex<double>(0, t));
}
[[ad::differentiate]]
double spiral(double a, double t) {
  std::complex<double> z(a, 0.5);
  for (int k = 0; k < 3; ++k) {
    z *= std::complex<double>(0.9, 0.1 * t);
    z += a;
    z = rotate(z, t) / (1.0 + std::norm(z));
  }
  return std::arg(z) + z.imag() + std::real(std::sqrt(z));
}
// CHECK-LABEL: {{^}}static void rotate_pullback(std::complex<double> z, double t, const std::complex<double> &_d_return, std::complex<double> *d_z, double *d_t) {

template <class T> T gain_t(T a, T b, T w) {
  BODY(T)
}

int main() {
  const double pts[][3] = {{0.3, 1.0, 0.7}, {1.4, 2.0, 1.1}, {0.05, 1.0, 0.95}, {2.5, 0.4, 3.0}};
  for (const auto &p : pts) {
    double a = p[0], b = p[1], w = p[2], da = 0, db = 0, dw = 0;
    double v = gain_grad(a, b, w, &da, &db, &dw);
    ad_test::check("gain value bit for bit", v == gain(a, b, w), 1, 0);
    ad_test::check("gain d_a vs forward mode", da,
                   gain_t(fz::dual(a, 1), fz::dual(b), fz::dual(w)).d, 1e-12);
    ad_test::check("gain d_b vs forward mode", db,
                   gain_t(fz::dual(a), fz::dual(b, 1), fz::dual(w)).d, 1e-12);
    ad_test::check("gain d_w vs forward mode", dw,
                   gain_t(fz::dual(a), fz::dual(b), fz::dual(w, 1)).d, 1e-12);
    ad_test::check("gain d_a vs central differences", da,
                   ad_test::central_difference([&](double t) { return gain(t, b, w); }, a), 1e-6);
    ad_test::check("gain d_b vs central differences", db,
                   ad_test::central_difference([&](double t) { return gain(a, t, w); }, b), 1e-6);
    ad_test::check("gain d_w vs central differences", dw,
                   ad_test::central_difference([&](double t) { return gain(a, b, t); }, w), 1e-6);
  }
  for (double t : {0.3, -0.8, 1.1}) {
    double a = 0.7, da = 0, dt = 0;
    double v = spiral_grad(a, t, &da, &dt);
    ad_test::check("spiral value bit for bit", v == spiral(a, t), 1, 0);
    ad_test::check("spiral d_a vs central differences", da,
                   ad_test::central_difference([&](double u) { return spiral(u, t); }, a), 1e-6);
    ad_test::check("spiral d_t vs central differences", dt,
                   ad_test::central_difference([&](double u) { return spiral(a, u); }, t), 1e-6);
  }
  return ad_test::report();
}
