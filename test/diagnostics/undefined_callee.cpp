// A call with an active argument to a function with no visible definition
// and no derivative rule is an error at the call.
// RUN: %adxx -fsyntax-only -Xclang -verify %s

double external_model(double x); // defined in another translation unit

[[ad::differentiate]]
double f(double x) {
  double a = external_model(2.0);  // inactive argument: fine, a is a constant
  return a * external_model(x);    // expected-error {{cannot differentiate the call to 'external_model' with an active argument; 'external_model' has no visible definition and no derivative rule}}
}
