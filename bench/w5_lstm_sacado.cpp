// W5 with Sacado's reverse mode (Sacado::Rad): lstm_objective<ADvar> of
// w5_lstm.hpp onto Sacado's tape, then Gradcomp.
#include <Sacado_trad.hpp>

#include "w5_lstm.hpp"

#include <vector>

double lstm::lstm_sacado(LstmSizes s, const double *p, const double *state, const double *seq,
                   double *dp) {
  using ADvar = Sacado::Rad::ADvar<double>;
  const int np = s.params();
  std::vector<ADvar> ap(p, p + np);
  ADvar loss;
  lstm_objective(s.l, s.c, s.b, ap.data(), ap.data() + s.main_size(), state, seq, &loss);
  ADvar::Gradcomp();
  for (int i = 0; i < np; ++i)
    dp[i] += ap[i].adj();
  return loss.val();
}
