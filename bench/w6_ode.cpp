// W6 (gradbench `ode`, from cmpad's an_ode), n = 100, s = 1000: the
// gradient of the last element of y(tf) with respect to x. The integrator is
// written as gradbench writes it (std::vector work arrays, a helper writing
// the right-hand side through pointers) and differentiated by ad as it
// stands: `ode` returns y(tf) through yf, so ode_grad with the seed
// d_yf = e(n-1) is the gradient of the last element (a vector-Jacobian
// product). Compiled with the plugin.
#include "w6_ode.hpp"

#include "runners.hpp"
#include "table.hpp"

#include <algorithm>
#include <cstddef>
#include <random>
#include <vector>

namespace w6 {

// z = f(x, y): z0 = x0, zi = xi y(i-1).
static void ode_fun(std::size_t n, const double *x, const double *y, double *z) {
  z[0] = x[0];
  for (std::size_t i = 1; i < n; ++i)
    z[i] = x[i] * y[i - 1];
}

// Runge-Kutta 4 with s steps on [0, 2] from y(0) = 0; y(tf) into yf[n].
[[ad::differentiate("x", "yf")]]
void ode(std::size_t n, const double *x, std::size_t s, double *yf) {
  double tf = 2.0;
  double h = tf / double(s);
  std::vector<double> k1(n), k2(n), k3(n), k4(n), y_tmp(n);
  std::fill(yf, yf + n, 0.0);
  for (std::size_t step = 0; step < s; ++step) {
    ode_fun(n, x, yf, k1.data());
    for (std::size_t i = 0; i < n; ++i)
      y_tmp[i] = yf[i] + h * k1[i] / 2.0;
    ode_fun(n, x, y_tmp.data(), k2.data());
    for (std::size_t i = 0; i < n; ++i)
      y_tmp[i] = yf[i] + h * k2[i] / 2.0;
    ode_fun(n, x, y_tmp.data(), k3.data());
    for (std::size_t i = 0; i < n; ++i)
      y_tmp[i] = yf[i] + h * k3[i];
    ode_fun(n, x, y_tmp.data(), k4.data());
    for (std::size_t i = 0; i < n; ++i)
      yf[i] += h * (k1[i] + 2.0 * k2[i] + 2.0 * k3[i] + k4[i]) / 6.0;
  }
}

// The workload's function: the last element of y(tf).
static double ode_last(const double *x, int n, int s) {
  std::vector<double> yf(n);
  ode(n, x, s, yf.data());
  return yf[n - 1];
}

// ad: the whole y(tf) comes back through yf; seeding only its last element
// makes d_x gain the gradient of y(tf)[n-1].
static double ode_ad(const double *x, int n, int s, double *dx) {
  std::vector<double> yf(n), d_yf(n, 0.0);
  d_yf[n - 1] = 1.0;
  ode_grad(n, x, s, yf.data(), dx, d_yf.data());
  return yf[n - 1];
}

// The adjoint of z = f(x, u): x gains zb's share, ub is overwritten.
static void ode_fun_adjoint(int n, const double *x, const double *u, const double *zb,
                            double *xb, double *ub) {
  xb[0] += zb[0];
  for (int i = 1; i < n; ++i) {
    xb[i] += zb[i] * u[i - 1];
    ub[i - 1] = zb[i] * x[i];
  }
  ub[n - 1] = 0.0;
}

// A straightforward hand-written adjoint: the forward sweep stores y at the
// start of every step (s n doubles); the reverse sweep recomputes that
// step's stages from it and runs the stages backwards.
static double ode_hand(const double *x, int n, int s, double *dx) {
  const double h = 2.0 / double(s);
  std::vector<double> ys(std::size_t(s) * n), y(n, 0.0);
  std::vector<double> k1(n), k2(n), k3(n), k4(n), u2(n), u3(n), u4(n);
  for (int step = 0; step < s; ++step) {
    std::copy(y.begin(), y.end(), ys.begin() + std::size_t(step) * n);
    ode_fun(n, x, y.data(), k1.data());
    for (int i = 0; i < n; ++i)
      u2[i] = y[i] + h * k1[i] / 2.0;
    ode_fun(n, x, u2.data(), k2.data());
    for (int i = 0; i < n; ++i)
      u3[i] = y[i] + h * k2[i] / 2.0;
    ode_fun(n, x, u3.data(), k3.data());
    for (int i = 0; i < n; ++i)
      u4[i] = y[i] + h * k3[i];
    ode_fun(n, x, u4.data(), k4.data());
    for (int i = 0; i < n; ++i)
      y[i] += h * (k1[i] + 2.0 * k2[i] + 2.0 * k3[i] + k4[i]) / 6.0;
  }
  const double value = y[n - 1];

  std::vector<double> yb(n, 0.0), k1b(n), k2b(n), k3b(n), k4b(n), ub(n);
  yb[n - 1] = 1.0;
  for (int step = s - 1; step >= 0; --step) {
    const double *y0 = &ys[std::size_t(step) * n];
    // The stage inputs u2, u3, u4 of this step, recomputed.
    ode_fun(n, x, y0, k1.data());
    for (int i = 0; i < n; ++i)
      u2[i] = y0[i] + h * k1[i] / 2.0;
    ode_fun(n, x, u2.data(), k2.data());
    for (int i = 0; i < n; ++i)
      u3[i] = y0[i] + h * k2[i] / 2.0;
    ode_fun(n, x, u3.data(), k3.data());
    for (int i = 0; i < n; ++i)
      u4[i] = y0[i] + h * k3[i];
    // y1 = y0 + h (k1 + 2 k2 + 2 k3 + k4) / 6: y0 keeps yb, the stages get
    // their weights.
    for (int i = 0; i < n; ++i) {
      k1b[i] = yb[i] * h / 6.0;
      k2b[i] = yb[i] * h * 2.0 / 6.0;
      k3b[i] = yb[i] * h * 2.0 / 6.0;
      k4b[i] = yb[i] * h / 6.0;
    }
    ode_fun_adjoint(n, x, u4.data(), k4b.data(), dx, ub.data()); // k4 = f(y0 + h k3)
    for (int i = 0; i < n; ++i) {
      yb[i] += ub[i];
      k3b[i] += h * ub[i];
    }
    ode_fun_adjoint(n, x, u3.data(), k3b.data(), dx, ub.data()); // k3 = f(y0 + h k2 / 2)
    for (int i = 0; i < n; ++i) {
      yb[i] += ub[i];
      k2b[i] += h / 2.0 * ub[i];
    }
    ode_fun_adjoint(n, x, u2.data(), k2b.data(), dx, ub.data()); // k2 = f(y0 + h k1 / 2)
    for (int i = 0; i < n; ++i) {
      yb[i] += ub[i];
      k1b[i] += h / 2.0 * ub[i];
    }
    ode_fun_adjoint(n, x, y0, k1b.data(), dx, ub.data()); // k1 = f(y0)
    for (int i = 0; i < n; ++i)
      yb[i] += ub[i];
  }
  return value;
}

} // namespace w6

void bench::run_w6_ode(bool tiny, int samples, double min_seconds) {
  const int n = tiny ? 10 : 100, s = tiny ? 20 : 1000;
  std::mt19937_64 rng(42);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  std::vector<double> x(n);
  for (double &v : x)
    v = uniform(rng);
  bench::run_vector(
      "W6", x, [n, s](const double *p) { return w6::ode_last(p, n, s); },
      {[n, s](const double *p, double *d) { return w6::ode_ad(p, n, s, d); },
       [n, s](const double *p, double *d) { return w6::ode_hand(p, n, s, d); },
       [n, s](const double *p, double *d) { return w6::ode_adolc(p, n, s, d); },
       [n, s](const double *p, double *d) { return w6::ode_sacado(p, n, s, d); }},
      samples, min_seconds);
}
