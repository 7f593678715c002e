// Soundness regressions: values of class type that hold active values in
// forms the generator does not follow are refused, never silently inactive.
// Each of these once compiled and gave a zero or wrong derivative without a
// word: class-type locals were assumed inactive, and an active pointer
// stored in a struct was not followed. (Structs of public data members are
// followed: test/gradients/structs.cpp; constructors:
// test/gradients/constructors.cpp.)
// RUN: %adxx -fsyntax-only -Xclang -verify %s

#include <complex>
#include <tuple>

// Tuples of values are followed (test/gradients/tuples.cpp); of pointers
// and of references (std::tie) they are not.
[[ad::differentiate]]
double tuple_local(double y) {
  std::tuple<double, double *> z(y, &y); // expected-error {{cannot differentiate the local variable 'z' of type 'std::tuple<double, double *>', which holds active values; a std::tuple holding pointers to reals is not followed; use a struct of pointers (struct View { const double *p; };)}}
  return std::get<0>(z) * 2;
}

// This one compiled and gave a wrong derivative: the assignment through
// std::tie's references ran without one.
[[ad::differentiate]]
double tie_swap(double x) {
  double p = x, q = 2 * x;
  std::tie(p, q) = std::make_tuple(q * q, p); // expected-error {{cannot differentiate the operator '=' of 'std::tuple<double &, double &>', which writes active values the generator does not follow; assign to the variables themselves (a = ...; b = ...;), or keep the object and read its elements (auto t = f(x); double a = std::get<0>(t);)}}
  return p * q;
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
  d.p = x; // expected-error {{cannot differentiate setting a pointer member to active values after the struct is built; build the struct with its pointers (Data d{x, n}; or a constructor)}}
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

// Structured bindings are refused with the spelling that works.
#include <utility>
std::pair<double, double> both(double x) { return {x * x, 2 * x}; }
[[ad::differentiate]]
double bindings(double x) {
  auto [v, dv] = both(x); // expected-error {{cannot differentiate a structured binding (auto [a, b] = ...); name the object and read its members: auto r = ...; double a = r.first;}}
  return v * dv;
}

// A member function that stores an active value into a member of its
// object, which is not active: the message names the object, not an
// internal parameter.
struct Accumulator {
  double cache = 0, k = 3;
  [[ad::differentiate("x")]] double step(double x) {
    cache = x * x;
    return cache * k + 1; // expected-error 2 {{cannot differentiate a member of the object that holds an active value, while the object is not active; name "this" in the attribute ([[ad::differentiate("this", ...)]]), or compute into a local variable}}
  }
};
