// f_jvp of marked function templates (issue 12): declared as a template
// with f's template parameters, specialized for each instantiation that a
// call of f_jvp deduces (also with explicit template arguments). Checked
// against f_grad by transposition and against hand-derived tangents.
// RUN: %adxx -O1 -Wall -Wextra -Werror %s -o %t -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: FileCheck %s --input-file=%t.gen/jvp_templates.ad.cpp
// RUN: %gxx -Wall -Wextra -Werror -fsyntax-only -I%runtime %t.gen/jvp_templates.ad.cpp

#include "ad_test.hpp"
#include <cmath>
#include <vector>

template <class T>
[[ad::differentiate("x[n]")]] T rosen(const T *x, int n) {
  T s = 0;
  for (int i = 0; i + 1 < n; ++i)
    s += 100 * (x[i + 1] - x[i] * x[i]) * (x[i + 1] - x[i] * x[i]) + (1 - x[i]) * (1 - x[i]);
  return s;
}
// CHECK:      {{^}}template <class T> T rosen_jvp(const T *x, int n, const T *t_x, T *t_ret);
// CHECK-NEXT: {{^}}template <> inline double rosen_jvp<double>(const double *x, int n, const double *t_x, double *t_ret);
// CHECK-NEXT: {{^}}template <> inline float rosen_jvp<float>(const float *x, int n, const float *t_x, float *t_ret);

// Two template parameters, a vector, a parameter that is not active.
template <class T, class U>
[[ad::differentiate("a", "w")]] T wsum(T a, const std::vector<T> &w, U k) {
  T s = 0;
  for (auto v : w)
    s += std::sin(a * v) * k;
  return s;
}
// CHECK: {{^}}template <class T, class U> T wsum_jvp(T a, const std::vector<T> &w, U k, T t_a, const T *t_w, T *t_ret);

// Outputs through a pointer.
template <class T>
[[ad::differentiate("x", "y")]] void polar(const T *x, T *y) {
  y[0] = std::hypot(x[0], x[1]);
  y[1] = std::atan2(x[1], x[0]);
}

int main() {
  const double x[4] = {0.5, -0.3, 1.2, 0.9}, t[4] = {0.3, -1.0, 2.0, 0.5};
  double tr = 0, g[4] = {};
  double v = rosen_jvp(x, 4, t, &tr);
  ad_test::check("rosen_jvp value bit for bit", v == rosen(x, 4), 1, 0);
  rosen_grad(x, 4, g);
  double dot = 0;
  for (int i = 0; i < 4; ++i)
    dot += g[i] * t[i];
  ad_test::check("rosen_jvp vs f_grad", tr, dot, 1e-13);

  const float xf[2] = {0.5f, 0.1f}, tf[2] = {0, 1};
  float trf = 0;
  rosen_jvp<float>(xf, 2, tf, &trf);
  ad_test::check("rosen_jvp<float> vs hand", trf, 200 * (0.1 - 0.25), 1e-6);

  std::vector<double> w = {0.3, 0.7};
  const double tw[2] = {0, 1};
  double tw_ret = 0;
  double a = 0.5;
  wsum_jvp(a, w, 2, 1.0, tw, &tw_ret);
  double want = 2 * (0.3 * std::cos(a * 0.3) + 0.7 * std::cos(a * 0.7)) + 2 * a * std::cos(a * 0.7);
  ad_test::check("wsum_jvp vs hand", tw_ret, want, 1e-14);

  double p[2] = {0.6, 0.8}, q[2] = {7, 7}, tp[2] = {1, 0}, tq[2] = {5, 5};
  polar_jvp(p, q, tp, tq);
  ad_test::check("polar_jvp r", tq[0], 0.6, 1e-14);
  ad_test::check("polar_jvp theta", tq[1], -0.8, 1e-14);
  return ad_test::report();
}
