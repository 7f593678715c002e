// A marked function must be defined in the translation unit: the gradient is
// generated from its body.
// RUN: %adxx -fsyntax-only -Xclang -verify %s

[[ad::differentiate]] double declared_only(double x); // expected-error {{'ad::differentiate' on 'declared_only', which has no definition in this translation unit}}

double use(double x) { return declared_only(x); }
