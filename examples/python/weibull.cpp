// The seed's second workload, for Python (weibull_fit.py, seed.ipynb): the
// negative log-likelihood of right-censored Weibull survival data, as in
// shared/bench/WORKLOADS.md W2 and examples/weibull/weibull.cpp.
#include <cmath>
#include <random>

// p = (lambda, rho): scale and shape. t: times, e: 1 if the event was
// observed, 0 if censored. Only p is active: Python's nll.grad is d nll/d p.
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

// W2's data, drawn exactly as the C++ example draws it (std::mt19937_64
// seeded 42; first all times, then all event flags), so that the Python fit
// and examples/weibull's fit see the same sample. Not differentiated: Python
// calls it through the compiled library (m.library.weibull_data).
extern "C" void weibull_data(int n, double *t, double *e) {
  std::mt19937_64 rng(42);
  std::exponential_distribution<double> exponential(1.0);
  std::bernoulli_distribution observed(0.95);
  for (int i = 0; i < n; ++i)
    t[i] = std::pow(exponential(rng) / 1.5, 2.3);
  for (int i = 0; i < n; ++i)
    e[i] = observed(rng) ? 1.0 : 0.0;
}
