// A European call priced by Monte Carlo under Black-Scholes dynamics, as a
// quant writes it (contract §2, §3): std::mt19937 and
// std::normal_distribution locals, payoff std::max(S - K, 0.0), discounted
// mean. The draws are calls that are not pure: f_grad must draw exactly the
// same numbers in the same order (its value is f's bit for bit) and must not
// draw again in the reverse sweep. Four versions: the draw in its own
// statement; the draw inside the payoff expression; a path simulated in
// time steps with `S *= std::exp(... + ... * normal(gen))`; the same steps
// taken by a helper given the draw as an argument,
// `gbm_step(S, mu_dt, sig_sqdt, normal(gen))`. The gradient w.r.t. S0, r
// and sigma is the pathwise estimator of delta, rho and vega:
// checked against the pathwise formulas evaluated in the test on the same
// draws (same seeds), against central differences (the estimator is
// piecewise smooth in the parameters for fixed draws) and f's value.
// The checks below read the pullbacks (split=never); the default (split
// records and lean pullbacks, docs/design.md "Split calls") must agree.
// RUN: %adxx -O1 -Werror %s -o %t -fplugin-arg-ad-split=never -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: %adxx -O1 -Werror %s -o %t.split
// RUN: %t.split
// RUN: FileCheck %s --input-file=%t.gen/monte_carlo.ad.cpp

#include "ad_test.hpp"
#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

[[ad::differentiate("S0", "r", "sigma")]]
double mc_call(double S0, double K, double r, double sigma, double T, int paths,
               unsigned seed) {
  std::mt19937 gen(seed);
  std::normal_distribution<double> normal(0.0, 1.0);
  const double drift = (r - 0.5 * sigma * sigma) * T;
  const double vol = sigma * std::sqrt(T);
  double sum = 0;
  for (int i = 0; i < paths; ++i) {
    const double z = normal(gen);
    const double ST = S0 * std::exp(drift + vol * z);
    sum += std::max(ST - K, 0.0);
  }
  return std::exp(-r * T) * sum / paths;
}
// CHECK-LABEL: {{^}}double mc_call_grad(double S0, double K, double r, double sigma, double T, int paths, unsigned int seed, double *d_S0, double *d_r, double *d_sigma) {
// CHECK:       {{^}}  std::normal_distribution<double> normal{};
// CHECK:       {{^ +}}z = normal(gen);
// CHECK:       {{^}}  // Reverse sweep
// CHECK-NOT:   normal(gen)
// CHECK:       {{^ +}}max_pullback(ST - K, 0.0, _d_sum, &_r{{[0-9]+}});
// CHECK:       {{^}}  return _ret;

[[ad::differentiate("S0", "r", "sigma")]]
double mc_call_inline(double S0, double K, double r, double sigma, double T,
                      int paths, unsigned seed) {
  std::mt19937 gen(seed);
  std::normal_distribution<double> normal;
  const double drift = (r - 0.5 * sigma * sigma) * T;
  const double vol = sigma * std::sqrt(T);
  double sum = 0;
  for (int i = 0; i < paths; ++i)
    sum += std::max(S0 * std::exp(drift + vol * normal(gen)) - K, 0.0);
  return std::exp(-r * T) * sum / paths;
}
// CHECK-LABEL: {{^}}double mc_call_inline_grad(
// CHECK:       {{^ +}}[[V:_v[0-9]+]] = normal(gen);
// CHECK:       {{^ +}}sum += std::max(S0 * std::exp(drift + vol * [[V]]) - K, 0.0);
// CHECK:       {{^}}  // Reverse sweep
// CHECK-NOT:   normal(gen)
// CHECK:       {{^ +}}max_pullback(S0 * std::exp(drift + vol * [[V]]) - K, 0.0, _d_sum, &_r{{[0-9]+}});
// CHECK:       {{^}}  return _ret;

[[ad::differentiate("S0", "r", "sigma")]]
double mc_call_steps(double S0, double K, double r, double sigma, double T,
                     int paths, int steps, unsigned seed) {
  std::mt19937 gen(seed);
  std::normal_distribution<double> normal;
  const double dt = T / steps;
  const double mu_dt = (r - 0.5 * sigma * sigma) * dt;
  const double sig_sqdt = sigma * std::sqrt(dt);
  double sum = 0;
  for (int i = 0; i < paths; ++i) {
    double S = S0;
    for (int k = 0; k < steps; ++k)
      S *= std::exp(mu_dt + sig_sqdt * normal(gen));
    sum += std::max(S - K, 0.0);
  }
  return std::exp(-r * T) * sum / paths;
}
// CHECK-LABEL: {{^}}double mc_call_steps_grad(
// CHECK:       {{^}}  // Reverse sweep
// CHECK-NOT:   normal(gen)
// CHECK:       {{^}}  return _ret;

// The draw passed as an argument of a call statement: a helper stepping the
// path through a reference. The draw is bound once; the helper's pullback
// gets the stored number.
void gbm_step(double &S, double mu_dt, double sig_sqdt, double z) {
  S *= std::exp(mu_dt + sig_sqdt * z);
}

[[ad::differentiate("S0", "r", "sigma")]]
double mc_call_helper(double S0, double K, double r, double sigma, double T,
                      int paths, int steps, unsigned seed) {
  std::mt19937 gen(seed);
  std::normal_distribution<double> normal;
  const double dt = T / steps;
  const double mu_dt = (r - 0.5 * sigma * sigma) * dt;
  const double sig_sqdt = sigma * std::sqrt(dt);
  double sum = 0;
  for (int i = 0; i < paths; ++i) {
    double S = S0;
    for (int k = 0; k < steps; ++k)
      gbm_step(S, mu_dt, sig_sqdt, normal(gen));
    sum += std::max(S - K, 0.0);
  }
  return std::exp(-r * T) * sum / paths;
}
// CHECK-LABEL: {{^}}double mc_call_helper_grad(
// CHECK:       {{^ +}}[[Z:_v[0-9]+]] = normal(gen);
// CHECK-NEXT:  {{^ +}}_values.push([[Z]]);
// CHECK:       {{^ +}}gbm_step(S, mu_dt, sig_sqdt, [[Z]]);
// CHECK:       {{^}}  // Reverse sweep
// CHECK-NOT:   normal(gen)
// CHECK:       {{^ +}}[[Z]] = _values.pop();
// CHECK:       {{^ +}}gbm_step_pullback(S, mu_dt, sig_sqdt, [[Z]], &_d_S, &_d_mu_dt, &_d_sig_sqdt);
// CHECK-NOT:   normal(gen)
// CHECK:       {{^}}  return _ret;

// The pathwise estimators on the draws of the same generator: for each path
// with log-return sigma sqrt(T) Z and Z = (sum of the step draws) / sqrt(steps),
// S_T = S0 exp((r - sigma^2/2) T + sigma sqrt(T) Z), and where S_T > K
//   d/dS0 = S_T / S0,  d/dr = T S_T,  d/dsigma = S_T (sqrt(T) Z - sigma T);
// the price is exp(-rT) * mean, so d/dr also gets -T * price.
struct Greeks { double price, delta, rho, vega; };
Greeks pathwise(double S0, double K, double r, double sigma, double T, int paths,
                int steps, unsigned seed) {
  std::mt19937 gen(seed);
  std::normal_distribution<double> normal;
  long double pay = 0, delta = 0, rho = 0, vega = 0;
  for (int i = 0; i < paths; ++i) {
    double zsum = 0;
    for (int k = 0; k < steps; ++k)
      zsum += normal(gen);
    const double Z = zsum / std::sqrt(steps);
    const double ST = S0 * std::exp((r - 0.5 * sigma * sigma) * T + sigma * std::sqrt(T) * Z);
    if (ST > K) {
      pay += ST - K;
      delta += ST / S0;
      rho += T * ST;
      vega += ST * (std::sqrt(T) * Z - sigma * T);
    }
  }
  const double disc = std::exp(-r * T) / paths;
  return {double(disc * pay), double(disc * delta), double(disc * rho - T * disc * pay),
          double(disc * vega)};
}

int main() {
  struct Market { double S0, K, r, sigma, T; int paths, steps; unsigned seed; };
  const Market cases[] = {
      {100, 105, 0.03, 0.2, 1.0, 2000, 12, 42},
      {100, 80, 0.05, 0.35, 0.5, 1000, 4, 7},   // deep in the money
      {50, 70, 0.01, 0.25, 2.0, 1500, 24, 2024}, // out of the money
  };
  for (const Market &m : cases) {
    const double x[3] = {m.S0, m.r, m.sigma};
    const char *name[3] = {"d_S0 (delta)", "d_r (rho)", "d_sigma (vega)"};
    for (int version = 0; version < 4; ++version) {
      const int steps = version >= 2 ? m.steps : 1;
      // f at (S0, r, sigma) = y, the other arguments fixed.
      auto f = [&](const double *y) {
        switch (version) {
        case 0: return mc_call(y[0], m.K, y[1], y[2], m.T, m.paths, m.seed);
        case 1: return mc_call_inline(y[0], m.K, y[1], y[2], m.T, m.paths, m.seed);
        case 2: return mc_call_steps(y[0], m.K, y[1], y[2], m.T, m.paths, steps, m.seed);
        default: return mc_call_helper(y[0], m.K, y[1], y[2], m.T, m.paths, steps, m.seed);
        }
      };
      double d[3] = {0, 0, 0}, value;
      switch (version) {
      case 0:
        value = mc_call_grad(m.S0, m.K, m.r, m.sigma, m.T, m.paths, m.seed, &d[0], &d[1], &d[2]);
        break;
      case 1:
        value = mc_call_inline_grad(m.S0, m.K, m.r, m.sigma, m.T, m.paths, m.seed, &d[0],
                                    &d[1], &d[2]);
        break;
      case 2:
        value = mc_call_steps_grad(m.S0, m.K, m.r, m.sigma, m.T, m.paths, steps, m.seed,
                                   &d[0], &d[1], &d[2]);
        break;
      default:
        value = mc_call_helper_grad(m.S0, m.K, m.r, m.sigma, m.T, m.paths, steps, m.seed,
                                    &d[0], &d[1], &d[2]);
      }
      const char *names[4] = {"mc_call", "mc_call_inline", "mc_call_steps",
                              "mc_call_helper"};
      const std::string fn = names[version];
      ad_test::check((fn + " value bit for bit").c_str(), value == f(x), 1, 0);
      const Greeks g = pathwise(m.S0, m.K, m.r, m.sigma, m.T, m.paths, steps, m.seed);
      const double want[3] = {g.delta, g.rho, g.vega};
      ad_test::check((fn + " price vs pathwise reference").c_str(), value, g.price, 1e-12);
      for (int k = 0; k < 3; ++k) {
        ad_test::check((fn + " " + name[k] + " vs pathwise formula").c_str(), d[k], want[k],
                       1e-11);
        double fd = ad_test::central_difference(
            [&](double t) {
              double y[3] = {x[0], x[1], x[2]};
              y[k] = t;
              return f(y);
            },
            x[k]);
        ad_test::check((fn + " " + name[k] + " vs central differences").c_str(), d[k], fd,
                       1e-6);
      }
    }
  }
  return ad_test::report();
}
