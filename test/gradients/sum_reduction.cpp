// Sum reductions (docs/performance.md): a loop that only adds terms into
// sums, with terms that read active variables the loop does not change,
// gets no reverse loop; its partials are summed in the forward loop. Shapes
// covered: a likelihood over std::vector (t[i], t.size()), -= and a ?: term, continue/break and an inactive local in the
// body, pow/exp/sqrt reusing their values, a loop-invariant call hoisted (and
// one not hoisted because f may not run it), a
// sum whose value earlier statements' adjoints read (saved and restored), a
// reduction inside a helper called in a loop, float. Loops that do not fit
// (a sum read inside its loop) keep the reverse loop. Each gradient is
// checked against a hand-derived one and central differences.
// Reverse mode (forced: these functions have one active input, which
// otherwise gets forward mode), then forward mode, checked at run time.
// RUN: %adxx -fplugin-arg-ad-split=never -O2 %s -o %t -fplugin-arg-ad-mode=reverse -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// Every helper call split (SplitCalls.cpp) gives the same results:
// RUN: %adxx -fplugin-arg-ad-split=always -O2 %s -o %t.split
// RUN: %t.split
// RUN: FileCheck %s --input-file=%t.gen/sum_reduction.ad.cpp
// RUN: %adxx -O2 %s -o %t.fwd -fplugin-arg-ad-emit=%t.fwd.gen
// RUN: %t.fwd

#include "ad_test.hpp"

#include <cmath>
#include <vector>

[[ad::differentiate]]
double shapes(double x, double y, int n) {
  double s = 0, q = 1;
  for (int i = 0; i < n; ++i) {
    int k = i % 3;
    if (k == 2)
      continue;
    double w = 0.5 * i;
    s += w * std::exp(x * k) + std::sqrt(y + i);
    q -= k ? std::pow(x, 2.5) / (i + 1) : y * std::log(x);
    if (i > 7)
      break;
  }
  return s * q;
}
// CHECK-LABEL: {{^}}double shapes_grad(double x, double y, int n, double *d_x, double *d_y) {
// CHECK-NOT:   Tape
// CHECK-NOT:   {{^}}  _t{{[0-9]+}} = s;
// CHECK:       {{^}}  for (i = 0; i < n; ++i) {
// CHECK-NEXT:  {{^}}    int k = i % 3;
// CHECK-NEXT:  {{^}}    if (k == 2) {
// CHECK-NEXT:  {{^}}      continue;
// CHECK-NEXT:  {{^}}    }
// CHECK-NEXT:  {{^}}    double w = 0.5 * i;
// CHECK-NEXT:  {{^}}    double [[E:_v[0-9]+]] = std::exp(x * k);
// CHECK-NEXT:  {{^}}    double [[R:_v[0-9]+]] = std::sqrt(y + i);
// CHECK-NEXT:  {{^}}    s += w * [[E]] + [[R]];
// CHECK-NEXT:  {{^}}    _ds_dx += w * [[E]] * k;
// CHECK-NEXT:  {{^}}    _ds_dy += 1 / (2 * [[R]]);
// Calls in a ?: arm, or after a continue, are not hoisted (f may not run them).
// CHECK-NEXT:  {{^}}    q -= k ? std::pow(x, 2.5) / (i + 1) : y * std::log(x);
// CHECK-NEXT:  {{^}}    if (k) {
// CHECK-NEXT:  {{^}}      _dq_dx += -1.0 / (i + 1) * ::ad::d::pow_dx(x, 2.5);
// CHECK-NEXT:  {{^}}    } else {
// CHECK-NEXT:  {{^}}      _dq_dy += -std::log(x);
// CHECK-NEXT:  {{^}}      _dq_dx += -y * (1 / (x));
// CHECK-NEXT:  {{^}}    }
// CHECK:       {{^}}    if (i > 7) {
// CHECK-NEXT:  {{^}}      break;
// CHECK-NEXT:  {{^}}    }
// CHECK-NEXT:  {{^}}  }
// CHECK-NOT:   {{^ +}}for (;
// CHECK:       {{^}}  _d_x += _d_s * _ds_dx;
// CHECK:       {{^}}  return _ret;

static double shapes_hand(double x, double y, int n, double &dx, double &dy) {
  double s = 0, q = 1, sx = 0, sy = 0, qx = 0, qy = 0;
  for (int i = 0; i < n; ++i) {
    int k = i % 3;
    if (k == 2)
      continue;
    s += 0.5 * i * std::exp(x * k) + std::sqrt(y + i);
    sx += 0.5 * i * k * std::exp(x * k);
    sy += 0.5 / std::sqrt(y + i);
    if (k) {
      q -= std::pow(x, 2.5) / (i + 1);
      qx -= 2.5 * std::pow(x, 1.5) / (i + 1);
    } else {
      q -= y * std::log(x);
      qx -= y / x;
      qy -= std::log(x);
    }
    if (i > 7)
      break;
  }
  dx = sx * q + s * qx;
  dy = sy * q + s * qy;
  return s * q;
}

// The sum is read inside its loop: its adjoint changes from one iteration
// to the next, so the reverse loop stays.
[[ad::differentiate]]
double feedback(double x, int n) {
  double s = 1;
  for (int i = 0; i < n; ++i)
    s += std::sin(x * s);
  return s;
}
// CHECK-LABEL: {{^}}double feedback_grad(double x, int n, double *d_x) {
// CHECK:       {{^}}  for (; _t0; _t0--) {

static double feedback_hand(double x, int n, double &dx) {
  double s = 1, ds = 0;
  for (int i = 0; i < n; ++i) {
    double c = std::cos(x * s);
    ds += c * (s + x * ds);
    s += std::sin(x * s);
  }
  dx = ds;
  return s;
}

// r's adjoint reads s as it was before the loop; the return reads it after:
// the loop saves s and the reverse sweep puts it back.
[[ad::differentiate]]
double restored(double x, int n) {
  double s = x * x;
  double r = s * x;
  for (int i = 0; i < n; ++i)
    s += std::cos(x + i);
  return r + s * s;
}
// CHECK-LABEL: {{^}}double restored_grad(double x, int n, double *d_x) {
// CHECK:       {{^}}  [[SAVED:_t[0-9]+]] = s;
// CHECK-NEXT:  {{^}}  for (i = 0; i < n; ++i) {
// CHECK:       {{^}}  _d_x += _d_s * _ds_dx;
// CHECK-NEXT:  {{^}}  s = [[SAVED]];

static double restored_hand(double x, int n, double &dx) {
  double s0 = x * x, s = s0, ds = 0;
  for (int i = 0; i < n; ++i) {
    s += std::cos(x + i);
    ds -= std::sin(x + i);
  }
  dx = 3 * x * x + 2 * s * (2 * x + ds);
  return s0 * x + s * s;
}

// A reduction in a helper, called from a loop: the helper's pullback has
// no reverse loop either.
static double weighted_exp(const double *a, double x, int n) {
  double s = 0;
  for (int i = 0; i < n; ++i)
    s += a[i] * std::exp(x * a[i]);
  return s;
}

[[ad::differentiate]]
double nested(double x) {
  const double a[3] = {0.5, -1, 2};
  double r = 0;
  for (int j = 1; j <= 3; ++j)
    r += weighted_exp(a, x * j, 3) / j;
  return r;
}
// CHECK-LABEL: {{^}}static void weighted_exp_pullback(const double *a, double x, int n, double _d_return, double *d_x) {
// CHECK:       {{^}}    _ds_dx += a[i] * [[V:_v[0-9]+]] * a[i];
// CHECK-NOT:   {{^ +}}for (;
// CHECK:       {{^}}  _d_x += _d_s * _ds_dx;

static double nested_hand(double x, double &dx) {
  const double a[3] = {0.5, -1, 2};
  double r = 0;
  dx = 0;
  for (int j = 1; j <= 3; ++j)
    for (int i = 0; i < 3; ++i) {
      r += a[i] * std::exp(x * j * a[i]) / j;
      dx += a[i] * a[i] * std::exp(x * j * a[i]);
    }
  return r;
}

[[ad::differentiate]]
float single(float x, int n) {
  float s = 0;
  for (int i = 0; i < n; ++i)
    s += std::exp(-x * i) * 0.5f;
  return s;
}
// CHECK-LABEL: {{^}}float single_grad(float x, int n, float *d_x) {
// CHECK:       {{^}}  float _ds_dx = 0;
// CHECK-NOT:   {{^ +}}for (;

// The likelihood as users often write it, over std::vector.
[[ad::differentiate("p")]]
double nll_vec(const std::vector<double> &p, const std::vector<double> &t) {
  double lam = p[0], rho = p[1], s = 0;
  for (std::size_t i = 0; i < t.size(); ++i)
    s += std::pow(t[i] / lam, rho) - std::log(rho / lam);
  return s;
}
// CHECK-LABEL: {{^}}double nll_vec_grad(const std::vector<double> &p, const std::vector<double> &t, double *d_p) {
// CHECK:       {{^}}  i = 0;
// CHECK-NEXT:  {{^}}  if (i < t.size()) {
// CHECK-NEXT:  {{^}}    _c0 = std::log(rho / lam);
// CHECK-NEXT:  {{^}}  }
// CHECK-NEXT:  {{^}}  for (; i < t.size(); ++i) {
// CHECK-NEXT:  {{^}}    double [[V:_v[0-9]+]] = std::pow(t[i] / lam, rho);
// CHECK-NEXT:  {{^}}    s += [[V]] - _c0;
// CHECK-NEXT:  {{^}}    double [[R:_r[0-9]+]] = -(1 / (rho / lam));
// CHECK-NEXT:  {{^}}    _ds_drho += ::ad::d::pow_dy(t[i] / lam, rho, [[V]]) + [[R]] / lam;
// CHECK-NOT:   {{^ +}}for (;
// CHECK:       {{^}}  return _ret;

int main() {
  {
    const std::vector<double> t = {0.4, 1.3, 2.2, 0.9, 3.1};
    const double lams[] = {0.8, 1.4}, rhos[] = {0.7, 1.9};
    for (double lam : lams)
      for (double rho : rhos) {
        std::vector<double> p = {lam, rho};
        double dp[2] = {0, 0}, want0 = 0, want1 = 0;
        double value = nll_vec_grad(p, t, dp);
        for (double ti : t) {
          double z = std::pow(ti / lam, rho);
          want0 += -rho * z / lam + 1 / lam;
          want1 += z * std::log(ti / lam) - 1 / rho;
        }
        ad_test::check("nll_vec value bit for bit", value == nll_vec(p, t), 1, 0);
        ad_test::check("nll_vec d/dlam vs hand", dp[0], want0, 1e-10);
        ad_test::check("nll_vec d/drho vs hand", dp[1], want1, 1e-10);
        for (int k = 0; k < 2; ++k)
          ad_test::check("nll_vec vs central differences", dp[k],
                         ad_test::central_difference([&](double v) {
                           std::vector<double> q = p;
                           q[k] = v;
                           return nll_vec(q, t);
                         }, p[k]), 1e-6);
      }
  }

  const double points[][2] = {{0.7, 1.3}, {1.6, 0.4}, {0.3, 2.2}};
  for (const auto &p : points) {
    double x = p[0], y = p[1];
    double dx = 0, dy = 0, hx, hy;
    double value = shapes_grad(x, y, 12, &dx, &dy);
    ad_test::check("shapes value bit for bit", value == shapes(x, y, 12), 1, 0);
    ad_test::check("shapes value vs hand", value, shapes_hand(x, y, 12, hx, hy), 1e-12);
    ad_test::check("shapes d_x vs hand", dx, hx, 1e-10);
    ad_test::check("shapes d_y vs hand", dy, hy, 1e-10);
    ad_test::check("shapes d_x vs central differences", dx,
                   ad_test::central_difference([&](double v) { return shapes(v, y, 12); }, x), 1e-6);
    ad_test::check("shapes d_y vs central differences", dy,
                   ad_test::central_difference([&](double v) { return shapes(x, v, 12); }, y), 1e-6);

    dx = 0;
    value = feedback_grad(x, 6, &dx);
    ad_test::check("feedback value", value, feedback_hand(x, 6, hx), 1e-12);
    ad_test::check("feedback d_x vs hand", dx, hx, 1e-10);
    ad_test::check("feedback d_x vs central differences", dx,
                   ad_test::central_difference([](double v) { return feedback(v, 6); }, x), 1e-6);

    dx = 0;
    value = restored_grad(x, 5, &dx);
    ad_test::check("restored value", value, restored_hand(x, 5, hx), 1e-12);
    ad_test::check("restored d_x vs hand", dx, hx, 1e-10);
    ad_test::check("restored d_x vs central differences", dx,
                   ad_test::central_difference([](double v) { return restored(v, 5); }, x), 1e-6);

    dx = 0;
    value = nested_grad(x, &dx);
    ad_test::check("nested value", value, nested_hand(x, hx), 1e-12);
    ad_test::check("nested d_x vs hand", dx, hx, 1e-10);
    ad_test::check("nested d_x vs central differences", dx,
                   ad_test::central_difference(nested, x), 1e-6);

    float fx = 0;
    float fvalue = single_grad(float(x), 20, &fx);
    double want = 0;
    for (int i = 0; i < 20; ++i)
      want += -i * std::exp(-x * i) * 0.5;
    ad_test::check("float value bit for bit", fvalue == single(float(x), 20), 1, 0);
    ad_test::check("float d_x vs hand", fx, want, 1e-5);
  }
  return ad_test::report();
}
