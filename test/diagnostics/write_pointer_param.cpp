// The marked function may write results into its own pointer parameters
// only if it never reads them back (test/gradients/output_params.cpp);
// otherwise the error says what to do instead.
// RUN: %adxx -fsyntax-only -Xclang -verify %s

[[ad::differentiate]]
double f(double x, double *out) {
  out[0] = x * x; // expected-error {{cannot differentiate a write through the parameter 'out', which the function also reads; compute into a local array, and copy it into 'out' at the end}}
  return x + out[0];
}
