// f_jvp, f_jacobian, f_hvp and f_hessian of marked member functions
// (issue 12): members like
// f_grad, declared in the class and defined after it, const as f is; a
// static member function too. The object is not active (its data are
// constants). Checked against f_grad by transposition and hand-derived
// tangents and Jacobians (a pinhole projection through outputs).
// RUN: %adxx -O1 -Wall -Wextra -Werror %s -o %t -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: FileCheck %s --input-file=%t.gen/jvp_members.ad.cpp
// RUN: %gxx -Wall -Wextra -Werror -fsyntax-only -I%runtime %t.gen/jvp_members.ad.cpp

#include "ad_test.hpp"
#include <cmath>
#include <vector>

struct LineFit {
  std::vector<double> s, v;
  double offset = 0.25;
  [[ad::differentiate("p")]] double loss(const double *p) const {
    double total = 0;
    for (size_t i = 0; i < s.size(); ++i) {
      double r = p[0] * s[i] + p[1] + offset - v[i];
      total += r * r;
    }
    return total;
  }
  // CHECK:      {{^}}  double loss_jvp(const double *p, const double *t_p, double *t_ret) const;
  [[ad::differentiate]] static double bump(double a, double b) {
    return std::exp(-a * a) * std::sin(b);
  }
  // CHECK:      {{^}}  static double bump_jvp(double a, double b, double t_a, double t_b, double *t_ret);
};
// CHECK: {{^}}inline double LineFit::loss_jvp(const double *p, const double *t_p, double *t_ret) const {

struct Pinhole {
  double focal = 800;
  [[ad::differentiate("X[3]", "uv[2]")]] void project(const double *X, double *uv) const {
    uv[0] = focal * X[0] / X[2];
    uv[1] = focal * X[1] / X[2];
  }
  // CHECK: {{^}}  void project_jacobian(const double *X, double *uv, double *jac) const;
};

// CHECK: {{^}}inline void Pinhole::project_jacobian(const double *X, double *uv, double *jac) const {

// A logistic regression's negative log-likelihood over the object's data:
// f_hessian against the closed form X^T W X.
struct Logistic {
  std::vector<double> a;
  std::vector<int> y;
  [[ad::differentiate("w[2]")]] double nll(const double *w) const {
    double s = 0;
    for (size_t i = 0; i < a.size(); ++i) {
      double z = w[0] + w[1] * a[i];
      s += std::log1p(std::exp(z)) - y[i] * z;
    }
    return s;
  }
  // CHECK: {{^}}  double nll_hvp(const double *w, double *d_w, const double *t_w, double *hv_w) const;
  // CHECK: {{^}}  double nll_hessian(const double *w, double *hess) const;
};

int main() {
  const LineFit fit{{0.5, 1.0, 2.0}, {1.1, 1.9, 4.2}};
  const double p[2] = {1.5, -0.3}, t[2] = {0.7, -1.2};
  double tr = 0, g[2] = {};
  double v = fit.loss_jvp(p, t, &tr);
  ad_test::check("loss_jvp value bit for bit", v == fit.loss(p), 1, 0);
  fit.loss_grad(p, g);
  ad_test::check("loss_jvp vs f_grad", tr, g[0] * t[0] + g[1] * t[1], 1e-13);
  double hand = 0;
  for (int i = 0; i < 3; ++i) {
    double r = p[0] * fit.s[i] + p[1] + fit.offset - fit.v[i];
    hand += 2 * r * (t[0] * fit.s[i] + t[1]);
  }
  ad_test::check("loss_jvp vs hand", tr, hand, 1e-13);

  double tb = 0;
  double vb = LineFit::bump_jvp(0.4, 1.1, 1.0, 0.5, &tb);
  ad_test::check("bump_jvp value bit for bit", vb == LineFit::bump(0.4, 1.1), 1, 0);
  double want = -2 * 0.4 * std::exp(-0.16) * std::sin(1.1) + 0.5 * std::exp(-0.16) * std::cos(1.1);
  ad_test::check("bump_jvp vs hand", tb, want, 1e-14);
  double jb[2];
  LineFit::bump_jacobian(0.4, 1.1, jb);
  ad_test::check("bump_jacobian a", jb[0], -2 * 0.4 * std::exp(-0.16) * std::sin(1.1), 1e-14);
  ad_test::check("bump_jacobian b", jb[1], std::exp(-0.16) * std::cos(1.1), 1e-14);

  const Pinhole cam;
  const double X[3] = {0.5, -0.3, 4};
  double uv[2], J[2 * 5];
  cam.project_jacobian(X, uv, J); // columns: X, then uv's entry values
  const double want_J[2][3] = {{200, 0, -25}, {0, 200, 15}};
  for (int r = 0; r < 2; ++r) {
    for (int c = 0; c < 3; ++c)
      ad_test::check("project_jacobian vs hand", J[r * 5 + c], want_J[r][c], 1e-14);
    ad_test::check("project_jacobian: uv overwritten", J[r * 5 + 3] + J[r * 5 + 4], 0, 0);
  }
  const Logistic model{{0.1, -0.5, 1.2}, {1, 0, 1}};
  const double w[2] = {0.2, 0.7};
  double H[4], want_H[4] = {};
  double value = model.nll_hessian(w, H);
  ad_test::check("nll_hessian value bit for bit", value == model.nll(w), 1, 0);
  for (int i = 0; i < 3; ++i) {
    double prob = 1 / (1 + std::exp(-(w[0] + w[1] * model.a[i])));
    double row[2] = {1, model.a[i]};
    for (int r = 0; r < 2; ++r)
      for (int c = 0; c < 2; ++c)
        want_H[r * 2 + c] += prob * (1 - prob) * row[r] * row[c];
  }
  for (int k = 0; k < 4; ++k)
    ad_test::check("nll_hessian vs X^T W X", H[k], want_H[k], 1e-14);
  return ad_test::report();
}
