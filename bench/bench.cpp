// ad-bench: the workloads of shared/bench/WORKLOADS.md with every gradient
// variant in one binary: the primal, ad's f_grad, a hand-written adjoint, and
// the tape-based libraries ADOL-C and Sacado. Prints, per variant: ns per
// call, gradient/primal, gradient/hand-written, maximum relative error
// against the hand-written adjoint and against central differences, peak
// tape memory and peak heap growth. Exit status 1 if a correctness check
// fails.
//
//   ad-bench           the full measurement (about a minute)
//   ad-bench --tiny    one short sample at small sizes (for the test suite)
//   ad-bench W4 W5     only the workloads named
#include "runners.hpp"
#include "table.hpp"
#include "timing.hpp"
#include "workloads.hpp"

#include <ad/tape.hpp>

#include <cmath>
#include <cstdio>
#include <algorithm>
#include <cstring>
#include <string>
#include <vector>
#include <functional>
#include <random>
#include <string>
#include <vector>

namespace {

using bench::Variant;
using bench::rel_err;

using W1Grad = double (*)(double, double *);
using NllGrad = double (*)(const double *, const double *, const double *, int, double *);

void run_w1(int samples, double min_seconds) {
  std::vector<double> xs(250);
  for (int k = 0; k < 250; ++k)
    xs[k] = -2 + 4.0 * k / 249;
  auto gradient_call = [&](W1Grad g) {
    return [&xs, g] {
      double s = 0;
      for (double x : xs) {
        double d = 0;
        s += g(x, &d) + d;
      }
      return s;
    };
  };
  std::vector<Variant> vs = {
      {"primal", [&xs] { double s = 0; for (double x : xs) s += w1(x); return s; }, false},
      {"ad", gradient_call(w1_ad), true},
      {"hand", gradient_call(w1_hand), true},
      {"adolc", gradient_call(w1_adolc), true},
      {"sacado", gradient_call(w1_sacado), true}};
  W1Grad grads[] = {nullptr, w1_ad, w1_hand, w1_adolc, w1_sacado};
  for (size_t v = 1; v < vs.size(); ++v) {
    for (double x : xs) {
      double d = 0, dh = 0;
      ad::tape_statistics() = {};
      double value = grads[v](x, &d);
      vs[v].tape_bytes = std::max(vs[v].tape_bytes, ad::tape_statistics().peak_bytes);
      w1_hand(x, &dh);
      const double h = 1e-6;
      double fd = (w1(x + h) - w1(x - h)) / (2 * h);
      vs[v].err_hand = std::fmax(vs[v].err_hand, rel_err(d, dh));
      vs[v].err_fd = std::fmax(vs[v].err_fd, rel_err(d, fd));
      vs[v].err_hand = std::fmax(vs[v].err_hand, rel_err(value, w1(x)));
    }
    double d = 0;
    bench::note_peak_heap(vs[v], [&] { grads[v](xs[0], &d); });
  }
  vs[2].tape_known = false; // a local array, not a tape
  vs[3].tape_bytes = 0;
  double d;
  w1_adolc(1.0, &d);
  vs[3].tape_bytes = adolc_tape_bytes();
  vs[4].tape_known = false;
  bench::measure(vs, samples, min_seconds);
  bench::print_table("W1", vs);
}

void run_nll(const char *name, int n, int samples, double min_seconds) {
  std::mt19937_64 rng(42);
  std::exponential_distribution<double> exponential(1.0);
  std::bernoulli_distribution observed(0.95);
  std::vector<double> t(n), e(n);
  for (double &ti : t) ti = std::pow(exponential(rng) / 1.5, 2.3);
  for (double &ei : e) ei = observed(rng) ? 1.0 : 0.0;
  const double points[2][2] = {{1.0, 1.0}, {0.7, 1.3}};
  const double *T = t.data(), *E = e.data();
  auto gradient_call = [&](NllGrad g) {
    return [T, E, n, g, &points] {
      double s = 0;
      for (const auto &p : points) {
        double dp[2] = {0, 0};
        s += g(p, T, E, n, dp) + dp[0] + dp[1];
      }
      return s;
    };
  };
  std::vector<Variant> vs = {
      {"primal", [T, E, n, &points] { return nll(points[0], T, E, n) + nll(points[1], T, E, n); }, false},
      {"ad", gradient_call(nll_ad), true},
      {"hand", gradient_call(nll_hand), true},
      {"adolc", gradient_call(nll_adolc), true},
      {"sacado", gradient_call(nll_sacado), true}};
  NllGrad grads[] = {nullptr, nll_ad, nll_hand, nll_adolc, nll_sacado};
  for (size_t v = 1; v < vs.size(); ++v) {
    for (const auto &p : points) {
      double dp[2] = {0, 0}, dh[2] = {0, 0};
      ad::tape_statistics() = {};
      double value = grads[v](p, T, E, n, dp);
      vs[v].tape_bytes = std::max(vs[v].tape_bytes, ad::tape_statistics().peak_bytes);
      nll_hand(p, T, E, n, dh);
      vs[v].err_hand = std::fmax(vs[v].err_hand, std::fabs(value - nll(p, T, E, n)) / std::fabs(value));
      for (int k = 0; k < 2; ++k) {
        double q[2] = {p[0], p[1]}, r[2] = {p[0], p[1]};
        const double h = 1e-6;
        q[k] += h;
        r[k] -= h;
        double fd = (nll(q, T, E, n) - nll(r, T, E, n)) / (2 * h);
        vs[v].err_hand = std::fmax(vs[v].err_hand, rel_err(dp[k], dh[k]));
        vs[v].err_fd = std::fmax(vs[v].err_fd, rel_err(dp[k], fd));
      }
    }
    double dp[2] = {0, 0};
    bench::note_peak_heap(vs[v], [&] { grads[v](points[0], T, E, n, dp); });
  }
  vs[2].tape_bytes = 0;
  vs[3].tape_bytes = adolc_tape_bytes();
  vs[4].tape_known = false;
  bench::measure(vs, samples, min_seconds);
  bench::print_table(name, vs);
}

void run_lse(int n, int samples, double min_seconds) {
  std::mt19937_64 rng(42);
  std::normal_distribution<double> normal(0, 1);
  std::vector<double> x(n);
  for (double &v : x) v = normal(rng);
  bench::run_vector("W7", x, [n](const double *p) { return lse(p, n); },
             {[n](const double *p, double *d) { return lse_ad(p, n, d); },
              [n](const double *p, double *d) { return lse_hand(p, n, d); },
              [n](const double *p, double *d) { return lse_adolc(p, n, d); },
              [n](const double *p, double *d) { return lse_sacado(p, n, d); }},
             samples, min_seconds);
}

void run_llsq(int n, int m, int samples, double min_seconds) {
  std::mt19937_64 rng(42);
  std::normal_distribution<double> normal(0, 1);
  std::vector<double> x(m);
  for (double &v : x) v = normal(rng);
  bench::run_vector("W8", x, [m, n](const double *p) { return llsq(p, m, n); },
             {[m, n](const double *p, double *d) { return llsq_ad(p, m, n, d); },
              [m, n](const double *p, double *d) { return llsq_hand(p, m, n, d); },
              [m, n](const double *p, double *d) { return llsq_adolc(p, m, n, d); },
              [m, n](const double *p, double *d) { return llsq_sacado(p, m, n, d); }},
             samples, min_seconds);
}

} // namespace

int main(int argc, char **argv) {
  // ad-bench [--tiny] [W1 W4 ...]: all workloads, or those named.
  bool tiny = false;
  std::vector<std::string> only;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--tiny") == 0)
      tiny = true;
    else
      only.push_back(argv[i]);
  }
  auto wanted = [&](const char *name) {
    return only.empty() || std::find(only.begin(), only.end(), name) != only.end();
  };
  int samples = tiny ? 1 : 7;
  double min_seconds = tiny ? 0.001 : 0.05;
  std::printf("%-4s %-8s %14s  %8s  %8s  %9s  %9s  %12s  %12s\n", "", "variant",
              "ns/call", "/primal", "/hand", "err hand", "err fd", "tape bytes", "peak heap");
  // W9 first: ADOL-C keeps its store of locations after the large tapes of
  // W3 and W7 (a million live adoubles), and every later small tape then
  // costs time in proportion to it (W9's 31,843 tapes per call took over
  // 15 s a call after W7, 0.2 s before).
  if (wanted("W9"))
    bench::run_w9_ba(tiny, samples, min_seconds);
  if (wanted("W1"))
    run_w1(samples, min_seconds);
  if (wanted("W2"))
    run_nll("W2", 1000, samples, min_seconds);
  if (wanted("W3"))
    run_nll("W3", tiny ? 10000 : 1000000, samples, min_seconds);
  if (wanted("W4"))
    bench::run_w4_gmm(tiny, samples, min_seconds);
  if (wanted("W5"))
    bench::run_w5_lstm(tiny, samples, min_seconds);
  if (wanted("W6"))
    bench::run_w6_ode(tiny, samples, min_seconds);
  if (wanted("W7"))
    run_lse(tiny ? 10000 : 1000000, samples, min_seconds);
  if (wanted("W8"))
    run_llsq(tiny ? 256 : 4096, 64, samples, min_seconds);
  std::printf("%s\n", bench::all_ok() ? "all gradients correct" : "SOME GRADIENTS WRONG");
  return bench::all_ok() ? 0 : 1;
}
