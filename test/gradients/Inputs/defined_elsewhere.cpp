// Functions the test of custom pullbacks calls without seeing their bodies
// (another translation unit, compiled without the plugin's help).
#include <cmath>
#include <vector>

double norm_cdf(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }

// x = A^-1 b for a 2x2 matrix A (row-major).
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

namespace stats {
double logistic(double x) { return 1 / (1 + std::exp(-x)); }
double logistic(double x, double k) { return 1 / (1 + std::exp(-k * x)); }
} // namespace stats
