// Lambdas the generator refuses, each with what to write instead: a lambda
// that changes what it captures, a by-value capture of a variable that
// changes afterwards (the copy and the variable would differ), a capture of
// 'this' and an initialized capture.
// Reverse mode (what f_grad of two or more inputs uses) refuses these; the
// forward mode of one-input gradients follows them (gradients/forward_mode.cpp).
// RUN: %adxx -fsyntax-only -Xclang -verify %s -fplugin-arg-ad-mode=reverse

[[ad::differentiate]]
double changes_capture(double x) {
  double acc = 0;
  auto add = [&](double t) { acc += t * x; }; // expected-error {{cannot differentiate a lambda that changes 'acc', which it captures; return the value from the lambda and assign it where the lambda is called}}
  add(x);
  return acc;
}

[[ad::differentiate]]
double copy_then_change(double x) {
  double k = x;
  auto f = [k](double t) { return k * t; }; // expected-error {{cannot differentiate a lambda that captures 'k' by value while the function changes 'k'; capture it by reference, or copy it into a local that does not change and capture that}}
  k = 2 * x;
  return f(x) + k;
}

struct Model {
  double w = 2;
  double eval(double x) const {
    auto f = [this](double t) { return w * t; }; // expected-error {{cannot differentiate a lambda that captures 'this'; capture the members it needs into locals first}}
    return f(x);
  }
};

[[ad::differentiate]]
double member_lambda(double x) {
  Model m;
  return m.eval(x); // expected-note {{in 'eval', called here from a differentiated function}}
}

[[ad::differentiate]]
double init_capture(double x) {
  auto f = [s = 2 * x](double t) { return s * t; }; // expected-error {{cannot differentiate a lambda with an initialized capture ([name = value]); declare the value as a local before the lambda and capture that}}
  return f(x);
}
