// The marked function may write results into its own pointer parameters
// only if it never reads them back (test/gradients/output_params.cpp):
// restoring what it read would undo the stores the caller sees. The error
// says what to do instead, for active and inactive stored values alike.
// RUN: %adxx -fsyntax-only -Xclang -verify %s

[[ad::differentiate]]
double f(double x, double *out) {
  out[0] = x * x; // expected-error {{cannot differentiate a write through the parameter 'out', which the function also reads; compute into a local variable or array, and copy it into 'out' at the end}}
  return x + out[0];
}

// (With one active input, forward mode handles this: it restores nothing.)
[[ad::differentiate]]
double g(double x, double y, int *count) {
  *count = *count + 1; // expected-error {{cannot differentiate a write through the parameter 'count', which the function also reads; compute into a local variable or array, and copy it into 'count' at the end}}
  double z = x * y * *count;
  *count = *count + 1; // expected-error {{cannot differentiate a write through the parameter 'count', which the function also reads; compute into a local variable or array, and copy it into 'count' at the end}}
  return z;
}

// 'out' is not named, so it has no derivative of its own to read back.
[[ad::differentiate("x")]]
double h(double x, double *out) {
  out[0] = x * x; // expected-error {{cannot differentiate a write through the parameter 'out', which the function also reads; compute into a local variable or array, and copy it into 'out' at the end}}
  return x + out[0]; // expected-error {{cannot differentiate a read through 'out', which receives active values but is not active; name 'out' in the attribute, or compute into a local array}}
}
