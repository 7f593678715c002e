// The seed's second workload: the negative log-likelihood of right-censored
// Weibull survival data, and its maximum-likelihood fit with a bounded
// quasi-Newton method (L-BFGS-B) that asks for value and gradient in one
// call, like scipy's minimize(nll, x0, args=(T, E), jac=True, bounds=...).
//
//   build/bin/weibull            print nll_grad at (1, 1), fit, print the result
//   build/bin/weibull --check    also fit with a hand-written gradient and
//                                compare (exit status 1 if they disagree)
#include <LBFGSB.h> // LBFGSpp, Debian's liblbfgspp-dev

#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

// p = (lambda, rho): scale and shape. t: times, e: 1 if the event was
// observed, 0 if censored. Only p is active: t and e get no d_ argument.
[[ad::differentiate("p")]]
double nll(const double *p, const double *t, const double *e, int n) {
  double lam = p[0], rho = p[1], ll = 0, ch = 0;
  for (int i = 0; i < n; ++i) {
    ll += e[i] * (std::log(rho) - std::log(lam) +
                  (rho - 1) * (std::log(t[i]) - std::log(lam)));
    ch += std::pow(t[i] / lam, rho);
  }
  return -(ll - ch);
}

// The independent check: the same gradient derived by hand.
static double nll_hand_gradient(const double *p, const double *t,
                                const double *e, int n, double *g) {
  double lam = p[0], rho = p[1], value = 0;
  g[0] = g[1] = 0;
  for (int i = 0; i < n; ++i) {
    double z = std::pow(t[i] / lam, rho), logz = std::log(t[i] / lam);
    value -= e[i] * (std::log(rho) - std::log(lam) + (rho - 1) * logz) - z;
    g[0] -= e[i] * (-rho / lam) + z * rho / lam;
    g[1] -= e[i] * (1 / rho + logz) - z * logz;
  }
  return value;
}

struct Data {
  std::vector<double> t, e;
};

// W2 of shared/bench/WORKLOADS.md: first all times, then all event flags.
static Data make_data(int n) {
  std::mt19937_64 rng(42);
  std::exponential_distribution<double> exponential(1.0);
  std::bernoulli_distribution observed(0.95);
  Data d{std::vector<double>(n), std::vector<double>(n)};
  for (double &ti : d.t)
    ti = std::pow(exponential(rng) / 1.5, 2.3);
  for (double &ei : d.e)
    ei = observed(rng) ? 1.0 : 0.0;
  return d;
}

struct FitResult {
  double fun;
  double x[2], jac[2];
  int nit, nfev;
  bool success;
  std::string message;
};

// Minimizes over lambda, rho >= 1e-5 from (1, 1) with L-BFGS-B and scipy's
// default settings (m = 10, pgtol = 1e-5, factr = 1e7). Gradient(p, g)
// returns the value and writes the gradient.
template <typename Gradient>
static FitResult fit(Gradient gradient) {
  using Vec = Eigen::VectorXd;
  LBFGSpp::LBFGSBParam<double> param;
  param.m = 10;
  param.epsilon = 1e-5;
  param.epsilon_rel = 0;
  param.past = 1;
  param.delta = 1e7 * std::numeric_limits<double>::epsilon();
  param.max_iterations = 15000;
  LBFGSpp::LBFGSBSolver<double> solver(param);

  FitResult r{};
  auto objective = [&](const Vec &x, Vec &g) {
    ++r.nfev;
    double p[2] = {x[0], x[1]}, dp[2] = {0, 0};
    double value = gradient(p, dp);
    g[0] = dp[0];
    g[1] = dp[1];
    return value;
  };
  Vec x(2), lb(2), ub(2);
  x << 1.0, 1.0;
  lb << 1e-5, 1e-5;
  ub << std::numeric_limits<double>::infinity(),
      std::numeric_limits<double>::infinity();
  try {
    r.nit = solver.minimize(objective, x, r.fun, lb, ub);
    r.success = true;
  } catch (const std::exception &ex) {
    r.success = false;
    r.message = std::string("ABNORMAL_TERMINATION_IN_LNSRCH: ") + ex.what();
  }
  Vec g(2);
  r.fun = objective(x, g);
  --r.nfev; // that evaluation only reports the final point
  double projected = 0;
  for (int k = 0; k < 2; ++k) {
    r.x[k] = x[k];
    r.jac[k] = g[k];
    double step = std::fmax(x[k] - g[k], lb[k]) - x[k];
    projected = std::fmax(projected, std::fabs(step));
  }
  if (r.success)
    r.message = projected <= param.epsilon
                    ? "CONVERGENCE: NORM_OF_PROJECTED_GRADIENT_<=_PGTOL"
                    : "CONVERGENCE: REL_REDUCTION_OF_F_<=_FACTR*EPSMCH";
  return r;
}

static void print(const FitResult &r) {
  std::printf("  message: %s\n", r.message.c_str());
  std::printf("  success: %s\n", r.success ? "True" : "False");
  std::printf("      fun: %.10g\n", r.fun);
  std::printf("        x: [ %.6e  %.6e]\n", r.x[0], r.x[1]);
  std::printf("      nit: %d\n", r.nit);
  std::printf("      jac: [ %.3e  %.3e]\n", r.jac[0], r.jac[1]);
  std::printf("     nfev: %d\n", r.nfev);
}

int main(int argc, char **argv) {
  bool check = argc > 1 && std::strcmp(argv[1], "--check") == 0;
  const int n = 1000;
  Data d = make_data(n);
  const double *t = d.t.data(), *e = d.e.data();

  double p0[2] = {1.0, 1.0}, dp0[2] = {0, 0};
  double value = nll_grad(p0, t, e, n, dp0);
  std::printf("nll(1, 1) = %.10g, gradient = [%.10g, %.10g]\n\n", value,
              dp0[0], dp0[1]);

  FitResult r = fit([&](const double *p, double *g) {
    return nll_grad(p, t, e, n, g); // value and gradient in one call
  });
  print(r);
  if (!check)
    return r.success ? 0 : 1;

  // The same fit with the hand-written gradient: both must agree.
  FitResult hand = fit([&](const double *p, double *g) {
    return nll_hand_gradient(p, t, e, n, g);
  });
  double dx = std::fmax(std::fabs(r.x[0] - hand.x[0]) / hand.x[0],
                        std::fabs(r.x[1] - hand.x[1]) / hand.x[1]);
  double g_hand[2];
  nll_hand_gradient(p0, t, e, n, g_hand);
  double dg = std::fmax(std::fabs(dp0[0] - g_hand[0]) / std::fabs(g_hand[0]),
                        std::fabs(dp0[1] - g_hand[1]) / std::fabs(g_hand[1]));
  double jac = std::fmax(std::fabs(r.jac[0]), std::fabs(r.jac[1]));
  std::printf("\ncheck: gradient at (1, 1) vs hand-written: %.2e relative\n", dg);
  std::printf("check: optimum vs fit with hand-written gradient: %.2e relative\n", dx);
  std::printf("check: |gradient| at the optimum: %.2e\n", jac);
  bool ok = r.success && hand.success && dg < 1e-12 && dx < 1e-6 && jac < 1e-3;
  std::printf("check: %s\n", ok ? "PASSED" : "FAILED");
  return ok ? 0 : 1;
}
