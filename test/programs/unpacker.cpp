// Likelihoods whose parameters come out of one flat array, as optimizers and
// samplers hand them over (contract §3: assignments and ++/-- inside larger
// expressions): `theta[k++]` in initializers, in a loop over coefficients
// and inside a call argument; counting down with `while (i-- > 0)` over an
// int and `while (t-- > 1)` over a size_t (which wraps past 0 at the end of
// the first loop); chained assignments `a = b = expr`, one of them with
// `theta[k++]` as expr; `*t++` through a moving pointer. Models:
// exponential smoothing (ETS(A,N,N)), a Student-t regression, a stationary
// AR(1) (unpacked by index and by pointer). Checked against forward mode
// (fz::dual on templated copies written without the unpacking idioms),
// central differences and f's value bit for bit.
// RUN: %adxx -O1 -Werror -I%ad_src/test/fuzz %s -o %t -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: FileCheck %s --input-file=%t.gen/unpacker.ad.cpp

#include "ad_test.hpp"
#include "dual.hpp"
#include <cmath>
#include <vector>

// theta = {logit of the smoothing weight, initial level, log sigma}.
[[ad::differentiate("theta")]]
double ses_nll(const std::vector<double> &theta, const std::vector<double> &y) {
  size_t k = 0;
  const double alpha = 1 / (1 + std::exp(-theta[k++]));
  double level, forecast;
  level = forecast = theta[k++];
  const double log_sigma = theta[k++];
  const double inv_var = std::exp(-2 * log_sigma);
  double sse = 0;
  for (double obs : y) {
    const double e = obs - forecast;
    sse += e * e;
    forecast = level = level + alpha * e;
  }
  return 0.5 * sse * inv_var + y.size() * log_sigma;
}
// CHECK-LABEL: {{^}}double ses_nll_grad(const std::vector<double> &theta, const std::vector<double> &y, double *d_theta) {
// CHECK:       {{^ +}}level = forecast = theta[k++];
// CHECK:       {{^ +}}forecast = level = level + alpha * e;
// CHECK:       {{^}}  // Reverse sweep
// CHECK:       {{^ +}}d_theta[(k - 1)] += _d_log_sigma;
// CHECK-NEXT:  {{^ +}}--k;

// theta = {intercept, p slopes, log sigma}; t errors with nu degrees of freedom.
[[ad::differentiate("theta")]]
double robust_regression_nll(const double *theta, const double *x,
                             const double *y, int n, int p, double nu) {
  int i = n;
  double nll = 0;
  while (i-- > 0) {
    int k = 0;
    double eta = theta[k++];
    for (int j = 0; j < p; ++j)
      eta += theta[k++] * x[i * p + j];
    const double sigma = std::exp(theta[k++]);
    const double r = (y[i] - eta) / sigma;
    nll += 0.5 * (nu + 1) * std::log1p(r * r / nu) + std::log(sigma);
  }
  return nll;
}
// CHECK-LABEL: {{^}}double robust_regression_nll_grad(const double *theta, const double *x, const double *y, int n, int p, double nu, double *d_theta) {
// CHECK:       {{^ +}}while (i-- > 0) {
// CHECK:       {{^ +}}eta += theta[k++] * x[i * p + j];
// CHECK:       {{^}}  // Reverse sweep
// CHECK:       {{^ +}}d_theta[(k - 1)] += _d_eta * x[i * p + j];

// theta = {mean, atanh of the autocorrelation, log sigma}; y[0] drawn from
// the stationary distribution.
[[ad::differentiate("theta")]]
double ar1_nll(const std::vector<double> &theta, const std::vector<double> &y) {
  size_t k = 0;
  const double mu = theta[k++];
  const double phi = std::tanh(theta[k++]);
  double sigma2, var0;
  var0 = sigma2 = std::exp(2 * theta[k++]);
  var0 /= 1 - phi * phi;
  double nll = 0;
  size_t t = y.size();
  while (t-- > 1) {
    const double e = y[t] - mu - phi * (y[t - 1] - mu);
    nll += 0.5 * e * e / sigma2;
  }
  const double d0 = y[0] - mu;
  return nll + 0.5 * d0 * d0 / var0 + 0.5 * std::log(var0) +
         0.5 * (y.size() - 1) * std::log(sigma2);
}
// CHECK-LABEL: {{^}}double ar1_nll_grad(const std::vector<double> &theta, const std::vector<double> &y, double *d_theta) {
// CHECK:       {{^ +}}var0 = sigma2 = std::exp(2 * theta[k++]);

// The same AR(1) model unpacked through a moving pointer, `*t++`, also inside
// a call's argument and a chained assignment.
[[ad::differentiate("theta")]]
double ar1_nll_ptr(const double *theta, const std::vector<double> &y) {
  const double *t = theta;
  const double mu = *t++;
  const double phi = std::tanh(*t++);
  double sigma2, var0;
  var0 = sigma2 = std::exp(2 * *t++);
  var0 /= 1 - phi * phi;
  double nll = 0;
  size_t s = y.size();
  while (s-- > 1) {
    const double e = y[s] - mu - phi * (y[s - 1] - mu);
    nll += 0.5 * e * e / sigma2;
  }
  const double d0 = y[0] - mu;
  return nll + 0.5 * d0 * d0 / var0 + 0.5 * std::log(var0) +
         0.5 * (y.size() - 1) * std::log(sigma2);
}
// The pointer's shadow moves with it, and back in the reverse sweep.
// CHECK-LABEL: {{^}}double ar1_nll_ptr_grad(const double *theta, const std::vector<double> &y, double *d_theta) {
// CHECK:       {{^}}  t = theta;
// CHECK-NEXT:  {{^}}  _d_t = d_theta;
// CHECK-NEXT:  {{^}}  mu = *t++;
// CHECK-NEXT:  {{^}}  ++_d_t;
// CHECK:       {{^}}  // Reverse sweep
// CHECK:       {{^}}  *(_d_t - 1) += _d_phi * ::ad::d::tanh(*(t - 1));
// CHECK-NEXT:  {{^}}  --t;
// CHECK-NEXT:  {{^}}  --_d_t;
// CHECK-NEXT:  {{^}}  *(_d_t - 1) += _d_mu;

// Not supported yet (see docs/reference.md): a `break` in a loop counting
// down with `while (i-- > 0)` (refused: "'++' or '--' in the condition of a
// loop that has a 'break'").

// The same models for any number type, indexing theta directly.
template <class T>
T ses_ref(const std::vector<T> &th, const std::vector<double> &y) {
  T alpha = 1.0 / (1.0 + exp(-th[0])), level = th[1], sse = 0.0;
  for (double obs : y) {
    sse += (obs - level) * (obs - level);
    level = level + alpha * (obs - level);
  }
  return 0.5 * sse * exp(-2.0 * th[2]) + double(y.size()) * th[2];
}

template <class T>
T regression_ref(const std::vector<T> &th, const std::vector<double> &x,
                 const std::vector<double> &y, int p, double nu) {
  T nll = 0.0, sigma = exp(th[p + 1]);
  for (size_t i = 0; i < y.size(); ++i) {
    T eta = th[0];
    for (int j = 0; j < p; ++j)
      eta += th[1 + j] * x[i * p + j];
    T r = (y[i] - eta) / sigma;
    nll += 0.5 * (nu + 1) * log1p(r * r / nu) + log(sigma);
  }
  return nll;
}

template <class T>
T ar1_ref(const std::vector<T> &th, const std::vector<double> &y) {
  T mu = th[0], phi = tanh(th[1]), s2 = exp(2.0 * th[2]);
  T v0 = s2 / (1.0 - phi * phi), nll = 0.0;
  for (size_t t = 1; t < y.size(); ++t) {
    T e = y[t] - mu - phi * (y[t - 1] - mu);
    nll += 0.5 * e * e / s2;
  }
  return nll + 0.5 * (y[0] - mu) * (y[0] - mu) / v0 + 0.5 * log(v0) +
         0.5 * double(y.size() - 1) * log(s2);
}

// Checks a gradient g of f at theta against forward mode of ref and central
// differences of f.
template <class F, class Ref>
void check_gradient(const char *name, F f, Ref ref, const std::vector<double> &theta,
                    const std::vector<double> &g) {
  for (size_t k = 0; k < theta.size(); ++k) {
    std::vector<fz::dual> td(theta.begin(), theta.end());
    td[k].d = 1;
    ad_test::check((std::string(name) + " vs forward mode").c_str(), g[k], ref(td).d, 1e-12);
    ad_test::check((std::string(name) + " vs central differences").c_str(), g[k],
                   ad_test::central_difference(
                       [&](double v) {
                         std::vector<double> t = theta;
                         t[k] = v;
                         return f(t);
                       },
                       theta[k]),
                   1e-6);
  }
}

int main() {
  // A short series with a level shift, and a longer oscillating one.
  const std::vector<std::vector<double>> series = {
      {1.1, 0.9, 1.4, 1.2, 0.7, 1.0, 2.1, 2.3, 1.9},
      [] {
        std::vector<double> y;
        for (int t = 0; t < 40; ++t)
          y.push_back(0.5 + std::sin(0.4 * t) + 0.2 * std::cos(1.7 * t));
        return y;
      }(),
  };
  for (const std::vector<double> &y : series) {
    for (const std::vector<double> &theta :
         {std::vector<double>{0.3, 1.0, -0.5}, std::vector<double>{-1.2, 0.4, 0.2}}) {
      std::vector<double> g(3);
      double value = ses_nll_grad(theta, y, g.data());
      ad_test::check("ses_nll value bit for bit", value == ses_nll(theta, y), 1, 0);
      ad_test::check("ses_ref agrees with ses_nll", ses_ref(theta, y), value, 1e-13);
      check_gradient("ses_nll d_theta", [&](const std::vector<double> &t) { return ses_nll(t, y); },
                     [&](const std::vector<fz::dual> &t) { return ses_ref(t, y); }, theta, g);

      std::vector<double> h(3);
      value = ar1_nll_grad(theta, y, h.data());
      ad_test::check("ar1_nll value bit for bit", value == ar1_nll(theta, y), 1, 0);
      ad_test::check("ar1_ref agrees with ar1_nll", ar1_ref(theta, y), value, 1e-13);
      check_gradient("ar1_nll d_theta", [&](const std::vector<double> &t) { return ar1_nll(t, y); },
                     [&](const std::vector<fz::dual> &t) { return ar1_ref(t, y); }, theta, h);

      std::vector<double> q(3);
      value = ar1_nll_ptr_grad(theta.data(), y, q.data());
      ad_test::check("ar1_nll_ptr value bit for bit", value == ar1_nll_ptr(theta.data(), y), 1,
                     0);
      ad_test::check("ar1_nll_ptr equals ar1_nll", value == ar1_nll(theta, y), 1, 0);
      check_gradient("ar1_nll_ptr d_theta",
                     [&](const std::vector<double> &t) { return ar1_nll_ptr(t.data(), y); },
                     [&](const std::vector<fz::dual> &t) { return ar1_ref(t, y); }, theta, q);
    }
  }

  // Regression with p = 1, 2, 3 covariates, n = 7 observations.
  for (int p = 1; p <= 3; ++p) {
    const int n = 7;
    const double nu = 3.5;
    std::vector<double> x(n * p), y(n), theta(p + 2);
    for (int i = 0; i < n * p; ++i)
      x[i] = std::cos(0.9 * i + p);
    for (int i = 0; i < n; ++i)
      y[i] = 1.0 + 0.5 * std::sin(1.3 * i) + (i == 4 ? 3.0 : 0.0); // one outlier
    for (int k = 0; k < p + 2; ++k)
      theta[k] = 0.4 - 0.3 * k;
    std::vector<double> g(p + 2);
    double value = robust_regression_nll_grad(theta.data(), x.data(), y.data(), n, p, nu,
                                              g.data());
    auto f = [&](const std::vector<double> &t) {
      return robust_regression_nll(t.data(), x.data(), y.data(), n, p, nu);
    };
    ad_test::check("robust_regression_nll value bit for bit", value == f(theta), 1, 0);
    ad_test::check("regression_ref agrees", regression_ref(theta, x, y, p, nu), value, 1e-13);
    check_gradient("robust_regression_nll d_theta", f,
                   [&](const std::vector<fz::dual> &t) { return regression_ref(t, x, y, p, nu); },
                   theta, g);
  }
  return ad_test::report();
}
