// Timing as WORKLOADS.md prescribes: in one process, variants interleaved;
// each sample repeats a call until it has run at least 50 ms; 7 samples;
// the minimum per-call time is reported.
#pragma once

#include <algorithm>
#include <chrono>
#include <functional>
#include <limits>
#include <vector>

namespace bench {

inline volatile double sink; // keeps results alive

inline double seconds_for(const std::function<double()> &call, long reps) {
  auto start = std::chrono::steady_clock::now();
  double sum = 0;
  for (long r = 0; r < reps; ++r)
    sum += call();
  sink = sum;
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
      .count();
}

// Minimum ns per call of each function, measured interleaved.
inline std::vector<double> min_ns_per_call(
    const std::vector<std::function<double()>> &calls, int samples,
    double min_seconds) {
  std::vector<long> reps(calls.size(), 1);
  for (size_t v = 0; v < calls.size(); ++v) // calibrate
    while (seconds_for(calls[v], reps[v]) < min_seconds)
      reps[v] *= 2;
  std::vector<double> best(calls.size(), std::numeric_limits<double>::infinity());
  for (int s = 0; s < samples; ++s)
    for (size_t v = 0; v < calls.size(); ++v)
      best[v] = std::min(best[v], 1e9 * seconds_for(calls[v], reps[v]) / reps[v]);
  return best;
}

} // namespace bench
