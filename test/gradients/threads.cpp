// Generated code shares nothing between calls: tapes, shadow vectors, redo
// logs and static helpers' state are the call's own. Four threads call
// several f_grad (a loop that tapes, std::vector locals and a vector
// output, a helper writing through a pointer, a lambda), f_jvp and f_hvp
// at once, many times each, and every result must equal, bit for bit, the
// one computed before on the main thread alone. (Run under the sanitizer
// suite too, where ThreadSanitizer is not used: a race here shows as a
// mismatch.)
// RUN: %adxx -O1 -Werror -pthread %s -o %t
// RUN: %t

#include "ad_test.hpp"

#include <cmath>
#include <thread>
#include <vector>

[[ad::differentiate]]
double recurrence(double x, double y) {
  double s = 0;
  for (int i = 0; i < 200; ++i)
    s = std::sin(s * y + x) + 0.01 * i;
  return s;
}

static void smooth_into(const std::vector<double> &v, double *out) {
  for (std::size_t i = 0; i + 1 < v.size(); ++i)
    out[i] = 0.5 * (v[i] + v[i + 1]);
}

[[ad::differentiate("x", "last")]]
double vectors(const double *x, int n, double *last) {
  std::vector<double> v(x, x + n);
  std::vector<double> w(n - 1);
  smooth_into(v, w.data());
  auto square = [](double t) { return t * t; };
  double s = 0;
  for (double e : w)
    s += square(std::exp(-e));
  *last = w.back();
  return s;
}

struct Results {
  std::vector<double> values, grads;
  bool operator==(const Results &o) const { return values == o.values && grads == o.grads; }
};

static Results run(int seed) {
  Results r;
  for (int k = 0; k < 200; ++k) {
    double x = 0.1 + 0.001 * ((k * 7 + seed * 13) % 100), y = 0.3 + 0.002 * k;
    double dx = 0, dy = 0;
    r.values.push_back(recurrence_grad(x, y, &dx, &dy));
    r.grads.push_back(dx);
    r.grads.push_back(dy);
    double t = 0;
    r.values.push_back(recurrence_jvp(x, y, 1.0, -0.5, &t));
    r.grads.push_back(t);
    double d[2] = {0, 0}, hv[2] = {0, 0};
    r.values.push_back(recurrence_hvp(x, y, &d[0], &d[1], 1.0, 0.0, &hv[0], &hv[1]));
    r.grads.insert(r.grads.end(), {d[0], d[1], hv[0], hv[1]});

    const int n = 6;
    double xs[n], dxs[n] = {}, last = 0, d_last = 0.25;
    for (int i = 0; i < n; ++i)
      xs[i] = std::cos(x * (i + 1));
    r.values.push_back(vectors_grad(xs, n, &last, dxs, &d_last));
    r.values.push_back(last);
    r.grads.insert(r.grads.end(), dxs, dxs + n);
  }
  return r;
}

int main() {
  const int threads = 4;
  std::vector<Results> alone;
  for (int t = 0; t < threads; ++t)
    alone.push_back(run(t));
  for (int round = 0; round < 5; ++round) {
    std::vector<Results> together(threads);
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t)
      pool.emplace_back([&, t] { together[t] = run(t); });
    for (std::thread &th : pool)
      th.join();
    for (int t = 0; t < threads; ++t)
      ad_test::check("results of a thread equal the single-threaded ones", together[t] == alone[t],
                     1, 0);
  }
  // And the single-threaded results are right (against central differences).
  double dx = 0, dy = 0;
  recurrence_grad(0.4, 0.7, &dx, &dy);
  ad_test::check("recurrence d_x vs central differences", dx,
                 ad_test::central_difference([](double v) { return recurrence(v, 0.7); }, 0.4), 1e-6);
  return ad_test::report();
}
