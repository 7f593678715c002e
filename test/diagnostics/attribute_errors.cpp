// Misuses of the attribute are compile errors at the attribute (contract §1),
// and a well-formed marked function next to them does not hide them.
// RUN: %adxx -fsyntax-only -Xclang -verify %s

[[differentiate]] double unscoped(double x) { return x; } // expected-error {{write the attribute as [[ad::differentiate]]}}

[[ad::differentiate(1)]] double not_a_string(double x) { return x; } // expected-error {{argument 1 of 'ad::differentiate' must be a string literal}}

[[ad::differentiate]] int returns_int(double x) { return x; } // expected-error {{needs a function returning float, double or long double, or void with output parameters; 'returns_int' returns 'int'}}

[[ad::differentiate("q")]] double unknown_name(double x) { return x; } // expected-error {{'q' is not a parameter of 'unknown_name'}}

[[ad::differentiate("n")]] double inactive_type(double x, int n) { return x * n; } // expected-error {{parameter 'n' has type 'int', which cannot be active}}

[[ad::differentiate("x", "x")]] double twice(double x) { return x; } // expected-error {{parameter 'x' is named twice}}

[[ad::differentiate]] double no_active(int n) { return n; } // expected-error {{has no parameter that can be active}}

[[ad::differentiate]] int not_a_function; // expected-error {{'ad::differentiate' applies to functions only; put it on the function whose gradient you want}}
struct [[ad::differentiate]] NotAFunctionEither { double a; }; // expected-error {{'ad::differentiate' applies to functions only}}
namespace [[ad::differentiate]] not_a_function_ns { int k; } // expected-error {{'ad::differentiate' applies to functions only}}
using NotAFunctionAlias [[ad::differentiate]] = double; // expected-error {{'ad::differentiate' applies to functions only}}
double statement(double x) {
  [[ad::differentiate]] x = x * 2; // expected-error {{'ad::differentiate' applies to functions only, not to a statement}}
  [[ad::differentiate]] double y = x; // expected-error {{'ad::differentiate' applies to functions only}}
  return y;
}

[[ad::differentiate]] double fine(double x) { return x * x; }

// void needs an active output parameter to return its results through.
[[ad::differentiate]] void no_result(const double *x, double y) {} // expected-error {{'ad::differentiate' on 'no_result', which returns nothing and has no active output parameter}}

// "this" names the object of a non-static member function.
[[ad::differentiate("this")]] double free_this(double x) { return x; } // expected-error {{'this' names the object of a non-static member function; 'free_this' has none}}
struct WithStatic {
  [[ad::differentiate("this", "x")]] static double f(double x) { return x; } // expected-error {{'this' names the object of a non-static member function; 'f' has none}}
};
