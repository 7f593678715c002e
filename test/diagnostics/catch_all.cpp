// A construct the generator does not handle gets one catch-all error naming
// the construct's kind (never silently wrong code).
// RUN: %adxx -fsyntax-only -Xclang -verify %s
#include <stdexcept>

[[ad::differentiate]]
double f(double x) {
  try { // expected-error {{cannot differentiate a statement of kind 'CXXTryStmt'}}
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
