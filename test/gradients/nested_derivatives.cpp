// Nested derivatives (contract §3, issue 12): a marked function may call
// another marked function's g_grad or g_jvp; its own f_grad and f_jvp are
// exact. The derivative of a call of g_grad is a Hessian-vector product of
// g (rules generated next to g), a call of g_jvp is differentiated like
// the user's code. Checked against central differences and hand-written
// tangent-linear models:
//  - a saddle-point style objective whose inner problem is solved by 50
//    gradient steps (g_grad in a loop);
//  - a particle time-stepper whose force is -grad V (symplectic Euler);
//  - a function calling g_jvp (a directional derivative inside).
// RUN: %adxx -O1 -Wall -Wextra -Werror %s -o %t -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: FileCheck %s --input-file=%t.gen/nested_derivatives.ad.cpp
// RUN: %gxx -Wall -Wextra -Werror -fsyntax-only -I%runtime %t.gen/nested_derivatives.ad.cpp

#include "ad_test.hpp"
#include <cmath>
#include <vector>

[[ad::differentiate]]
double inner(double x, double y) {
  return (y - x) * (y - x) + 0.1 * y * y * y * y + std::sin(x * y);
}
// CHECK-LABEL: {{^}}inline void inner_grad_pullback(double x, double y, double */*d_x*/, double */*d_y*/, double _d_ret, double *_d_x, double *_d_y, double *_d_d_x, double *_d_d_y) {
// CHECK:       {{^}}  inner_hvp_core_grad(x, y, *_d_d_x, *_d_d_y, &_value, &_tangent, _d_x, _d_y, &_g_x, &_g_y, &_d_value, &_d_tangent);

// y*(x) by gradient descent on inner(x, .), then the outer objective.
[[ad::differentiate]]
double outer(double x) {
  double y = 0;
  for (int k = 0; k < 50; ++k) {
    double dx = 0, dy = 0;
    inner_grad(x, y, &dx, &dy);
    y -= 0.1 * dy;
  }
  return x * x + inner(x, y);
}
// CHECK-LABEL: {{^}}double outer_grad(double x, double *d_x) {
// CHECK:       {{^}}    inner_grad_pullback(x, y, &dx, &dy, 0, &_d_x, &_d_y, &_d_dx, &_d_dy);

// The same by hand: y_k and dy_k/dx carried forward, with inner's second
// derivatives derived by hand.
static double outer_hand(double x, double *dout) {
  double y = 0, ty = 0;
  for (int k = 0; k < 50; ++k) {
    double gy = 2 * (y - x) + 0.4 * y * y * y + x * std::cos(x * y);
    double hyy = 2 + 1.2 * y * y - x * x * std::sin(x * y);
    double hyx = -2 + std::cos(x * y) - x * y * std::sin(x * y);
    ty -= 0.1 * (hyx + hyy * ty);
    y -= 0.1 * gy;
  }
  double gx = -2 * (y - x) + y * std::cos(x * y), gy = 2 * (y - x) + 0.4 * y * y * y + x * std::cos(x * y);
  *dout = 2 * x + gx + gy * ty;
  return x * x + inner(x, y);
}

// Pair potential of n particles on a line: phi(r) = (r^2 - 1)^2.
[[ad::differentiate("q[n]")]]
double potential(const double *q, int n) {
  double v = 0;
  for (int i = 0; i < n; ++i)
    for (int j = i + 1; j < n; ++j) {
      double r = q[i] - q[j];
      v += (r * r - 1) * (r * r - 1);
    }
  return v;
}

// Symplectic Euler with force -grad V; the loss is a function of the end
// state.
[[ad::differentiate("q0")]]
double simulate(const std::vector<double> &q0, int steps, double dt) {
  int n = q0.size();
  std::vector<double> q = q0, p(n, 0.0), force(n);
  for (int s = 0; s < steps; ++s) {
    for (int i = 0; i < n; ++i)
      force[i] = 0;
    potential_grad(q.data(), n, force.data());
    for (int i = 0; i < n; ++i) {
      p[i] -= dt * force[i];
      q[i] += dt * p[i];
    }
  }
  double loss = 0;
  for (int i = 0; i < n; ++i)
    loss += q[i] * q[i] * (i + 1) + p[i] * p[i];
  return loss;
}

// Tangent-linear model by hand: the Hessian of V applied to the tangent.
static void potential_hessian_times(const std::vector<double> &q, const std::vector<double> &t,
                                    std::vector<double> &out) {
  int n = q.size();
  out.assign(n, 0);
  for (int i = 0; i < n; ++i)
    for (int j = i + 1; j < n; ++j) {
      double r = q[i] - q[j];
      double h = 12 * r * r - 4; // phi''(r)
      double dr = t[i] - t[j];
      out[i] += h * dr;
      out[j] -= h * dr;
    }
}

static double simulate_hand_directional(std::vector<double> q, std::vector<double> tq, int steps,
                                        double dt) {
  int n = q.size();
  std::vector<double> p(n, 0.0), tp(n, 0.0), force(n), tforce;
  for (int s = 0; s < steps; ++s) {
    for (int i = 0; i < n; ++i)
      force[i] = 0;
    potential_grad(q.data(), n, force.data());
    potential_hessian_times(q, tq, tforce);
    for (int i = 0; i < n; ++i) {
      p[i] -= dt * force[i];
      tp[i] -= dt * tforce[i];
      q[i] += dt * p[i];
      tq[i] += dt * tp[i];
    }
  }
  double d = 0;
  for (int i = 0; i < n; ++i)
    d += 2 * q[i] * tq[i] * (i + 1) + 2 * p[i] * tp[i];
  return d;
}

// A directional derivative inside: f(x) = V(x) + <grad V(x), v>, via
// potential_jvp.
[[ad::differentiate("x[n]")]]
double with_slope(const double *x, int n) {
  std::vector<double> v(n, 1.0);
  double slope = 0;
  double value = potential_jvp(x, n, v.data(), &slope);
  return value + slope;
}

// Found by trying to break it: a qualified call (`lib::e_grad`, `::`) was
// dropped from the parse without a trace and f_grad silently lost it; a
// call inside a helper, or of a prototype the user declared, generated code
// that did not compile or was refused.
namespace lib {
[[ad::differentiate]] double e(double x, double y) { return x * x * y * y + std::sin(x); }
} // namespace lib
[[ad::differentiate]] double qualified(double x, double y) {
  double dx = 0, dy = 0;
  lib::e_grad(x, y, &dx, &dy);
  return dx * dy;
}
double lib_e_grad_twice(double x, double y); // unused: a name that only looks like one

[[ad::differentiate]] double energy(double x, double y) { return std::sin(x * y) + x * x * y; }
double energy_grad(double x, double y, double *d_x, double *d_y); // the user's own prototype
static double slope2(double x, double y) {
  double dx = 0, dy = 0;
  energy_grad(x, y, &dx, &dy);
  return dx * dx + dy * dy;
}
[[ad::differentiate]] double through_helper(double x, double y) { return slope2(x, y) + x; }

int main() {
  for (double x : {0.8, -1.3}) {
    double d = 0, want = 0;
    double v = outer_grad(x, &d);
    ad_test::check("outer value bit for bit", v == outer(x), 1, 0);
    outer_hand(x, &want);
    ad_test::check("outer d_x vs hand tangent-linear", d, want, 1e-12);
    ad_test::check("outer d_x vs central differences", d,
                   ad_test::central_difference(outer, x), 1e-6);
    double t_ret = 0;
    double vj = outer_jvp(x, 1.0, &t_ret);
    ad_test::check("outer_jvp value bit for bit", vj == outer(x), 1, 0);
    ad_test::check("outer_jvp vs f_grad", t_ret, d, 1e-12);
  }

  const std::vector<double> q0 = {-0.9, 0.1, 0.7, 1.9};
  const int steps = 40;
  const double dt = 0.05;
  std::vector<double> dq(4, 0.0);
  double v = simulate_grad(q0, steps, dt, dq.data());
  ad_test::check("simulate value bit for bit", v == simulate(q0, steps, dt), 1, 0);
  for (int k = 0; k < 4; ++k) {
    std::vector<double> e(4, 0.0);
    e[k] = 1;
    ad_test::check("simulate d_q0 vs hand tangent-linear", dq[k],
                   simulate_hand_directional(q0, e, steps, dt), 1e-11);
    auto at = [&](double s) {
      std::vector<double> q = q0;
      q[k] = s;
      return simulate(q, steps, dt);
    };
    ad_test::check("simulate d_q0 vs central differences", dq[k],
                   ad_test::central_difference(at, q0[k]), 1e-6);
  }

  const double xs[3] = {0.2, -0.5, 1.1};
  double dxs[3] = {};
  double ws = with_slope_grad(xs, 3, dxs);
  ad_test::check("with_slope value bit for bit", ws == with_slope(xs, 3), 1, 0);
  for (int k = 0; k < 3; ++k) {
    auto at = [&](double s) {
      double y[3] = {xs[0], xs[1], xs[2]};
      y[k] = s;
      return with_slope(y, 3);
    };
    ad_test::check("with_slope d_x vs central differences", dxs[k],
                   ad_test::central_difference(at, xs[k]), 1e-6);
  }
  // qualified: (dx * dy) of e = x^2 y^2 + sin x: (2 x y^2 + cos x) 2 x^2 y.
  {
    double x = 0.3, y = 0.7, d[2] = {};
    double v = qualified_grad(x, y, &d[0], &d[1]);
    auto q = [](double a, double b) {
      return (2 * a * b * b + std::cos(a)) * 2 * a * a * b;
    };
    ad_test::check("qualified value", v, q(x, y), 1e-15);
    ad_test::check("qualified d_x vs central differences", d[0],
                   ad_test::central_difference([&](double a) { return q(a, y); }, x), 1e-6);
    ad_test::check("qualified d_y vs central differences", d[1],
                   ad_test::central_difference([&](double b) { return q(x, b); }, y), 1e-6);
  }
  // through_helper: |grad energy|^2 + x, by hand.
  {
    auto h = [](double x, double y) {
      double gx = y * std::cos(x * y) + 2 * x * y, gy = x * std::cos(x * y) + x * x;
      return gx * gx + gy * gy + x;
    };
    double x = 0.7, y = -0.4, dx = 0, dy = 0;
    double v = through_helper_grad(x, y, &dx, &dy);
    ad_test::check("through_helper value", v, h(x, y), 1e-15);
    ad_test::check("through_helper d_x vs central differences", dx,
                   ad_test::central_difference([&](double a) { return h(a, y); }, x), 1e-6);
    ad_test::check("through_helper d_y vs central differences", dy,
                   ad_test::central_difference([&](double b) { return h(x, b); }, y), 1e-6);
  }
  return ad_test::report();
}
