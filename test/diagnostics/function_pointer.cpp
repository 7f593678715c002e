// A call through a function pointer with an active argument is an error.
// RUN: %adxx -fsyntax-only -Xclang -verify %s

double twice(double v) { return 2 * v; }

[[ad::differentiate]]
double f(double x) {
  double (*g)(double) = twice;
  return g(x); // expected-error {{cannot differentiate a call through a function pointer with an active argument; call the function directly}}
}
