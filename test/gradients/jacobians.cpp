// f_jacobian (contract §5, issue 12): dense, row-major, overwritten. Rows:
// the returned value (if real), then the elements of each active parameter
// f may change; columns: the entry values of every active parameter's
// elements. Sizes of pointer parameters come from the attribute ("x[n]").
// Forward mode (one f_jvp per column) when f has outputs, reverse mode (one
// f_grad) when the value is the only row; a void f with three times more
// columns than rows gets one f_grad per row instead (chosen at run time).
//  - a bundle-adjustment style reprojection residual (camera: rotation by
//    an angle, translation, focal length, radial distortion; a 3-D point;
//    2 residuals) against the hand-derived Jacobian;
//  - a Gauss-Newton fit of y = a exp(b t) from f_jacobian of the residuals,
//    converging to the data's parameters;
//  - a scalar function: the Jacobian is its gradient.
// RUN: %adxx -O1 -Wall -Wextra -Werror %s -o %t -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: FileCheck %s --input-file=%t.gen/jacobians.ad.cpp
// RUN: %gxx -Wextra -Werror -fsyntax-only -I%runtime %t.gen/jacobians.ad.cpp

#include "ad_test.hpp"
#include <cmath>
#include <vector>

// cam = (theta, tx, ty, tz, f, k1), X = (x, y, z): res = f d(r2) (u, v) - obs.
[[ad::differentiate("cam[6]", "X[3]", "res[2]")]]
void reprojection(const double *cam, const double *X, const double *obs, double *res) {
  double c = std::cos(cam[0]), s = std::sin(cam[0]);
  double px = c * X[0] - s * X[1] + cam[1];
  double py = s * X[0] + c * X[1] + cam[2];
  double pz = X[2] + cam[3];
  double u = px / pz, v = py / pz;
  double d = 1 + cam[5] * (u * u + v * v);
  res[0] = cam[4] * d * u - obs[0];
  res[1] = cam[4] * d * v - obs[1];
}
// CHECK-LABEL: {{^}}inline void reprojection_jacobian(const double *cam, const double *X, const double *obs, double *res, double *jac) {
// CHECK:       {{^}}  const std::size_t _cols = _n_cam + _n_X + _n_res;
// Two rows, eleven columns: one f_grad per row, seeded with the row's
// residual (f_jvp per column where the columns are fewer).
// CHECK:       {{^}}  if (0 < _n_res && 3 * (_n_res) < _cols) {
// CHECK:       {{^}}        _d_res[_c] = 1;
// CHECK:       {{^}}      reprojection_grad(cam, X, obs, res, _d_cam.data(), _d_X.data(), _d_res.data());
// CHECK:       {{^}}      reprojection_jvp(cam, X, obs, res, _t_cam.data(), _t_X.data(), _t_res.data());

// The hand-derived Jacobian of the residuals with respect to (cam, X).
static void reprojection_hand(const double *cam, const double *X, double J[2][9]) {
  double c = std::cos(cam[0]), s = std::sin(cam[0]);
  double px = c * X[0] - s * X[1] + cam[1], py = s * X[0] + c * X[1] + cam[2];
  double pz = X[2] + cam[3], f = cam[4], k = cam[5];
  double u = px / pz, v = py / pz, r2 = u * u + v * v, d = 1 + k * r2;
  // d(res)/d(u, v)
  double Ru[2] = {f * (d + 2 * k * u * u), f * 2 * k * u * v};
  double Rv[2] = {f * 2 * k * u * v, f * (d + 2 * k * v * v)};
  // d(u, v)/d(px, py, pz)
  double Up[3] = {1 / pz, 0, -px / (pz * pz)}, Vp[3] = {0, 1 / pz, -py / (pz * pz)};
  // d(px, py, pz)/d(theta, tx, ty, tz) and /d(X)
  double Pc[3][4] = {{-s * X[0] - c * X[1], 1, 0, 0}, {c * X[0] - s * X[1], 0, 1, 0}, {0, 0, 0, 1}};
  double PX[3][3] = {{c, -s, 0}, {s, c, 0}, {0, 0, 1}};
  for (int r = 0; r < 2; ++r) {
    for (int j = 0; j < 4; ++j) {
      double du = 0, dv = 0;
      for (int i = 0; i < 3; ++i) {
        du += Up[i] * Pc[i][j];
        dv += Vp[i] * Pc[i][j];
      }
      J[r][j] = Ru[r] * du + Rv[r] * dv;
    }
    J[r][4] = d * (r == 0 ? u : v);
    J[r][5] = f * r2 * (r == 0 ? u : v);
    for (int j = 0; j < 3; ++j) {
      double du = 0, dv = 0;
      for (int i = 0; i < 3; ++i) {
        du += Up[i] * PX[i][j];
        dv += Vp[i] * PX[i][j];
      }
      J[r][6 + j] = Ru[r] * du + Rv[r] * dv;
    }
  }
}

// Residuals of y = a exp(b t) at m points.
[[ad::differentiate("p[2]", "r[m]")]]
void exp_residuals(const double *p, const double *t, const double *y, int m, double *r) {
  for (int i = 0; i < m; ++i)
    r[i] = p[0] * std::exp(p[1] * t[i]) - y[i];
}

[[ad::differentiate]]
double rosen(double a, double b) { return (1 - a) * (1 - a) + 100 * (b - a * a) * (b - a * a); }
// CHECK-LABEL: {{^}}inline double rosen_jacobian(double a, double b, double *jac) {
// CHECK:       {{^}}  auto _value = rosen_grad(a, b, &_d_a, &_d_b);

int main() {
  // Inputs the optimizer cannot see: a call of f folded to a constant at
  // compile time may round differently from the generated code at run time.
  volatile double zero = 0;
  double cam[6] = {0.3, 0.1, -0.2, 4.0, 800, 1e-2}, X[3] = {0.5, -0.3, 1.2}, obs[2] = {100, -50};
  for (double *v : {&cam[0], &X[0], &obs[0]})
    *v += zero;
  double res[2] = {7, 7}, jac[2 * 11], want[2][9];
  reprojection_jacobian(cam, X, obs, res, jac);
  double res0[2];
  reprojection(cam, X, obs, res0);
  ad_test::check("reprojection side effects bit for bit", res[0] == res0[0] && res[1] == res0[1], 1, 0);
  reprojection_hand(cam, X, want);
  for (int r = 0; r < 2; ++r) {
    for (int c = 0; c < 9; ++c)
      ad_test::check("reprojection jac vs hand", jac[r * 11 + c], want[r][c], 1e-12);
    // The residuals' entry values are columns too: f overwrites them.
    ad_test::check("reprojection d res / d res(entry)", jac[r * 11 + 9] + jac[r * 11 + 10], 0, 0);
  }
  for (int c = 0; c < 9; ++c) { // and central differences
    double p[9] = {cam[0], cam[1], cam[2], cam[3], cam[4], cam[5], X[0], X[1], X[2]};
    double h = 1e-6 * std::max(1.0, std::fabs(p[c]));
    double rp[2], rm[2];
    p[c] += h;
    reprojection(p, p + 6, obs, rp);
    p[c] -= 2 * h;
    reprojection(p, p + 6, obs, rm);
    for (int r = 0; r < 2; ++r)
      ad_test::check("reprojection jac vs central differences", jac[r * 11 + c],
                     (rp[r] - rm[r]) / (2 * h), 1e-6);
  }

  // Gauss-Newton on exact data from a = 2, b = -0.7.
  const int m = 8;
  double t[m], y[m];
  for (int i = 0; i < m; ++i) {
    t[i] = 0.25 * i;
    y[i] = 2 * std::exp(-0.7 * t[i]);
  }
  double p[2] = {1.5, -0.4}, r[m], J[m * (2 + m)];
  double steps[6];
  for (int it = 0; it < 6; ++it) {
    exp_residuals_jacobian(p, t, y, m, r, J);
    // Normal equations (J_p^T J_p) dp = -J_p^T r; J_p: the first 2 columns.
    double A[2][2] = {}, g[2] = {};
    for (int i = 0; i < m; ++i)
      for (int a = 0; a < 2; ++a) {
        g[a] += J[i * (2 + m) + a] * r[i];
        for (int b = 0; b < 2; ++b)
          A[a][b] += J[i * (2 + m) + a] * J[i * (2 + m) + b];
      }
    double det = A[0][0] * A[1][1] - A[0][1] * A[1][0];
    double dp0 = -(A[1][1] * g[0] - A[0][1] * g[1]) / det;
    double dp1 = -(A[0][0] * g[1] - A[1][0] * g[0]) / det;
    p[0] += dp0;
    p[1] += dp1;
    steps[it] = std::hypot(p[0] - 2, p[1] + 0.7);
  }
  ad_test::check("Gauss-Newton fit a", p[0], 2, 1e-12);
  ad_test::check("Gauss-Newton fit b", p[1], -0.7, 1e-12);
  // Zero residual: quadratic convergence, error squares (roughly) each step.
  ad_test::check("Gauss-Newton converges quadratically", steps[3] < 10 * steps[2] * steps[2], 1, 0);

  double J2[2];
  double v = rosen_jacobian(-1.2, 1.0, J2);
  ad_test::check("rosen value", v, rosen(-1.2, 1.0), 0);
  ad_test::check("rosen d/da", J2[0], -2 * (1 + 1.2) - 400 * (1.0 - 1.44) * -1.2, 1e-12);
  ad_test::check("rosen d/db", J2[1], 200 * (1.0 - 1.44), 1e-12);
  return ad_test::report();
}
