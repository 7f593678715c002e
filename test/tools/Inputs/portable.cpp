// Several constructs in one file, for checking that the generated source is
// portable C++17 (see ad_gen_portable.test): prints values and gradients.
#include <cmath>
#include <cstdio>
#include <random>
#include <vector>

[[ad::differentiate]]
double sin_recursion(double x) {
  double y = 0.;
  for (int i = 0; i < 100; ++i)
    y = std::sin(y + x);
  return y;
}

[[ad::differentiate("p")]]
double weibull(const double *p, const double *t, const double *e, int n) {
  double lam = p[0], rho = p[1], ll = 0, ch = 0;
  for (int i = 0; i < n; ++i) {
    ll += e[i] * (std::log(rho) - std::log(lam) + (rho - 1) * (std::log(t[i]) - std::log(lam)));
    ch += std::pow(t[i] / lam, rho);
  }
  return -(ll - ch);
}

[[ad::differentiate]]
double branches(double x, double y) {
  double s = 0;
  int k = 0;
  while (s < 5 && k < 40) {
    if (s > x) {
      s += y * 0.5;
    } else {
      s = s * 1.1 + x;
    }
    switch (k % 3) {
    case 0:
      s -= 0.01 * y;
      break;
    case 1:
      continue;
    default:
      s += 0.02 * x;
    }
    ++k;
  }
  if (s > 100)
    return std::sqrt(s);
  return s * y;
}

static double smooth_step(double a, double w) { return a / (1 + std::exp(-a * w)); }

void euler(double h, const double *y, double *out) {
  out[0] = y[0] + h * y[1];
  out[1] = y[1] - h * std::sin(y[0]);
}

[[ad::differentiate]]
double calls(double x, double w) {
  double y[2] = {x, 0};
  double next[2];
  for (int i = 0; i < 20; ++i) {
    euler(0.05, y, next);
    y[0] = next[0];
    y[1] = smooth_step(next[1], w);
  }
  return y[0] * y[1];
}

int main() {
  for (double x : {-1.5, 0.3, 1.7}) {
    double dx = 0;
    double v = sin_recursion_grad(x, &dx);
    std::printf("sin_recursion %.17g %.17g\n", v, dx);
  }
  std::mt19937_64 rng(42);
  std::exponential_distribution<double> exponential(1.0);
  std::vector<double> t(200), e(200);
  for (double &ti : t) ti = std::pow(exponential(rng) / 1.5, 2.3);
  for (int i = 0; i < 200; ++i) e[i] = i % 10 ? 1.0 : 0.0;
  double p[2] = {0.8, 1.2}, dp[2] = {0, 0};
  double v = weibull_grad(p, t.data(), e.data(), 200, dp);
  std::printf("weibull %.17g %.17g %.17g\n", v, dp[0], dp[1]);
  for (double x : {0.5, 2.5}) {
    double dx = 0, dy = 0;
    double b = branches_grad(x, 1.3, &dx, &dy);
    std::printf("branches %.17g %.17g %.17g\n", b, dx, dy);
  }
  double dx = 0, dw = 0;
  double c = calls_grad(0.9, 1.4, &dx, &dw);
  std::printf("calls %.17g %.17g %.17g\n", c, dx, dw);
}
