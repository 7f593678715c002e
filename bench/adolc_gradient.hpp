// The gradient of a scalar function of n reals with ADOL-C, as every
// gradient workload's ADOL-C variant computes it: taped at x for this call
// (a tape holds one control flow), then ADOL-C's gradient driver, the
// gradient added into dx. Include only where ADOL-C's headers are.
#pragma once

#include <adolc/adolc.h>

#include "workloads.hpp"

#include <vector>

// Objective(const adouble *x) returns the function's value as an adouble,
// computed while taping.
template <class Objective>
double adolc_gradient(short tag, int n, const double *x, double *dx, Objective objective) {
  // Buffers large enough to keep the tape (up to a few million operations:
  // W3, W7) in memory, not in files.
  const unsigned buffer = 1u << 28;
  trace_on(tag, 0, buffer, buffer, buffer, buffer);
  std::vector<adouble> ax(n);
  for (int i = 0; i < n; ++i)
    ax[i] <<= x[i];
  adouble y = objective(static_cast<const adouble *>(ax.data()));
  double value;
  y >>= value;
  trace_off();
  std::vector<double> g(n);
  gradient(tag, n, x, g.data());
  adolc_note_tape(tag);
  for (int i = 0; i < n; ++i)
    dx[i] += g[i];
  return value;
}
