// W6 (gradbench `ode`, from cmpad's an_ode): Runge-Kutta 4 with s steps on
// t in [0, 2] of y0' = x0, yi' = xi y(i-1), y(0) = 0; the derivative is the
// gradient of the last element of y(tf) with respect to x[n].
//
// ode_model is the same integrator templated on the scalar type, for the
// operator-overloading libraries (w6_ode_adolc.cpp, w6_ode_sacado.cpp);
// the plain double version that ad differentiates is in w6_ode.cpp.
#pragma once

#include <algorithm>
#include <cstddef>
#include <vector>

namespace w6 {

// The right-hand side: z = f(x, y).
template <class T>
void ode_rhs(std::size_t n, const T *x, const T *y, T *z) {
  z[0] = x[0];
  for (std::size_t i = 1; i < n; ++i)
    z[i] = x[i] * y[i - 1];
}

// y(tf) into yf[n].
template <class T>
void ode_model(std::size_t n, const T *x, std::size_t s, T *yf) {
  T tf = T(2.0);
  T h = tf / T(double(s));
  std::vector<T> k1(n), k2(n), k3(n), k4(n), y_tmp(n);
  std::fill(yf, yf + n, T(0.0));
  for (std::size_t step = 0; step < s; ++step) {
    ode_rhs(n, x, yf, k1.data());
    for (std::size_t i = 0; i < n; ++i)
      y_tmp[i] = yf[i] + h * k1[i] / T(2.0);
    ode_rhs(n, x, y_tmp.data(), k2.data());
    for (std::size_t i = 0; i < n; ++i)
      y_tmp[i] = yf[i] + h * k2[i] / T(2.0);
    ode_rhs(n, x, y_tmp.data(), k3.data());
    for (std::size_t i = 0; i < n; ++i)
      y_tmp[i] = yf[i] + h * k3[i];
    ode_rhs(n, x, y_tmp.data(), k4.data());
    for (std::size_t i = 0; i < n; ++i)
      yf[i] += h * (k1[i] + T(2.0) * k2[i] + T(2.0) * k3[i] + k4[i]) / T(6.0);
  }
}

// Value (the last element of y(tf)) and gradient added into dx, like f_grad.
double ode_adolc(const double *x, int n, int s, double *dx);
double ode_sacado(const double *x, int n, int s, double *dx);

} // namespace w6
