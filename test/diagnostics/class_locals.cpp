// Soundness regressions: values of class type that hold active values are
// refused (until classes are supported), never silently inactive. Each of
// these once compiled and gave a zero or wrong derivative without a word:
// a constructor call with two arguments was re-emitted as `p = y, 2.0;`,
// class-type locals were assumed inactive, and an active pointer stored in
// a struct was not followed.
// RUN: %adxx -fsyntax-only -Xclang -verify %s

#include <complex>

struct P {
  double a, b;
  P(double x, double y) : a(x), b(y) {}
};

[[ad::differentiate]]
double ctor_two_args(double y) {
  P p(y, 2.0); // expected-error {{cannot differentiate the local variable 'p' of type 'P', which holds active values; classes that hold active values are not supported yet}}
  return p.a * p.b; // no further errors about p
}

[[ad::differentiate]]
double complex_local(double y) {
  std::complex<double> z(y, 3.0); // expected-error {{cannot differentiate the local variable 'z' of type 'std::complex<double>', which holds active values}}
  return std::real(z * z);
}

struct Q {
  double a, b;
};

[[ad::differentiate]]
double aggregate_local(double y) {
  Q q{y, 2.0}; // expected-error {{cannot differentiate the local variable 'q' of type 'Q', which holds active values}}
  return q.a * q.b;
}

struct Data {
  const double *p;
  int n;
};
double sum_squares(Data d) {
  double s = 0;
  for (int i = 0; i < d.n; ++i)
    s += d.p[i] * d.p[i];
  return s;
}

[[ad::differentiate]]
double pointer_in_struct(const double *x) {
  Data d;
  d.p = x; // expected-error {{cannot differentiate storing an active value into the member 'p'}}
  d.n = 3;
  return sum_squares(d);
}

// Inactive class-type locals are fine, also built with several arguments.
struct Range {
  double lo, hi;
  Range(double l, double h) : lo(l), hi(h) {}
};

[[ad::differentiate]]
double inactive_class(double x) {
  Range r(0.5, 2.0);
  std::complex<double> c(1.0, 2.0);
  return x * (r.hi - r.lo) + x * std::abs(c);
}
