// f_hvp and f_hessian (contract §5, issue 12): second derivatives, built
// as the gradient of f_jvp's tangent (reverse over forward). Checked
// against hand-derived Hessians, central differences of f_grad, and the
// symmetry of H; the value bit for bit; both branches of an active
// condition; a helper, a loop that overwrites, a vector and a scalar
// parameter together; float; and a Newton iteration built from f_hessian
// that converges quadratically.
// RUN: %adxx -O1 -Wall -Wextra -Werror %s -o %t -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: FileCheck %s --input-file=%t.gen/hessians.ad.cpp
// RUN: %gxx -Wall -Wextra -Werror -fsyntax-only -I%runtime %t.gen/hessians.ad.cpp

#include "ad_test.hpp"
#include <cmath>
#include <vector>

[[ad::differentiate("x[n]")]]
double rosen(const double *x, int n) {
  double s = 0;
  for (int i = 0; i + 1 < n; ++i) {
    double a = x[i + 1] - x[i] * x[i];
    double b = 1 - x[i];
    s += 100 * a * a + b * b;
  }
  return s;
}
// The core (f_jvp's statements, the value as an output) is marked in the
// first stage, its gradient built in the second.
// CHECK:       {{^}}inline void rosen_hvp_core(const double *x, int n, const double *t_x, double *_value, double *t_ret) {
// CHECK:       {{^}}  *t_ret = _t_s;
// CHECK-NEXT:  {{^}}  *_value = s;
// CHECK-NEXT:  {{^}}  return;
// CHECK:       {{^}}inline void rosen_hvp_core_grad(const double *x, int n, const double *t_x, double *_value, double *t_ret, double *d_x, double *d_t_x, double *d__value, double *d_t_ret) {
// CHECK-LABEL: {{^}}inline double rosen_hvp(const double *x, int n, double *d_x, const double *t_x, double *hv_x) {
// CHECK:       {{^}}  rosen_hvp_core_grad(x, n, t_x, &_value, &_tangent, hv_x, d_x, &_d_value, &_d_tangent);
// CHECK-LABEL: {{^}}inline double rosen_hessian(const double *x, int n, double *hess) {
// CHECK:       {{^}}    _value = rosen_hvp(x, n, _d_x.data(), _t_x.data(), _hv_x.data());

static void rosen_hand_hessian(const double *x, int n, double *H) {
  for (int i = 0; i < n * n; ++i)
    H[i] = 0;
  for (int i = 0; i + 1 < n; ++i) {
    H[i * n + i] += 1200 * x[i] * x[i] - 400 * x[i + 1] + 2;
    H[i * n + i + 1] += -400 * x[i];
    H[(i + 1) * n + i] += -400 * x[i];
    H[(i + 1) * n + i + 1] += 200;
  }
}

// A helper, a scalar and a vector together; the branch depends on a.
static double softplus(double z) { return std::log1p(std::exp(z)); }

[[ad::differentiate]]
double mixed(double a, const std::vector<double> &w) {
  double s = 0;
  for (size_t i = 0; i < w.size(); ++i) {
    double z = a * w[i] - 0.5;
    s += softplus(z) * w[i];
  }
  if (a > 0)
    s += std::sin(a * w[0]) * w[1];
  else
    s += a * a * a * w[1];
  return s;
}

// Central differences of f_grad (an independent first derivative check of
// every column of H); n entries of the point p.
template <class Grad>
void hessian_by_differences(Grad grad, std::vector<double> p, std::vector<double> &H) {
  size_t n = p.size();
  H.assign(n * n, 0);
  for (size_t c = 0; c < n; ++c) {
    double h = 1e-5 * std::max(1.0, std::fabs(p[c]));
    std::vector<double> gp(n), gm(n);
    p[c] += h;
    grad(p, gp);
    p[c] -= 2 * h;
    grad(p, gm);
    p[c] += h;
    for (size_t r = 0; r < n; ++r)
      H[r * n + c] = (gp[r] - gm[r]) / (2 * h);
  }
}

[[ad::differentiate]]
float quartic(float a, float b) { return a * a * a * a + a * b * b; }

// Active parameters that are not const but only read (a hunt found them
// refused): a pointer with a stated size and a reference.
[[ad::differentiate("x[2]", "y")]]
double read_only(double *x, double &y) { return x[0] * x[0] * x[1] * y; }

// A helper returning a struct (a hunt found f_hvp refused: the
// pushforward wrote the result's tangent inside an initializer).
struct Pair2 {
  double x, y;
};
static Pair2 scaled(Pair2 a, double k) { return {k * a.x * a.x, k * a.y}; }
[[ad::differentiate]]
double via_struct(double u, double v) {
  Pair2 c = scaled(Pair2{u, v}, 2.0);
  return c.x * c.y;
}

// A static function: its derivatives this file does not call (f_jvp,
// f_jacobian, ...) must not warn at -Wall -Werror.
[[ad::differentiate]]
static double local_cubic(double x) { return x * x * x; }

// Newton's method on a strictly convex function of three variables.
[[ad::differentiate]]
double bowl(const double (&x)[3]) {
  double s = 0;
  for (int i = 0; i < 3; ++i)
    s += std::exp(x[i]) - (i + 1) * x[i];
  return s + 0.5 * (x[0] - x[1]) * (x[0] - x[1]) + 0.25 * x[2] * x[2] * x[1] * x[1];
}

static bool solve3(double A[9], double b[3], double x[3]) {
  for (int k = 0; k < 3; ++k) { // Gaussian elimination with partial pivoting
    int p = k;
    for (int i = k + 1; i < 3; ++i)
      if (std::fabs(A[i * 3 + k]) > std::fabs(A[p * 3 + k]))
        p = i;
    if (A[p * 3 + k] == 0)
      return false;
    for (int j = 0; j < 3; ++j)
      std::swap(A[k * 3 + j], A[p * 3 + j]);
    std::swap(b[k], b[p]);
    for (int i = k + 1; i < 3; ++i) {
      double m = A[i * 3 + k] / A[k * 3 + k];
      for (int j = k; j < 3; ++j)
        A[i * 3 + j] -= m * A[k * 3 + j];
      b[i] -= m * b[k];
    }
  }
  for (int i = 2; i >= 0; --i) {
    double s = b[i];
    for (int j = i + 1; j < 3; ++j)
      s -= A[i * 3 + j] * x[j];
    x[i] = s / A[i * 3 + i];
  }
  return true;
}

int main() {
  // rosen: f_hessian vs the hand-derived Hessian, f_hvp vs H t.
  const int n = 4;
  const double x[n] = {0.5, -0.3, 1.2, 0.9};
  double H[n * n], want[n * n];
  double value = rosen_hessian(x, n, H);
  ad_test::check("rosen_hessian value bit for bit", value == rosen(x, n), 1, 0);
  rosen_hand_hessian(x, n, want);
  for (int i = 0; i < n * n; ++i)
    ad_test::check("rosen_hessian vs hand", H[i], want[i], 1e-13);
  const double t[n] = {0.3, -1.0, 2.0, 0.5};
  double d[n] = {}, hv[n] = {}, g[n] = {};
  value = rosen_hvp(x, n, d, t, hv);
  rosen_grad(x, n, g);
  ad_test::check("rosen_hvp value bit for bit", value == rosen(x, n), 1, 0);
  for (int r = 0; r < n; ++r) {
    double Ht = 0;
    for (int c = 0; c < n; ++c)
      Ht += want[r * n + c] * t[c];
    ad_test::check("rosen_hvp H t vs hand", hv[r], Ht, 1e-13);
    ad_test::check("rosen_hvp gradient vs f_grad", d[r], g[r], 1e-15);
  }

  // mixed: both branches, f_hessian's columns (a, then w) vs central
  // differences of f_grad; symmetry.
  for (double a : {0.7, -0.4}) {
    std::vector<double> w = {0.3, -1.1, 0.8};
    std::vector<double> Hm(16), Hd;
    double v = mixed_hessian(a, w, Hm.data());
    ad_test::check("mixed_hessian value bit for bit", v == mixed(a, w), 1, 0);
    hessian_by_differences(
        [&](const std::vector<double> &p, std::vector<double> &grad) {
          double da = 0;
          std::vector<double> ww(p.begin() + 1, p.end()), dw(3);
          mixed_grad(p[0], ww, &da, dw.data());
          grad = {da, dw[0], dw[1], dw[2]};
        },
        {a, w[0], w[1], w[2]}, Hd);
    for (int i = 0; i < 16; ++i)
      ad_test::check(a > 0 ? "mixed_hessian (a > 0) vs differences of f_grad"
                           : "mixed_hessian (a <= 0) vs differences of f_grad",
                     Hm[i], Hd[i], 1e-6);
    for (int r = 0; r < 4; ++r)
      for (int c = 0; c < r; ++c)
        ad_test::check("mixed_hessian symmetric", Hm[r * 4 + c], Hm[c * 4 + r], 1e-13);
  }

  // float: H = [[12 a^2, 2 b], [2 b, 2 a]].
  float Hf[4];
  float vf = quartic_hessian(1.5f, -0.5f, Hf);
  ad_test::check("quartic_hessian value", vf == quartic(1.5f, -0.5f), 1, 0);
  ad_test::check("quartic_hessian aa", Hf[0], 27.0, 1e-6);
  ad_test::check("quartic_hessian ab", Hf[1], -1.0, 1e-6);
  ad_test::check("quartic_hessian ba", Hf[2], -1.0, 1e-6);
  ad_test::check("quartic_hessian bb", Hf[3], 3.0, 1e-6);

  {
    double x2[2] = {0.5, 1.5}, y = 2.0, Hr[9];
    double v = read_only_hessian(x2, y, Hr);
    ad_test::check("read_only_hessian value", v == read_only(x2, y), 1, 0);
    // columns x0, x1, y: f = x0^2 x1 y.
    const double want_r[9] = {2 * x2[1] * y, 2 * x2[0] * y, 2 * x2[0] * x2[1],
                              2 * x2[0] * y, 0, x2[0] * x2[0],
                              2 * x2[0] * x2[1], x2[0] * x2[0], 0};
    for (int k = 0; k < 9; ++k)
      ad_test::check("read_only_hessian vs hand", Hr[k], want_r[k], 1e-14);
  }
  {
    // f = 2 u^2 * 2 v = 4 u^2 v: H = [[8 v, 8 u], [8 u, 0]].
    double Hs[4];
    via_struct_hessian(0.5, 1.5, Hs);
    const double want_s[4] = {12, 4, 4, 0};
    for (int k = 0; k < 4; ++k)
      ad_test::check("via_struct_hessian vs hand", Hs[k], want_s[k], 1e-14);
  }
  double dl = 0, hl = 0;
  local_cubic_hvp(2.0, &dl, 1.0, &hl);
  ad_test::check("static function's f_hvp", hl, 12, 1e-14);

  // Newton with f_hessian: the gradient's norm squares at every step once
  // close (quadratic convergence), down to rounding.
  double p[3] = {0.5, 0.5, 0.5}, norms[8];
  int steps = 0;
  for (; steps < 8; ++steps) {
    double Hb[9], gb[3] = {}, dx[3];
    bowl_grad(p, gb);
    norms[steps] = std::sqrt(gb[0] * gb[0] + gb[1] * gb[1] + gb[2] * gb[2]);
    if (norms[steps] < 1e-13)
      break;
    bowl_hessian(p, Hb);
    for (double &gi : gb)
      gi = -gi;
    if (!solve3(Hb, gb, dx))
      break;
    for (int i = 0; i < 3; ++i)
      p[i] += dx[i];
  }
  ad_test::check("Newton converged", norms[steps] < 1e-13, 1, 0);
  ad_test::check("Newton steps", steps <= 6, 1, 0);
  for (int k = 1; k <= steps; ++k)
    if (norms[k - 1] < 1e-2 && norms[k] > 1e-13)
      ad_test::check("Newton quadratic: |g_k+1| <= 10 |g_k|^2", norms[k] <= 10 * norms[k - 1] * norms[k - 1], 1, 0);
  std::printf("Newton gradient norms:");
  for (int k = 0; k <= steps; ++k)
    std::printf(" %.3g", norms[k]);
  std::printf("\n");
  return ad_test::report();
}
