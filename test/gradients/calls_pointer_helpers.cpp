// Helpers that take const double* and write outputs through double*
// (contract §3): rhs(t, y, p, dydt) fills a local array of the caller in an
// RK2 (Heun) loop and in an explicit Euler loop; a symplectic Euler step
// updates two arrays in place. Checked against forward mode
// (dual numbers, by hand), central differences and f's value.
// RUN: %adxx -fplugin-arg-ad-split=never -O2 %s -o %t -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// Every helper call split (SplitCalls.cpp) gives the same results:
// RUN: %adxx -fplugin-arg-ad-split=always -O2 %s -o %t.split
// RUN: %t.split
// RUN: FileCheck %s --input-file=%t.gen/calls_pointer_helpers.ad.cpp

#include "ad_test.hpp"
#include <cmath>

// Driven damped oscillator y'' = -p0 y - p1 y' + sin t.
void rhs(double t, const double *y, const double *p, double *dydt) {
  dydt[0] = y[1];
  dydt[1] = -p[0] * y[0] - p[1] * y[1] + std::sin(t);
}
double energy(const double *y, const double *p) {
  return 0.5 * (p[0] * y[0] * y[0] + y[1] * y[1]);
}

[[ad::differentiate]]
double heun(const double *y0, const double *p, int steps) {
  double y[2] = {y0[0], y0[1]}, k1[2], k2[2], tmp[2];
  double h = 0.01, t = 0;
  for (int s = 0; s < steps; ++s) {
    rhs(t, y, p, k1);
    for (int j = 0; j < 2; ++j)
      tmp[j] = y[j] + h * k1[j];
    rhs(t + h, tmp, p, k2);
    for (int j = 0; j < 2; ++j)
      y[j] += 0.5 * h * (k1[j] + k2[j]);
    t += h;
  }
  return energy(y, p);
}
// CHECK:       {{^}}static void rhs_pullback(double t, const double *y, const double *p, double *dydt, double *d_y, double *d_p, double *d_dydt, ::ad::RedoLog *_redo) {
// CHECK:       {{^}}static void energy_pullback(const double *y, const double *p, double _d_return, double *d_y, double *d_p) {
// CHECK-LABEL: {{^}}double heun_grad(const double *y0, const double *p, int steps, double *d_y0, double *d_p) {
// CHECK:         {{^ +}}rhs(t, y, p, k1);
// CHECK:         {{^ +}}energy_pullback(y, p, 1, _d_y, d_p);
// CHECK:         {{^ +}}rhs_pullback(t + h, tmp, p, k2, _d_tmp, d_p, _d_k2);
// CHECK:         {{^ +}}rhs_pullback(t, y, p, k1, _d_y, d_p, _d_k1);
// CHECK-DAG:     {{^ +}}d_y0[0] += _d_y[0];
// CHECK-DAG:     {{^ +}}d_y0[1] += _d_y[1];

// A linear decay chain with rate k, written element by element in a loop.
void decay(double k, const double *y, double *dydt, int n) {
  dydt[0] = -k * y[0];
  for (int i = 1; i < n; ++i)
    dydt[i] = k * y[i - 1] - (k + 0.1 * i) * y[i];
}

[[ad::differentiate]]
double euler(double k, const double *y0) {
  double y[3] = {y0[0], y0[1], y0[2]}, d[3];
  for (int s = 0; s < 100; ++s) {
    decay(k, y, d, 3);
    for (int i = 0; i < 3; ++i)
      y[i] += 0.01 * d[i];
  }
  return y[2];
}
// CHECK:       {{^}}static void decay_pullback(double k, const double *y, double *dydt, int n, double *d_k, double *d_y, double *d_dydt, ::ad::RedoLog *_redo) {
// CHECK-LABEL: {{^}}double euler_grad(double k, const double *y0, double *d_k, double *d_y0) {
// CHECK:         {{^ +}}decay_pullback(k, y, d, 3, &_d_k, _d_y, _d_d);

// Symplectic Euler for two pendulums: one helper updates x and v in place.
void kick_drift(double h, double k, double *x, double *v, int n) {
  for (int i = 0; i < n; ++i) {
    v[i] -= h * k * std::sin(x[i]);
    x[i] += h * v[i];
  }
}

[[ad::differentiate]]
double pendulum(double k, const double *x0) {
  double x[2] = {x0[0], x0[1]}, v[2] = {0, 0};
  for (int s = 0; s < 200; ++s)
    kick_drift(0.01, k, x, v, 2);
  return x[0] + x[1] * v[1];
}
// CHECK-LABEL: {{^}}double pendulum_grad(double k, const double *x0, double *d_k, double *d_x0) {
// CHECK:         {{^ +}}kick_drift_pullback(0.01, k, x, v, 2, {{.*}});

// Forward mode by hand: a dual number and templated copies of the code.
struct Dual {
  double v, d;
  Dual(double v = 0, double d = 0) : v(v), d(d) {}
};
Dual operator+(Dual a, Dual b) { return {a.v + b.v, a.d + b.d}; }
Dual operator-(Dual a, Dual b) { return {a.v - b.v, a.d - b.d}; }
Dual operator*(Dual a, Dual b) { return {a.v * b.v, a.d * b.v + a.v * b.d}; }
Dual operator-(Dual a) { return {-a.v, -a.d}; }
Dual sin(Dual a) { return {std::sin(a.v), std::cos(a.v) * a.d}; }

Dual heun_fwd(const Dual *y0, const Dual *p, int steps) {
  Dual y[2] = {y0[0], y0[1]}, k1[2], k2[2], tmp[2];
  double h = 0.01, t = 0;
  for (int s = 0; s < steps; ++s) {
    k1[0] = y[1];
    k1[1] = -p[0] * y[0] - p[1] * y[1] + Dual(std::sin(t));
    for (int j = 0; j < 2; ++j) tmp[j] = y[j] + Dual(h) * k1[j];
    k2[0] = tmp[1];
    k2[1] = -p[0] * tmp[0] - p[1] * tmp[1] + Dual(std::sin(t + h));
    for (int j = 0; j < 2; ++j) y[j] = y[j] + Dual(0.5 * h) * (k1[j] + k2[j]);
    t += h;
  }
  return Dual(0.5) * (p[0] * y[0] * y[0] + y[1] * y[1]);
}

Dual euler_fwd(Dual k, const Dual *y0) {
  Dual y[3] = {y0[0], y0[1], y0[2]}, d[3];
  for (int s = 0; s < 100; ++s) {
    d[0] = -k * y[0];
    for (int i = 1; i < 3; ++i) d[i] = k * y[i - 1] - (k + Dual(0.1 * i)) * y[i];
    for (int i = 0; i < 3; ++i) y[i] = y[i] + Dual(0.01) * d[i];
  }
  return y[2];
}

Dual pendulum_fwd(Dual k, const Dual *x0) {
  Dual x[2] = {x0[0], x0[1]}, v[2] = {0.0, 0.0};
  for (int s = 0; s < 200; ++s)
    for (int i = 0; i < 2; ++i) {
      v[i] = v[i] - Dual(0.01) * k * sin(x[i]);
      x[i] = x[i] + Dual(0.01) * v[i];
    }
  return x[0] + x[1] * v[1];
}

int main() {
  for (int c = 0; c < 6; ++c) {
    double y0[2] = {1.0 - 0.3 * c, 0.2 * c - 0.4}, p[2] = {2.0 + 0.5 * c, 0.1 + 0.05 * c};
    const int steps = 150 + 20 * c;
    double dy0[2] = {0, 0}, dp[2] = {0, 0};
    double value = heun_grad(y0, p, steps, dy0, dp);
    ad_test::check("heun value bit for bit", value == heun(y0, p, steps), 1, 0);
    double in[4] = {y0[0], y0[1], p[0], p[1]}, got[4] = {dy0[0], dy0[1], dp[0], dp[1]};
    for (int k = 0; k < 4; ++k) {
      Dual dy[2] = {Dual(y0[0], k == 0), Dual(y0[1], k == 1)};
      Dual dpp[2] = {Dual(p[0], k == 2), Dual(p[1], k == 3)};
      ad_test::check("heun vs forward mode", got[k], heun_fwd(dy, dpp, steps).d, 1e-12);
      auto along = [&](double v) {
        double a[4] = {in[0], in[1], in[2], in[3]};
        a[k] = v;
        return heun(a, a + 2, steps);
      };
      ad_test::check("heun vs central differences", got[k],
                     ad_test::central_difference(along, in[k]), 1e-6);
    }

    double k = 0.5 + 0.3 * c, e0[3] = {1.0, 0.3 * c, 0.1}, dk = 0, de[3] = {0, 0, 0};
    value = euler_grad(k, e0, &dk, de);
    ad_test::check("euler value bit for bit", value == euler(k, e0), 1, 0);
    Dual ue[3] = {e0[0], e0[1], e0[2]};
    ad_test::check("euler d/dk vs forward mode", dk, euler_fwd(Dual(k, 1), ue).d, 1e-12);
    ad_test::check("euler d/dk vs central differences", dk,
                   ad_test::central_difference([&](double v) { return euler(v, e0); }, k), 1e-6);
    for (int i = 0; i < 3; ++i) {
      Dual ve[3] = {e0[0], e0[1], e0[2]};
      ve[i].d = 1;
      ad_test::check("euler d/dy0 vs forward mode", de[i], euler_fwd(Dual(k), ve).d, 1e-12);
      auto along = [&](double v) {
        double a[3] = {e0[0], e0[1], e0[2]};
        a[i] = v;
        return euler(k, a);
      };
      ad_test::check("euler d/dy0 vs central differences", de[i],
                     ad_test::central_difference(along, e0[i]), 1e-6);
    }

    double x0[2] = {0.4 + 0.1 * c, -1.0 + 0.25 * c}, dx0[2] = {0, 0};
    dk = 0;
    value = pendulum_grad(k, x0, &dk, dx0);
    ad_test::check("pendulum value bit for bit", value == pendulum(k, x0), 1, 0);
    Dual ux[2] = {x0[0], x0[1]};
    ad_test::check("pendulum d/dk vs forward mode", dk, pendulum_fwd(Dual(k, 1), ux).d, 1e-12);
    ad_test::check("pendulum d/dk vs central differences", dk,
                   ad_test::central_difference([&](double w) { return pendulum(w, x0); }, k), 1e-6);
    for (int i = 0; i < 2; ++i) {
      Dual vx[2] = {x0[0], x0[1]};
      vx[i].d = 1;
      ad_test::check("pendulum d/dx0 vs forward mode", dx0[i], pendulum_fwd(Dual(k), vx).d, 1e-12);
      auto along = [&](double w) {
        double a[2] = {x0[0], x0[1]};
        a[i] = w;
        return pendulum(k, a);
      };
      ad_test::check("pendulum d/dx0 vs central differences", dx0[i],
                     ad_test::central_difference(along, x0[i]), 1e-6);
    }
  }
  return ad_test::report();
}
