// Custom derivatives that do not fit (contract §6, issue 12): each is an
// error at its attribute saying what would fit; a call of a function with
// neither a body nor a rule says which attribute to add.
// RUN: %adxx -fsyntax-only -Xclang -verify %s

double ext(double x, const double *p);

[[ad::pullback_of("nowhere")]] // expected-error {{'ad::pullback_of("nowhere")' names no function declared in this translation unit; declare 'nowhere' before it}}
void nowhere_pb(double x, double d_ret, double *d_x);

[[ad::pullback_of("ext")]] // expected-error {{the signature of 'ext_pb' does not fit 'ext' (contract §6: g's parameters, then the adjoint of its real result, then one adjoint pointer per parameter holding reals); for 'ext' it would be void ext_pb(double, const double *, double, double *, double *)}}
void ext_pb(double x, const double *p, double d_ret, double *d_x);

[[ad::tangent_of("ext")]] // expected-error {{the signature of 'ext_t' does not fit 'ext' (contract §6: g's parameters, then one tangent per parameter holding reals, returning the result's tangent); for 'ext' it would be double ext_t(double, const double *, double, const double *)}}
void ext_t(double x, const double *p, double t_x, const double *t_p);

struct Pair {
  double a, b;
};
Pair both(double x);
[[ad::pullback_of("both")]] // expected-error {{'both' returns 'Pair'; a custom derivative is for a function returning a float, double or long double, or void with output parameters}}
void both_pb(double x, const Pair &d_ret, double *d_x);

double twice(double x);
[[ad::pullback_of("twice")]]
void twice_pb(double x, double d_ret, double *d_x);
[[ad::pullback_of("twice")]] // expected-error {{'twice' already has a custom pullback, 'twice_pb'; keep one}}
void twice_pb2(double x, double d_ret, double *d_x);

[[ad::pullback_of(42)]] // expected-error {{the argument of 'ad::pullback_of' must be a string literal naming the function whose derivative this is, as in [[ad::pullback_of("g")]]}}
void number_pb(double x, double d_ret, double *d_x);

template <class T>
[[ad::pullback_of("ext")]] // expected-error {{'ad::pullback_of' on 'templ_pb': a custom derivative is a function at namespace scope, not a template or a member; write one for each type}}
void templ_pb(T x, T d_ret, T *d_x);

[[ad::pullback_of("ext")]] double not_a_function = 0; // expected-error {{'ad::pullback_of' applies to functions: write it on the function that computes the derivative}}

double hidden(double x); // no body here, no rule

[[ad::differentiate]]
double f(double x) {
  return hidden(x) * twice(x); // expected-error {{cannot differentiate the call to 'hidden' with an active argument; 'hidden' has no visible definition and no derivative rule; define it in this translation unit or a header it includes, or give it a custom pullback ([[ad::pullback_of("hidden")]], docs/reference.md)}}
}

double late(double x);
[[ad::differentiate]]
double uses_late(double x) {
  return late(x) * x; // expected-error {{cannot differentiate the call to 'late' before its custom pullback 'late_pb' is declared; declare 'late_pb' before the function making this call (generated code calls it)}}
}
[[ad::pullback_of("late")]]
void late_pb(double x, double d_ret, double *d_x);
