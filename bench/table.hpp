// The table ad-bench prints, and the measurement of a gradient with respect
// to one vector (W4-W8), shared by every workload's runner.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace bench {

struct Variant {
  std::string name;
  std::function<double()> call; // one call of the workload
  bool is_gradient;
  std::size_t tape_bytes = 0;
  bool tape_known = true;
  std::size_t heap_bytes = 0; // peak heap growth during one call (heap.hpp)
  bool heap_known = false;
  double err_hand = 0, err_fd = 0, ns = 0;
};

// |a - b| relative to |b|, absolute below 1.
double rel_err(double a, double b);

// Prints one workload's rows (vs[0] the primal, vs[2] the hand-written
// derivative); a gradient row whose errors are too large makes all_ok()
// false.
void print_table(const char *workload, std::vector<Variant> &vs);
bool all_ok();

// Measures v's peak heap (heap.hpp) during `call`, one warm call of its
// gradient.
void note_peak_heap(Variant &v, const std::function<void()> &call);

// Times the calls of vs interleaved (timing.hpp) and stores ns per call.
void measure(std::vector<Variant> &vs, int samples, double min_seconds);

// A gradient with respect to one vector x: value = g(x, dx), adding into dx.
using VectorGrad = std::function<double(const double *, double *)>;

// Measures and prints a workload whose derivative is a gradient with
// respect to x; grads = {ad, hand, adolc, sacado}. Checks every component
// against the hand-written adjoint and three against central differences,
// relative to the gradient's sum of magnitudes.
void run_vector(const char *name, const std::vector<double> &x,
                const std::function<double(const double *)> &primal,
                const std::vector<VectorGrad> &grads, int samples, double min_seconds);

} // namespace bench
