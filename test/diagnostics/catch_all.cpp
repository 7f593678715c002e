// A construct the generator does not handle gets one catch-all error naming
// the construct in the user's terms (never silently wrong code, never a
// Clang class name).
// RUN: %adxx -fsyntax-only -Xclang -verify %s
#include <stdexcept>

[[ad::differentiate]]
double f(double x) {
  try { // expected-error {{cannot differentiate a try block; move it into a function of its own that takes no active values}}
    if (x < 0)
      throw std::domain_error("negative");
  } catch (...) {
  }
  return x;
}

[[ad::differentiate]]
double g(double x) {
  double y = x;
  y = x++; // expected-error {{cannot differentiate '++' or '--' on a floating-point value inside an expression; write it as a statement of its own}}
  return y;
}
