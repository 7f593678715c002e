// Custom pullbacks and tangents (contract §6, issue 12): [[ad::pullback_of("g")]] on a
// function taking g's parameters, the adjoint of g's real result, and an
// adjoint pointer per parameter of g holding reals. Every differentiated
// call of g uses it instead of g's body — also where g has no visible body
// (defined in Inputs/defined_elsewhere.cpp), also inside a helper's
// pullback, for an output parameter (a 2x2 solve: x's adjoint is the seed,
// A's and b's are added), with an argument that carries no derivative
// (a scratch value, or a null pointer for a raw array), for a vector
// parameter, for overloads (each rule attaches to the overload its leading
// parameters repeat) and in a namespace. Checked against hand-derived
// derivatives, against the generator's own derivative of the same functions
// with their bodies visible, and against central differences.
// [[ad::tangent_of("g")]] likewise gives f_jvp the forward rule of each
// body-less g (g's parameters, then one tangent per parameter holding
// reals; returns the result's tangent): f_jvp agrees with f_grad by
// transposition, <J t, 1> = <t, grad>.
// The checks below read the pullbacks (split=never); the default (split
// records and lean pullbacks, docs/design.md "Split calls") must agree.
// RUN: %adxx -O1 -Werror %s %S/Inputs/defined_elsewhere.cpp -o %t -fplugin-arg-ad-split=never -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: %adxx -O1 -Werror %s %S/Inputs/defined_elsewhere.cpp -o %t.split
// RUN: %t.split
// RUN: FileCheck %s --input-file=%t.gen/custom_pullbacks.ad.cpp

#include "ad_test.hpp"
#include <cmath>
#include <vector>

double norm_cdf(double x);
[[ad::pullback_of("norm_cdf")]]
void norm_cdf_pb(double x, double d_ret, double *d_x) {
  *d_x += d_ret * std::exp(-0.5 * x * x) / std::sqrt(2 * M_PI);
}

[[ad::tangent_of("norm_cdf")]]
double norm_cdf_t(double x, double t_x) {
  return t_x * std::exp(-0.5 * x * x) / std::sqrt(2 * M_PI);
}

void solve2(const double *A, const double *b, double *x);
// x = A^-1 b: x' = A^-1 (b' - A' x).
[[ad::tangent_of("solve2")]]
void solve2_t(const double *A, const double *b, double *x, const double *t_A, const double *t_b,
              double *t_x) {
  double xs[2];
  solve2(A, b, xs);
  // A constant matrix (fixed_matrix) has no tangent: t_A is nullptr.
  double rhs[2] = {t_b[0] - (t_A ? t_A[0] * xs[0] + t_A[1] * xs[1] : 0),
                   t_b[1] - (t_A ? t_A[2] * xs[0] + t_A[3] * xs[1] : 0)};
  (void)x;
  solve2(A, rhs, t_x);
}
// With x = A^-1 b: b's adjoint is A^-T x_bar, A's is -b_bar x^T; x is
// overwritten without being read, so its adjoint ends at 0. What solve2
// wrote into x is unspecified here: the rule solves again.
[[ad::pullback_of("solve2")]]
void solve2_pb(const double *A, const double *b, double *x, double *d_A, double *d_b,
               double *d_x) {
  (void)x;
  double xs[2], bb[2];
  solve2(A, b, xs);
  const double AT[4] = {A[0], A[2], A[1], A[3]};
  solve2(AT, d_x, bb);
  if (d_b) {
    d_b[0] += bb[0];
    d_b[1] += bb[1];
  }
  if (d_A) { // null when A carries no derivative
    d_A[0] -= bb[0] * xs[0];
    d_A[1] -= bb[0] * xs[1];
    d_A[2] -= bb[1] * xs[0];
    d_A[3] -= bb[1] * xs[1];
  }
  d_x[0] = d_x[1] = 0;
}

double sum_sq(const std::vector<double> &v);
[[ad::tangent_of("sum_sq")]]
double sum_sq_t(const std::vector<double> &v, const double *t_v) {
  double s = 0;
  for (std::size_t i = 0; i < v.size(); ++i)
    s += 2 * v[i] * t_v[i];
  return s;
}
[[ad::pullback_of("sum_sq")]]
void sum_sq_pb(const std::vector<double> &v, double d_ret, double *d_v) {
  for (std::size_t i = 0; i < v.size(); ++i)
    d_v[i] += 2 * v[i] * d_ret;
}

namespace stats {
double logistic(double x);
double logistic(double x, double k);
[[ad::pullback_of("logistic")]]
void logistic_pb(double x, double d_ret, double *d_x) {
  double p = logistic(x);
  *d_x += d_ret * p * (1 - p);
}
[[ad::pullback_of("logistic")]]
void logistic_k_pb(double x, double k, double d_ret, double *d_x, double *d_k) {
  double p = logistic(x, k);
  *d_x += d_ret * p * (1 - p) * k;
  *d_k += d_ret * p * (1 - p) * x;
}
[[ad::tangent_of("logistic")]]
double logistic_t(double x, double t_x) {
  double p = logistic(x);
  return p * (1 - p) * t_x;
}
[[ad::tangent_of("stats::logistic")]]
double logistic_k_t(double x, double k, double t_x, double t_k) {
  double p = logistic(x, k);
  return p * (1 - p) * (k * t_x + x * t_k);
}
} // namespace stats

// A body the generator could follow, replaced by a rule anyway.
static double softplus(double x) { return std::log(1 + std::exp(x)); }
[[ad::pullback_of("softplus")]]
static void softplus_pb(double x, double d_ret, double *d_x) {
  *d_x += d_ret / (1 + std::exp(-x));
}

static double tail(double z, double s) { return norm_cdf(z / s) * s; }

[[ad::differentiate]]
double model(double m, double s, double k) {
  double A[4] = {2 + s, 0.5, k, 3};
  double b[2] = {m, m * s};
  double x[2];
  solve2(A, b, x);
  std::vector<double> v{x[0], x[1], m * k};
  return tail(x[0] - m, s) * softplus(k * x[1]) + sum_sq(v) +
         stats::logistic(m) * stats::logistic(s, k);
}
// CHECK-LABEL: {{^}}static void tail_pullback(double z, double s, double _d_return, double *d_z, double *d_s) {
// CHECK:       {{^}}    norm_cdf_pb(z / s, _r{{[0-9]+}}, &_r{{[0-9]+}});
// CHECK-LABEL: {{^}}double model_grad(double m, double s, double k, double *d_m, double *d_s, double *d_k) {
// CHECK-DAG:   {{^}}  solve2_pb(A, b, x, _d_A, _d_b, _d_x);
// CHECK-DAG:   {{^}}    softplus_pb(k * x[1], {{.*}});
// CHECK-DAG:   {{^}}    sum_sq_pb(v, {{.*}}, _d_v.data());
// CHECK-DAG:   {{^}}    ::stats::logistic_pb(m, {{.*}});
// CHECK-DAG:   {{^}}    ::stats::logistic_k_pb(s, k, {{.*}});
// CHECK-NOT:   softplus{{_}}pullback
// CHECK-LABEL: {{^}}inline double model_jvp(double m, double s, double k, double t_m, double t_s, double t_k, double *t_ret) {
// CHECK:       {{^}}  solve2_t(A, b, x, _t_A, _t_b, _t_x);
// CHECK-NEXT:  {{^}}  solve2(A, b, x);

// A constant matrix: its adjoint pointer is null.
[[ad::differentiate]]
double fixed_matrix(double m) {
  const double A[4] = {2, 0.5, 0.25, 3};
  double b[2] = {m, m * m};
  double x[2];
  solve2(A, b, x);
  return x[0] * x[1];
}
// CHECK-LABEL: {{^}}double fixed_matrix_grad(double m, double *d_m) {
// CHECK:       {{^}}  solve2_pb(A, b, x, nullptr, _d_b, _d_x);

// The same functions with their bodies visible: the generator's own
// derivative, to compare with.
namespace visible {
double norm_cdf(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }
void solve2(const double *A, const double *b, double *x) {
  double det = A[0] * A[3] - A[1] * A[2];
  x[0] = (A[3] * b[0] - A[1] * b[1]) / det;
  x[1] = (A[0] * b[1] - A[2] * b[0]) / det;
}
double sum_sq(const std::vector<double> &v) {
  double s = 0;
  for (double e : v)
    s += e * e;
  return s;
}
double logistic(double x) { return 1 / (1 + std::exp(-x)); }
double logistic(double x, double k) { return 1 / (1 + std::exp(-k * x)); }
double softplus(double x) { return std::log(1 + std::exp(x)); }
double tail(double z, double s) { return norm_cdf(z / s) * s; }

[[ad::differentiate]]
double model(double m, double s, double k) {
  double A[4] = {2 + s, 0.5, k, 3};
  double b[2] = {m, m * s};
  double x[2];
  solve2(A, b, x);
  std::vector<double> v{x[0], x[1], m * k};
  return tail(x[0] - m, s) * softplus(k * x[1]) + sum_sq(v) + logistic(m) * logistic(s, k);
}
} // namespace visible

int main() {
  const double pts[][3] = {{0.3, 1.2, 0.7}, {-0.4, 0.8, 1.5}, {1.1, 2.0, -0.3}};
  for (const auto &p : pts) {
    double m = p[0], s = p[1], k = p[2];
    double g[3] = {}, w[3] = {};
    double v = model_grad(m, s, k, &g[0], &g[1], &g[2]);
    ad_test::check("model value bit for bit", v == model(m, s, k), 1, 0);
    visible::model_grad(m, s, k, &w[0], &w[1], &w[2]);
    for (int i = 0; i < 3; ++i) {
      ad_test::check("model vs the generator's derivative of the bodies", g[i], w[i], 1e-12);
      double q[3] = {m, s, k};
      ad_test::check("model vs central differences", g[i],
                     ad_test::central_difference([&](double t) {
                       double r[3] = {q[0], q[1], q[2]};
                       r[i] = t;
                       return model(r[0], r[1], r[2]);
                     }, q[i]),
                     1e-6);
    }
    // f_jvp with the tangent rules, along (0.3, -0.5, 0.8).
    double t[3] = {0.3, -0.5, 0.8}, tr = 0;
    v = model_jvp(m, s, k, t[0], t[1], t[2], &tr);
    ad_test::check("model_jvp value bit for bit", v == model(m, s, k), 1, 0);
    ad_test::check("model_jvp vs f_grad by transposition", tr,
                   t[0] * g[0] + t[1] * g[1] + t[2] * g[2], 1e-12);
    // fixed_matrix: x = A^-1 (m, m^2), hand-derived.
    double dm = 0;
    v = fixed_matrix_grad(m, &dm);
    ad_test::check("fixed_matrix value bit for bit", v == fixed_matrix(m), 1, 0);
    double det = 2 * 3 - 0.5 * 0.25;
    double x0 = (3 * m - 0.5 * m * m) / det, x1 = (2 * m * m - 0.25 * m) / det;
    double dx0 = (3 - m) / det, dx1 = (4 * m - 0.25) / det;
    ad_test::check("fixed_matrix vs hand", dm, dx0 * x1 + x0 * dx1, 1e-12);
  }
  return ad_test::report();
}
