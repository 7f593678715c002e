// The marked function may not write active values through its own pointer
// parameters (helpers may); the error says what to do instead.
// RUN: %adxx -fsyntax-only -Xclang -verify %s

[[ad::differentiate("x")]]
double f(double x, double *out) {
  out[0] = x * x; // expected-error {{cannot differentiate a write through the parameter 'out'; writing into pointer and reference parameters is not supported yet; compute into a local array}}
  return x;
}
