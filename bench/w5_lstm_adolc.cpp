// W5 with ADOL-C: lstm_objective<adouble> of w5_lstm.hpp taped at the
// point for every call, like adolc.cpp, then the gradient driver.
#include <adolc/adolc.h>

#include "workloads.hpp"
#include "w5_lstm.hpp"

#include <vector>

double lstm::lstm_adolc(LstmSizes s, const double *p, const double *state, const double *seq,
                  double *dp) {
  const short tag = 50;
  const int np = s.params();
  // Buffers large enough to keep the tape (about a million operations at
  // c = 1024) in memory, not in files.
  const unsigned buffer = 1u << 28;
  trace_on(tag, 0, buffer, buffer, buffer, buffer);
  std::vector<adouble> ap(np);
  for (int i = 0; i < np; ++i)
    ap[i] <<= p[i];
  adouble loss;
  lstm_objective(s.l, s.c, s.b, ap.data(), ap.data() + s.main_size(), state, seq, &loss);
  double value;
  loss >>= value;
  trace_off();
  std::vector<double> g(np);
  gradient(tag, np, p, g.data());
  adolc_note_tape(tag);
  for (int i = 0; i < np; ++i)
    dp[i] += g[i];
  return value;
}
