// Helpers of one real parameter called in a loop are computed with their
// derivative (plugin/lib/FusedCalls.cpp): `h = sigmoid(w * h + x[i])`
// becomes `h = ::ad::with_partial<&sigmoid_with_derivative, double>(w * h
// + x[i], _partials)`, which pushes dsigmoid/du; the reverse sweep
// multiplies by it instead of running sigmoid's pullback (an exp again per
// call: W5's LSTM gates). Also a helper with a branch (both sides taken), a
// helper with a loop of its own, a float helper given a double; and calls
// that keep their pullback: an argument the loop does not change, a helper
// of two parameters. Checked against a hand-written adjoint and central
// differences; the values bit for bit against f's.
// RUN: %adxx -O2 -Wall -Werror %s -o %t -fplugin-arg-ad-mode=reverse -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: FileCheck %s --input-file=%t.gen/fused_helpers.ad.cpp
// The default mode, and g++ on the emitted file:
// RUN: %adxx -O2 %s -o %t.default
// RUN: %t.default
// RUN: g++ -std=c++17 -O2 -Wall -Werror -I%runtime -I%ad_src/test/support %t.gen/fused_helpers.ad.cpp -o %t.gxx
// RUN: %t.gxx

#include "ad_test.hpp"
#include <cmath>

static double sigmoid(double u) { return 1 / (1 + std::exp(-u)); }

// A kink: both sides are taken by the data below.
static double softclip(double u) {
  if (u > 1)
    return 1 + std::log(u);
  return u;
}

// exp(u) - 1 by its series: a loop inside the helper.
static double expm1_series(double u) {
  double term = 1, sum = 0;
  for (int k = 1; k < 12; ++k) {
    term *= u / k;
    sum += term;
  }
  return sum;
}

// Its derivative, the series one term shorter.
static double expm1_series_derivative(double u) {
  double term = 1, sum = 1;
  for (int k = 1; k < 11; ++k) {
    term *= u / k;
    sum += term;
  }
  return sum;
}

static float halfsq(float u) { return 0.5f * u * u; }

static double scaled(double u, double s) { return s * std::sin(u); }

[[ad::differentiate("w")]]
double rnn(double w, const double *x, int n) {
  double h = 0.1;
  double s = 0;
  for (int i = 0; i < n; ++i) {
    h = sigmoid(w * h + x[i]);
    s += softclip(3 * h + x[i]) + expm1_series(h * w);
    s += sigmoid(w) * h;           // w: the same in every iteration
    s += scaled(h, 0.5);           // two parameters
  }
  return s;
}
// The helpers' gradients in forward mode, which with_partial calls, come
// first:
// CHECK-LABEL: {{^}}// sigmoid with its derivative, in forward mode: returns sigmoid's value and adds dsigmoid/du into its last argument.
// CHECK-NEXT:  {{^}}{{\[\[maybe_unused\]\]}} static double sigmoid_with_derivative(double u, double *d_u) {
// CHECK-LABEL: {{^}}double rnn_grad(
// CHECK:       {{^}}    h = ::ad::with_partial<&sigmoid_with_derivative, double>(w * h + x[i], _partials);
// CHECK:       {{^}}    s += ::ad::with_partial<&softclip_with_derivative, double>(3 * h + x[i], _partials) + expm1_series(h * w);
// CHECK:       {{^}}    s += {{(::)?}}sigmoid(w) * h;
// CHECK:       scaled_pullback(h, 0.5,
// CHECK:       sigmoid_pullback(w,
// CHECK-NOT:   softclip_pullback
// CHECK:       {{^}}  *d_w += _d_w;

// A float helper given a double: its derivative in float, as f computes.
[[ad::differentiate("w")]]
double squares(double w, const double *x, int n) {
  double s = 0;
  for (int i = 0; i < n; ++i)
    s += halfsq(w * x[i] - 1);
  return s;
}
// CHECK-LABEL: {{^}}double squares_grad(
// CHECK:       ::ad::with_partial<&halfsq_with_derivative, float>(w * x[i] - 1, _partials{{[_a-z]*}})


// The hand-written adjoint: forward storing h, backward through each
// statement of each iteration.
static double rnn_hand(double w, const double *x, int n, double &dw) {
  double hs[64], h = 0.1, s = 0;
  hs[0] = h;
  for (int i = 0; i < n; ++i) {
    h = sigmoid(w * hs[i] + x[i]);
    hs[i + 1] = h;
    s += softclip(3 * h + x[i]) + expm1_series(h * w);
    s += sigmoid(w) * h;
    s += scaled(h, 0.5);
  }
  double dh = 0;
  dw = 0;
  double sw = sigmoid(w);
  for (int i = n - 1; i >= 0; --i) {
    double hi = hs[i + 1];
    double u = 3 * hi + x[i];
    dh += 3 * (u > 1 ? 1 / u : 1.0);           // softclip
    dh += w * expm1_series_derivative(hi * w);
    dw += hi * expm1_series_derivative(hi * w);
    dh += sw;                                  // sigmoid(w) * h
    dw += sw * (1 - sw) * hi;
    dh += 0.5 * std::cos(hi);                  // scaled
    double a = hi * (1 - hi);                  // h = sigmoid(w h_i + x_i)
    dw += dh * a * hs[i];
    dh = dh * a * w;
  }
  return s;
}

int main() {
  const int n = 40;
  double x[n];
  for (int i = 0; i < n; ++i)
    x[i] = 0.9 * std::sin(0.7 * i) + (i % 5 == 0 ? 1.5 : -0.3); // both sides of softclip's kink
  for (double w : {0.7, -1.3, 2.5}) {
    double dw = 0, hw = 0;
    double v = rnn_grad(w, x, n, &dw);
    double hv = rnn_hand(w, x, n, hw);
    ad_test::check("rnn value bit for bit", v == rnn(w, x, n), 1, 0);
    ad_test::check("rnn value vs hand", v, hv, 1e-14);
    ad_test::check("rnn d_w vs hand", dw, hw, 1e-11);
    ad_test::check("rnn d_w vs central differences", dw,
                   ad_test::central_difference([&](double t) { return rnn(t, x, n); }, w), 1e-5);
  }
  for (double w : {0.3, -2.0}) {
    double dw = 0, hw = 0;
    double v = squares_grad(w, x, n, &dw);
    for (int i = 0; i < n; ++i) // d/dw 0.5 u^2 = u x_i, u rounded to float
      hw += static_cast<float>(w * x[i] - 1) * x[i];
    ad_test::check("squares value bit for bit", v == squares(w, x, n), 1, 0);
    ad_test::check("squares d_w vs hand", dw, hw, 1e-6);
    // A quadratic: central differences are exact up to rounding at any
    // step; a large one keeps float rounding out.
    ad_test::check("squares d_w vs central differences", dw,
                   ad_test::central_difference([&](double t) { return squares(t, x, n); }, w, 1e-2),
                   1e-5);
  }
  return ad_test::report();
}
