// W5 with ADOL-C: lstm_objective<adouble> of w5_lstm.hpp taped at the
// point for every call, like adolc.cpp, then the gradient driver.
#include "adolc_gradient.hpp"

#include "workloads.hpp"
#include "w5_lstm.hpp"

#include <vector>

double lstm::lstm_adolc(LstmSizes s, const double *p, const double *state, const double *seq,
                        double *dp) {
  return adolc_gradient(50, s.params(), p, dp, [&](const adouble *ap) {
    adouble loss;
    lstm_objective(s.l, s.c, s.b, ap, ap + s.main_size(), state, seq, &loss);
    return loss;
  });
}
