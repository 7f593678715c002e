// A classical fourth-order Runge-Kutta integrator with std::vector state for
// the Lotka-Volterra predator-prey system (contract §2, §3): the right-hand
// side is a helper `void rhs(const std::vector<double>& p, const
// std::vector<double>& y, std::vector<double>& dy)` writing its result into
// the caller's stage vectors; one step is a helper updating the state vector
// in place through a reference; the stage vectors are reused every step.
// predator_prey returns a function of the final state (gradient w.r.t. the
// rates and the initial state); lv_flow is a void marked integrator writing
// the final state through `double* y_out`, so with a seed w in d_y_out,
// d_p and d_y0 gain J^T w and d_y_out ends at 0. Checked against forward mode
// (fz::dual on a templated copy), central differences, f's value bit for bit
// and the values f leaves in y_out. lv_advance advances the state vector in
// place (an in-out std::vector& parameter, read back every step): d_y holds
// the seed w of the final state on entry and J^T w w.r.t. the entry state on
// return.
// The checks below read the pullbacks (split=never); the default (split
// records and lean pullbacks, docs/design.md "Split calls") must agree.
// RUN: %adxx -O1 -Werror -I%ad_src/test/fuzz %s -o %t -fplugin-arg-ad-split=never -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: %adxx -O1 -Werror -I%ad_src/test/fuzz %s -o %t.split
// RUN: %t.split
// RUN: FileCheck %s --input-file=%t.gen/rk4.ad.cpp

#include "ad_test.hpp"
#include "dual.hpp"
#include <cmath>
#include <string>
#include <vector>

// Lotka-Volterra: p = {alpha, beta, delta, gamma}, y = {prey, predators}.
void rhs(const std::vector<double> &p, const std::vector<double> &y,
         std::vector<double> &dy) {
  dy[0] = p[0] * y[0] - p[1] * y[0] * y[1];
  dy[1] = p[2] * y[0] * y[1] - p[3] * y[1];
}

void rk4_step(const std::vector<double> &p, std::vector<double> &y, double h) {
  const size_t n = y.size();
  std::vector<double> k1(n), k2(n), k3(n), k4(n), tmp(n);
  rhs(p, y, k1);
  for (size_t i = 0; i < n; ++i)
    tmp[i] = y[i] + 0.5 * h * k1[i];
  rhs(p, tmp, k2);
  for (size_t i = 0; i < n; ++i)
    tmp[i] = y[i] + 0.5 * h * k2[i];
  rhs(p, tmp, k3);
  for (size_t i = 0; i < n; ++i)
    tmp[i] = y[i] + h * k3[i];
  rhs(p, tmp, k4);
  for (size_t i = 0; i < n; ++i)
    y[i] += h / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
}
// CHECK:       {{^}}static void rk4_step_pullback(const std::vector<double> &p, std::vector<double> &y, double h, double *d_p, double *d_y, ::ad::RedoLog *_redo) {
// CHECK:       {{^}}  std::vector<double> _d_k1{};
// CHECK:       {{^ +}}rhs_pullback(p, tmp, k4, d_p, _d_tmp.data(), _d_k4.data());
// CHECK:       {{^ +}}rhs_pullback(p, y, k1, d_p, d_y, _d_k1.data());
// CHECK:       {{^}}static void rhs_pullback(const std::vector<double> &p, const std::vector<double> &y, std::vector<double> &dy, double *d_p, double *d_y, double *d_dy, ::ad::RedoLog *_redo) {

[[ad::differentiate("p", "y0")]]
double predator_prey(const std::vector<double> &p, const std::vector<double> &y0,
                     double t_end, int steps) {
  std::vector<double> y = y0;
  const double h = t_end / steps;
  for (int s = 0; s < steps; ++s)
    rk4_step(p, y, h);
  return std::log(y[0]) + 0.5 * y[1] * y[1];
}
// CHECK-LABEL: {{^}}double predator_prey_grad(const std::vector<double> &p, const std::vector<double> &y0, double t_end, int steps, double *d_p, double *d_y0) {
// CHECK:       {{^ +}}rk4_step_pullback(p, y, h, d_p, _d_y.data());

[[ad::differentiate("p", "y0", "y_out")]]
void lv_flow(const std::vector<double> &p, const double *y0, double t_end,
             int steps, double *y_out) {
  std::vector<double> y(y0, y0 + 2), k1(2), k2(2), k3(2), k4(2), tmp(2);
  const double h = t_end / steps;
  for (int s = 0; s < steps; ++s) {
    rhs(p, y, k1);
    for (int i = 0; i < 2; ++i)
      tmp[i] = y[i] + 0.5 * h * k1[i];
    rhs(p, tmp, k2);
    for (int i = 0; i < 2; ++i)
      tmp[i] = y[i] + 0.5 * h * k2[i];
    rhs(p, tmp, k3);
    for (int i = 0; i < 2; ++i)
      tmp[i] = y[i] + h * k3[i];
    rhs(p, tmp, k4);
    for (int i = 0; i < 2; ++i)
      y[i] += h * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]) / 6;
  }
  y_out[0] = y[0];
  y_out[1] = y[1];
}
// CHECK-LABEL: {{^}}void lv_flow_grad(const std::vector<double> &p, const double *y0, double t_end, int steps, double *y_out, double *d_p, double *d_y0, double *d_y_out) {
// CHECK:       {{^}}  std::vector<double> _d_tmp{};
// CHECK:       {{^ +}}d_y_out[1] = 0;
// CHECK:       {{^ +}}rhs_pullback(p, tmp, k2, d_p, _d_tmp.data(), _d_k2.data());

[[ad::differentiate("p", "y")]]
void lv_advance(const std::vector<double> &p, double t_end, int steps,
                std::vector<double> &y) {
  const double h = t_end / steps;
  for (int s = 0; s < steps; ++s)
    rk4_step(p, y, h);
}
// CHECK-LABEL: {{^}}void lv_advance_grad(const std::vector<double> &p, double t_end, int steps, std::vector<double> &y, double *d_p, double *d_y) {
// CHECK:       {{^ +}}rk4_step_pullback(p, y, h, d_p, d_y, &_redo);
// CHECK:       {{^ +}}_redo.replay();

// The same integrator for any number type (the independent derivative).
template <class T>
std::vector<T> flow_ref(const std::vector<T> &p, std::vector<T> y, double t_end,
                        int steps) {
  auto f = [&](const std::vector<T> &u) {
    return std::vector<T>{p[0] * u[0] - p[1] * u[0] * u[1],
                          p[2] * u[0] * u[1] - p[3] * u[1]};
  };
  auto axpy = [](const std::vector<T> &u, T a, const std::vector<T> &v) {
    return std::vector<T>{u[0] + a * v[0], u[1] + a * v[1]};
  };
  const T h = t_end / steps;
  for (int s = 0; s < steps; ++s) {
    std::vector<T> k1 = f(y), k2 = f(axpy(y, 0.5 * h, k1)),
                   k3 = f(axpy(y, 0.5 * h, k2)), k4 = f(axpy(y, h, k3));
    for (int i = 0; i < 2; ++i)
      y[i] += h / 6.0 * (k1[i] + 2.0 * k2[i] + 2.0 * k3[i] + k4[i]);
  }
  return y;
}

int main() {
  struct Case { std::vector<double> p, y0; double t_end; int steps; };
  const Case cases[] = {
      {{1.1, 0.4, 0.1, 0.4}, {10, 5}, 5.0, 100},
      {{0.9, 0.25, 0.08, 0.6}, {4, 2.5}, 8.0, 160},
      {{1.5, 1.0, 1.0, 3.0}, {3, 1}, 2.0, 37},
  };
  for (const Case &c : cases) {
    const std::vector<double> &p = c.p, &y0 = c.y0;
    // x = (p, y0): the six inputs, for forward mode and central differences.
    auto split = [](const std::vector<double> &x) {
      return std::make_pair(std::vector<double>(x.begin(), x.begin() + 4),
                            std::vector<double>(x.begin() + 4, x.end()));
    };
    std::vector<double> x = p;
    x.insert(x.end(), y0.begin(), y0.end());
    auto fwd = [&](int k) { // J e_k of the final state, by forward mode
      std::vector<fz::dual> xd(x.begin(), x.end());
      xd[k].d = 1;
      std::vector<fz::dual> pd(xd.begin(), xd.begin() + 4), yd(xd.begin() + 4, xd.end());
      return flow_ref(pd, yd, c.t_end, c.steps);
    };
    auto fd = [&](int k, auto objective) {
      return ad_test::central_difference(
          [&](double t) {
            std::vector<double> xs = x;
            xs[k] = t;
            auto [ps, ys] = split(xs);
            return objective(ps, ys);
          },
          x[k]);
    };

    // predator_prey: log(prey) + predators^2 / 2 at t_end.
    std::vector<double> dp(4), dy0(2);
    double value = predator_prey_grad(p, y0, c.t_end, c.steps, dp.data(), dy0.data());
    ad_test::check("predator_prey value bit for bit",
                   value == predator_prey(p, y0, c.t_end, c.steps), 1, 0);
    std::vector<double> yT = flow_ref(p, y0, c.t_end, c.steps);
    ad_test::check("flow_ref agrees with predator_prey",
                   std::log(yT[0]) + 0.5 * yT[1] * yT[1], value, 1e-13);
    for (int k = 0; k < 6; ++k) {
      double got = k < 4 ? dp[k] : dy0[k - 4];
      std::string what = k < 4 ? "predator_prey d_p" : "predator_prey d_y0";
      std::vector<fz::dual> y = fwd(k);
      double want = y[0].d / y[0].v + y[1].v * y[1].d;
      ad_test::check((what + " vs forward mode").c_str(), got, want, 1e-11);
      ad_test::check((what + " vs central differences").c_str(), got,
                     fd(k, [&](const std::vector<double> &ps, const std::vector<double> &ys) {
                       return predator_prey(ps, ys, c.t_end, c.steps);
                     }), 1e-6);
    }

    // lv_flow: a seed w on y_out; d_p, d_y0 gain J^T w, d_y_out ends at 0.
    const double w[2] = {0.7, -1.3};
    double y_out[2] = {-1, -1}, y_out2[2] = {-2, -2}, d_y_out[2] = {w[0], w[1]};
    std::vector<double> dp2(4, 0.25), dy02(2, 0.25); // gains add to 0.25
    lv_flow_grad(p, y0.data(), c.t_end, c.steps, y_out, dp2.data(), dy02.data(), d_y_out);
    lv_flow(p, y0.data(), c.t_end, c.steps, y_out2);
    ad_test::check("lv_flow leaves y_out[0] as f does", y_out[0] == y_out2[0], 1, 0);
    ad_test::check("lv_flow leaves y_out[1] as f does", y_out[1] == y_out2[1], 1, 0);
    ad_test::check("lv_flow d_y_out[0] ends at zero", d_y_out[0], 0, 0);
    ad_test::check("lv_flow d_y_out[1] ends at zero", d_y_out[1], 0, 0);
    for (int k = 0; k < 6; ++k) {
      double got = (k < 4 ? dp2[k] : dy02[k - 4]) - 0.25;
      std::string what = k < 4 ? "lv_flow J^T w in d_p" : "lv_flow J^T w in d_y0";
      std::vector<fz::dual> y = fwd(k);
      ad_test::check((what + " vs forward mode").c_str(), got,
                     w[0] * y[0].d + w[1] * y[1].d, 1e-11);
      ad_test::check((what + " vs central differences").c_str(), got,
                     fd(k, [&](const std::vector<double> &ps, const std::vector<double> &ys) {
                       double out[2];
                       lv_flow(ps, ys.data(), c.t_end, c.steps, out);
                       return w[0] * out[0] + w[1] * out[1];
                     }), 1e-6);
    }

    // lv_advance: y in, y out; d_y = w on entry, J^T w on return.
    std::vector<double> y = y0, y2 = y0, dp3(4), dy(w, w + 2);
    lv_advance_grad(p, c.t_end, c.steps, y, dp3.data(), dy.data());
    lv_advance(p, c.t_end, c.steps, y2);
    ad_test::check("lv_advance leaves y as f does", y == y2, 1, 0);
    for (int k = 0; k < 6; ++k) {
      double got = k < 4 ? dp3[k] : dy[k - 4];
      std::string what = k < 4 ? "lv_advance J^T w in d_p" : "lv_advance J^T w in d_y";
      std::vector<fz::dual> yd = fwd(k);
      ad_test::check((what + " vs forward mode").c_str(), got,
                     w[0] * yd[0].d + w[1] * yd[1].d, 1e-11);
      ad_test::check((what + " vs central differences").c_str(), got,
                     fd(k, [&](const std::vector<double> &ps, const std::vector<double> &ys) {
                       std::vector<double> state = ys;
                       lv_advance(ps, c.t_end, c.steps, state);
                       return w[0] * state[0] + w[1] * state[1];
                     }), 1e-6);
    }
  }
  return ad_test::report();
}
