// The compile-time benchmark's second file (bench/compile_time.sh): heavy
// standard headers, one marked function, its gradient called in main. The
// plain compile defines AD_BENCH_COMPILE_TIME (there is no f_grad then).
#include <cmath>
#include <iostream>
#include <map>
#include <random>
#include <vector>

[[ad::differentiate]]
double weighted_sines(const std::vector<double> &x) {
  double s = 0;
  for (double v : x)
    s += std::sin(v) * v;
  return s;
}

int main() {
  std::mt19937 g(1);
  std::normal_distribution<double> n;
  std::vector<double> x(10), d(10);
  for (auto &v : x)
    v = n(g);
  std::map<int, double> m;
#ifndef AD_BENCH_COMPILE_TIME
  m[1] = weighted_sines_grad(x, d.data());
#else
  m[1] = weighted_sines(x);
#endif
  std::cout << m[1] << " " << d[0] << "\n";
}
