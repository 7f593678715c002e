// W6 with ADOL-C: the integrator of w6_ode.hpp on adoubles, retaped at
// every call (as adolc.cpp does), then ADOL-C's gradient driver.
#include "w6_ode.hpp"

#include <adolc/adolc.h>

#include "workloads.hpp"

#include <vector>

namespace w6 {

double ode_adolc(const double *x, int n, int s, double *dx) {
  const short tag = 61;
  // Buffers large enough to keep the tape (about 20 operations per element
  // and stage) in memory, not on disk.
  const unsigned buffer = 1u << 28;
  trace_on(tag, 0, buffer, buffer, buffer, buffer);
  std::vector<adouble> ax(n), ay(n);
  for (int i = 0; i < n; ++i)
    ax[i] <<= x[i];
  ode_model<adouble>(n, ax.data(), s, ay.data());
  double value;
  ay[n - 1] >>= value;
  trace_off();
  std::vector<double> g(n);
  gradient(tag, n, x, g.data());
  adolc_note_tape(tag);
  for (int i = 0; i < n; ++i)
    dx[i] += g[i];
  return value;
}

} // namespace w6
