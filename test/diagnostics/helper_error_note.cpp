// An unsupported construct inside a helper is reported at the construct in
// the helper, with a note at the call in the differentiated function.
// RUN: %adxx -fsyntax-only -Xclang -verify %s

static double helper(double x) {
  double y = x;
  goto out; // expected-error {{cannot differentiate 'goto' or a label}}
out:        // expected-error {{cannot differentiate 'goto' or a label}}
  return y * y;
}

[[ad::differentiate]]
double f(double x) {
  return helper(x) + 1; // expected-note {{in 'helper', called here from a differentiated function}}
}
