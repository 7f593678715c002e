// W5 (WORKLOADS.md): the ADBench LSTM loss, l = 2, b = 14, c = 1024.
// ad differentiates the template of w5_lstm.hpp as written (only the
// attribute added); the hand-written adjoint below is the reference of
// every variant; the peers are in w5_lstm_adolc.cpp and w5_lstm_sacado.cpp.
#include "w5_lstm.hpp"

#include "runners.hpp"
#include "table.hpp"

#include <cmath>
#include <random>
#include <vector>

namespace lstm {
namespace {

double lstm_primal(LstmSizes s, const double *p, const double *state, const double *seq) {
  double loss;
  lstm_objective(s.l, s.c, s.b, p, p + s.main_size(), state, seq, &loss);
  return loss;
}

// ad's gradient: the generated lstm_objective_grad, the loss's seed 1.
double lstm_ad(LstmSizes s, const double *p, const double *state, const double *seq,
               double *dp) {
  double loss = 0, d_loss = 1;
  lstm_objective_grad(s.l, s.c, s.b, p, p + s.main_size(), state, seq, &loss, dp,
                      dp + s.main_size(), &d_loss);
  return loss;
}

double sigma(double x) { return 1 / (1 + std::exp(-x)); }

// A straightforward adjoint: the forward pass stores the state (hidden and
// cell of every layer) before each character and each prediction; the
// reverse pass walks the characters backwards carrying the adjoints of the
// hidden and cell states, recomputing each cell's gates from the stored
// state.
double lstm_hand(LstmSizes s, const double *p, const double *state, const double *seq,
                 double *dp) {
  const int l = s.l, b = s.b, c = s.c, lb2 = 2 * l * b;
  const double *ex = p + s.main_size();
  const double *in_w = ex, *out_w = ex + b, *out_b = ex + 2 * b;
  double *d_main = dp, *d_in_w = dp + s.main_size(), *d_out_w = d_in_w + b,
         *d_out_b = d_in_w + 2 * b;

  // states[t] is the state before character t; states[c - 1] the last one.
  std::vector<double> states(c * lb2);
  std::copy(state, state + lb2, states.begin());
  std::vector<double> ypred((c - 1) * b), sums(c - 1);
  std::vector<double> input(b);
  double total = 0;
  for (int t = 0; t < c - 1; ++t) {
    double *st = &states[(t + 1) * lb2];
    std::copy(&states[t * lb2], &states[t * lb2] + lb2, st);
    for (int i = 0; i < b; ++i)
      input[i] = seq[t * b + i] * in_w[i];
    const double *in = input.data();
    for (int L = 0; L < l; ++L) {
      const double *w = p + 8 * b * L, *bs = w + 4 * b;
      double *h = st + 2 * b * L, *cl = h + b;
      for (int i = 0; i < b; ++i) {
        double f = sigma(in[i] * w[i] + bs[i]);
        double g = sigma(h[i] * w[b + i] + bs[b + i]);
        double o = sigma(in[i] * w[2 * b + i] + bs[2 * b + i]);
        double ch = std::tanh(h[i] * w[3 * b + i] + bs[3 * b + i]);
        cl[i] = cl[i] * f + g * ch;
        h[i] = o * std::tanh(cl[i]);
      }
      in = h;
    }
    double *y = &ypred[t * b];
    double sum = 0;
    for (int i = 0; i < b; ++i) {
      y[i] = in[i] * out_w[i] + out_b[i];
      sum += std::exp(y[i]);
    }
    sum += 2;
    sums[t] = sum;
    double lse = std::log(sum);
    for (int i = 0; i < b; ++i)
      total += seq[(t + 1) * b + i] * (y[i] - lse);
  }
  const int count = (c - 1) * b;
  const double loss = -total / count;

  // adjoints of the current state (hidden, cell per layer) and of a layer's input
  std::vector<double> d_state(lb2, 0.0), d_in(b);
  const double d_total = -1.0 / count;
  for (int t = c - 2; t >= 0; --t) {
    const double *before = &states[t * lb2], *after = &states[(t + 1) * lb2];
    const double *y = &ypred[t * b], *gold = &seq[(t + 1) * b];
    // total += gold . (y - log(sum exp y + 2))
    double gsum = 0;
    for (int i = 0; i < b; ++i)
      gsum += gold[i];
    const double *h_top = after + 2 * b * (l - 1);
    double *dh_top = &d_state[2 * b * (l - 1)];
    for (int i = 0; i < b; ++i) {
      double dy = d_total * (gold[i] - gsum * std::exp(y[i]) / sums[t]);
      d_out_w[i] += dy * h_top[i];
      d_out_b[i] += dy;
      dh_top[i] += dy * out_w[i];
    }
    for (int L = l - 1; L >= 0; --L) {
      const double *w = p + 8 * b * L, *bs = w + 4 * b;
      double *dw = d_main + 8 * b * L, *dbs = dw + 4 * b;
      const double *h0 = before + 2 * b * L, *c0 = h0 + b, *c1 = after + 2 * b * L + b;
      // the layer's input: the scaled character, or the new hidden state below
      for (int i = 0; i < b; ++i)
        input[i] = L == 0 ? seq[t * b + i] * in_w[i] : after[2 * b * (L - 1) + i];
      double *dh = &d_state[2 * b * L], *dc = dh + b;
      for (int i = 0; i < b; ++i) {
        const double in = input[i];
        double f = sigma(in * w[i] + bs[i]);
        double g = sigma(h0[i] * w[b + i] + bs[b + i]);
        double o = sigma(in * w[2 * b + i] + bs[2 * b + i]);
        double ch = std::tanh(h0[i] * w[3 * b + i] + bs[3 * b + i]);
        double tc = std::tanh(c1[i]);
        // h = o tanh(c1), c1 = c0 f + g ch
        double d_o = dh[i] * tc;
        double d_c1 = dc[i] + dh[i] * o * (1 - tc * tc);
        double d_f = d_c1 * c0[i], d_g = d_c1 * ch, d_ch = d_c1 * g;
        double zf = d_f * f * (1 - f), zg = d_g * g * (1 - g), zo = d_o * o * (1 - o),
               zc = d_ch * (1 - ch * ch);
        dw[i] += zf * in;
        dbs[i] += zf;
        dw[b + i] += zg * h0[i];
        dbs[b + i] += zg;
        dw[2 * b + i] += zo * in;
        dbs[2 * b + i] += zo;
        dw[3 * b + i] += zc * h0[i];
        dbs[3 * b + i] += zc;
        d_in[i] = zf * w[i] + zo * w[2 * b + i];
        dh[i] = zg * w[b + i] + zc * w[3 * b + i]; // adjoint of the previous hidden
        dc[i] = d_c1 * f;                           // and cell
      }
      for (int i = 0; i < b; ++i) {
        if (L == 0)
          d_in_w[i] += d_in[i] * seq[t * b + i];
        else
          d_state[2 * b * (L - 1) + i] += d_in[i];
      }
    }
  }
  return loss;
}

} // namespace
} // namespace lstm

namespace bench {

void run_w5_lstm(bool tiny, int samples, double min_seconds) {
  using namespace lstm;
  const LstmSizes s{2, 14, tiny ? 8 : 1024};
  // WORKLOADS.md: one generator; main_params, extra_params, state, then
  // sequence, all uniform(-1, 1). p = (main_params, extra_params).
  std::mt19937_64 rng(42);
  std::uniform_real_distribution<double> uniform(-1, 1);
  std::vector<double> p(s.params()), state(2 * s.l * s.b), seq(s.c * s.b);
  for (double &v : p)
    v = uniform(rng);
  for (double &v : state)
    v = uniform(rng);
  for (double &v : seq)
    v = uniform(rng);
  const double *S = state.data(), *Q = seq.data();
  run_vector("W5", p, [s, S, Q](const double *x) { return lstm_primal(s, x, S, Q); },
             {[s, S, Q](const double *x, double *d) { return lstm_ad(s, x, S, Q, d); },
              [s, S, Q](const double *x, double *d) { return lstm_hand(s, x, S, Q, d); },
              [s, S, Q](const double *x, double *d) { return lstm_adolc(s, x, S, Q, d); },
              [s, S, Q](const double *x, double *d) { return lstm_sacado(s, x, S, Q, d); }},
             samples, min_seconds);
}

} // namespace bench
