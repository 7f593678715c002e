// W5 (WORKLOADS.md): the loss of ADBench's LSTM, written the way ADBench
// writes it -- a template on the scalar type, parameter structs holding
// pointers into the parameter arrays, lstm_model / lstm_predict writing
// through pointers -- and marked for ad. The same template serves ad's
// gradient (w5_lstm.cpp, T = double), ADOL-C (T = adouble) and Sacado
// (T = ADvar); exp/log/tanh are unqualified so each type finds its own.
//
// l layers of b cells; c characters of b bits in sequence[c*b];
// main_params[2*l*4*b] (per layer: the weights, then the biases, of the
// forget, input, output gates and the change), extra_params[3*b] (input
// weights, output weights, output biases), initial state[2*l*b] (per layer:
// hidden, then cell). The state and the sequence are data, not parameters.
#pragma once

#include <cmath>
#include <cstddef>
#include <vector>

// Namespaced as gradbench does, so that the names of these helpers
// (State, sigmoid, ...) cannot meet another workload's.
namespace lstm {

template <class T>
T sigmoid(T x) {
  return 1 / (1 + exp(-x));
}

// log(sum(exp(v)) + 2), as ADBench defines it (no shift by the maximum)
template <class T>
T lstm_logsumexp(const T *v, int sz) {
  T sum = 0.;
  for (int i = 0; i < sz; ++i)
    sum += exp(v[i]);
  sum += 2;
  return log(sum);
}

// Views of the parameter arrays.
template <class T>
struct WeightOrBias {
  const T *forget, *ingate, *outgate, *change;
  WeightOrBias(const T *p, int hsize)
      : forget(p), ingate(&p[hsize]), outgate(&p[2 * hsize]), change(&p[3 * hsize]) {}
};

template <class T>
struct LayerParams {
  const WeightOrBias<T> weight;
  const WeightOrBias<T> bias;
  LayerParams(const T *p, int hsize) : weight(p, hsize), bias(&p[4 * hsize], hsize) {}
};

template <class T>
struct MainParams {
  std::vector<LayerParams<T>> layer_params;
  MainParams(const T *p, int hsize, int n_layers) {
    layer_params.reserve(n_layers);
    for (int i = 0; i < n_layers; ++i)
      layer_params.emplace_back(&p[8 * hsize * i], hsize);
  }
};

template <class T>
struct ExtraParams {
  const T *in_weight, *out_weight, *out_bias;
  ExtraParams(const T *p, int hsize)
      : in_weight(p), out_weight(&p[hsize]), out_bias(&p[2 * hsize]) {}
};

struct InputSequence {
  std::vector<const double *> sequence;
  InputSequence(const double *s, int char_bits, int char_count) {
    sequence.reserve(char_count);
    for (int i = 0; i < char_count; ++i)
      sequence.push_back(&s[char_bits * i]);
  }
};

// Views of the state array (changed as the characters are read).
template <class T>
struct LayerState {
  T *hidden, *cell;
  LayerState(T *s, int hsize) : hidden(s), cell(&s[hsize]) {}
};

template <class T>
struct State {
  std::vector<LayerState<T>> layer_state;
  State(T *s, int hsize, int n_layers) {
    layer_state.reserve(n_layers);
    for (int i = 0; i < n_layers; ++i)
      layer_state.emplace_back(&s[2 * hsize * i], hsize);
  }
};

// One layer reading `input`: ADBench's cell, whose forget and output gates
// see the input and whose input gate and change see the hidden state.
// sigmoid<T> is explicit (as in gradbench): deduced from an expression it
// would be Sacado's expression node type, copied by value, which cuts the
// derivative's path.
template <class T>
void lstm_model(int hsize, const LayerParams<T> &params, LayerState<T> &state,
                const T *input) {
  for (int i = 0; i < hsize; ++i) {
    T forget = sigmoid<T>(input[i] * params.weight.forget[i] + params.bias.forget[i]);
    T ingate = sigmoid<T>(state.hidden[i] * params.weight.ingate[i] + params.bias.ingate[i]);
    T outgate = sigmoid<T>(input[i] * params.weight.outgate[i] + params.bias.outgate[i]);
    T change = tanh(state.hidden[i] * params.weight.change[i] + params.bias.change[i]);
    state.cell[i] = state.cell[i] * forget + ingate * change;
    state.hidden[i] = outgate * tanh(state.cell[i]);
  }
}

// The prediction for one character: scaled input, the layers, the output
// layer.
template <class T>
void lstm_predict(int l, int b, const MainParams<T> &main_params,
                  const ExtraParams<T> &extra_params, State<T> &state, const double *input,
                  T *output) {
  for (int i = 0; i < b; ++i)
    output[i] = input[i] * extra_params.in_weight[i];
  T *layer_output = output;
  for (int i = 0; i < l; ++i) {
    lstm_model(b, main_params.layer_params[i], state.layer_state[i], layer_output);
    layer_output = state.layer_state[i].hidden;
  }
  for (int i = 0; i < b; ++i)
    output[i] = layer_output[i] * extra_params.out_weight[i] + extra_params.out_bias[i];
}

// The loss: minus the mean log-probability of each next character.
template <class T>
[[ad::differentiate("main_params", "extra_params", "loss")]]
void lstm_objective(int l, int c, int b, const T *main_params, const T *extra_params,
                    const double *state, const double *sequence, T *loss) {
  T total = 0.;
  int count = 0;
  MainParams<T> main_params_wrap(main_params, b, l);
  ExtraParams<T> extra_params_wrap(extra_params, b);
  std::vector<T> state_copy(state, state + 2 * l * b);
  State<T> state_wrap(state_copy.data(), b, l);
  InputSequence sequence_wrap(sequence, b, c);
  std::vector<T> ypred(b), ynorm(b);
  for (int t = 0; t < c - 1; ++t) {
    lstm_predict(l, b, main_params_wrap, extra_params_wrap, state_wrap,
                 sequence_wrap.sequence[t], ypred.data());
    T lse = lstm_logsumexp(ypred.data(), b);
    for (int i = 0; i < b; ++i)
      ynorm[i] = ypred[i] - lse;
    const double *ygold = sequence_wrap.sequence[t + 1];
    for (int i = 0; i < b; ++i)
      total += ygold[i] * ynorm[i];
    count += b;
  }
  *loss = -total / count;
}

struct LstmSizes {
  int l, b, c;
  int main_size() const { return 2 * l * 4 * b; }
  int params() const { return main_size() + 3 * b; }
};

// The peers (w5_lstm_adolc.cpp, w5_lstm_sacado.cpp): value, and the
// gradient with respect to p = (main_params, extra_params) added into dp.
double lstm_adolc(LstmSizes s, const double *p, const double *state, const double *seq,
                  double *dp);
double lstm_sacado(LstmSizes s, const double *p, const double *state, const double *seq,
                   double *dp);

} // namespace lstm
