// A variable changed inside a statement (`p++`, `i++`, `b = e`) and read
// elsewhere in the same statement: which value the read sees depends on
// C++'s sequencing rules (here the right operand of `=` is evaluated first,
// so p[-1] is a[0]), which the reverse sweep, run after all of the
// statement's effects, cannot tell. Refused, never differentiated wrongly.
// Reverse mode (what f_grad of two or more inputs uses) refuses these; the
// forward mode of one-input gradients follows them (gradients/forward_mode.cpp).
// RUN: %adxx -fsyntax-only -Xclang -verify %s -fplugin-arg-ad-mode=reverse

[[ad::differentiate]]
double f(double x) {
  double a[2];
  double *p = a;
  *p++ = x;
  *p++ = x * p[-1]; // expected-error {{cannot differentiate a change of 'p' inside a statement that also reads it elsewhere; change 'p' in a statement of its own}}
  return a[1];
}

[[ad::differentiate("x")]]
void g(const double *x, double *y, int n) {
  *y++ = x[0];
  for (int i = 1; i < n; ++i)
    *y++ = x[i] * y[-1]; // expected-error {{cannot differentiate a change of 'y' inside a statement that also reads it elsewhere}}
}
