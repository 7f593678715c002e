// The table of ad-bench and the runner of vector-gradient workloads.
#include "table.hpp"

#include "heap.hpp"
#include "timing.hpp"
#include "workloads.hpp"

#include <ad/tape.hpp>

#include <cmath>
#include <cstdio>

namespace bench {

namespace {
bool every_gradient_ok = true;
}

double rel_err(double a, double b) { return std::fabs(a - b) / std::fmax(std::fabs(b), 1.0); }

bool all_ok() { return every_gradient_ok; }

void print_table(const char *workload, std::vector<Variant> &vs) {
  double primal = vs[0].ns, hand = vs[2].ns;
  for (const Variant &v : vs) {
    std::printf("%-4s %-8s %14.0f", workload, v.name.c_str(), v.ns);
    if (v.is_gradient) {
      std::printf("  %8.2f  %8.2f  %9.1e  %9.1e", v.ns / primal, v.ns / hand,
                  v.err_hand, v.err_fd);
      bool ok = v.err_hand < 1e-10 && v.err_fd < 1e-5;
      every_gradient_ok &= ok;
      if (v.tape_known)
        std::printf("  %12zu", v.tape_bytes);
      else
        std::printf("  %12s", "n/a");
      if (v.heap_known)
        std::printf("  %12zu", v.heap_bytes);
      else
        std::printf("  %12s", "n/a");
      std::printf("  %s", ok ? "ok" : "WRONG");
    }
    std::printf("\n");
  }
  std::fflush(stdout);
}

void note_peak_heap(Variant &v, const std::function<void()> &call) {
  v.heap_bytes = peak_heap(call);
  v.heap_known = heap_measurable();
}

void measure(std::vector<Variant> &vs, int samples, double min_seconds) {
  std::vector<std::function<double()>> calls;
  for (auto &v : vs)
    calls.push_back(v.call);
  auto ns = min_ns_per_call(calls, samples, min_seconds);
  for (size_t v = 0; v < vs.size(); ++v)
    vs[v].ns = ns[v];
}

void run_vector(const char *name, const std::vector<double> &x,
                const std::function<double(const double *)> &primal,
                const std::vector<VectorGrad> &grads, int samples, double min_seconds) {
  const std::size_t n = x.size();
  auto gradient_call = [&](const VectorGrad &g) {
    return [&x, n, g] {
      std::vector<double> d(n, 0.0);
      return g(x.data(), d.data()) + d[0];
    };
  };
  std::vector<Variant> vs = {{"primal", [&x, primal] { return primal(x.data()); }, false},
                             {"ad", gradient_call(grads[0]), true},
                             {"hand", gradient_call(grads[1]), true},
                             {"adolc", gradient_call(grads[2]), true},
                             {"sacado", gradient_call(grads[3]), true}};
  std::vector<double> dh(n, 0.0);
  grads[1](x.data(), dh.data());
  // Components are compared relative to the gradient's size, its sum of
  // magnitudes: W6's entries are about 1e-167 (an error relative to 1 would
  // check nothing), W7's a softmax of a million entries summing to 1 (one
  // relative to its largest, 1e-5, would take rounding for an error).
  double scale = 0;
  for (double g : dh)
    scale += std::fabs(g);
  scale = std::fmax(scale, 1e-300);
  auto component_err = [scale](double a, double b) {
    return std::fabs(a - b) / std::fmax(std::fabs(b), scale);
  };
  for (size_t v = 1; v < vs.size(); ++v) {
    std::vector<double> d(n, 0.0);
    ad::tape_statistics() = {};
    double value = grads[v - 1](x.data(), d.data());
    vs[v].tape_bytes = v == 3 ? adolc_tape_bytes() : ad::tape_statistics().peak_bytes;
    vs[v].err_hand = std::fabs(value - primal(x.data())) / std::fmax(std::fabs(value), 1.0);
    for (std::size_t k = 0; k < n; ++k)
      vs[v].err_hand = std::fmax(vs[v].err_hand, component_err(d[k], dh[k]));
    for (std::size_t k : {std::size_t(0), n / 2, n - 1}) {
      std::vector<double> p = x, m = x;
      const double h = 1e-6;
      p[k] += h;
      m[k] -= h;
      double fd = (primal(p.data()) - primal(m.data())) / (2 * h);
      vs[v].err_fd = std::fmax(vs[v].err_fd, component_err(d[k], fd));
    }
    note_peak_heap(vs[v], [&] { grads[v - 1](x.data(), d.data()); });
  }
  vs[2].tape_known = false; // no tape
  vs[4].tape_known = false;
  measure(vs, samples, min_seconds);
  print_table(name, vs);
}

} // namespace bench
