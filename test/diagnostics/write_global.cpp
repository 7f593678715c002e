// Writing an active value into a global is an error at the assignment;
// reading globals (as constants) is fine.
// RUN: %adxx -fsyntax-only -Xclang -verify %s

double scale = 2.0;
double last_input;

[[ad::differentiate]]
double f(double x) {
  last_input = x; // expected-error {{cannot differentiate writing an active value into the global variable 'last_input'; return it, or pass a pointer parameter for it}}
  return scale * x;
}
