// A parameter that is not active cannot be read back after active values
// were stored into it: it has no shadow to take their derivatives. The
// error says what to do instead. (Active parameters may be written and read
// back: test/gradients/read_back_outputs.cpp.)
// RUN: %adxx -fsyntax-only -Xclang -verify %s

// 'out' is not named, so it has no derivative of its own to read back.
[[ad::differentiate("x")]]
double h(double x, double *out) {
  out[0] = x * x; // expected-error {{cannot differentiate a use of 'out', which receives active values but is not active; name 'out' in the attribute, or compute into a local variable or array}}
  return x + out[0]; // expected-error {{cannot differentiate a use of 'out', which receives active values but is not active; name 'out' in the attribute, or compute into a local variable or array}}
}
