// A call with an active argument to a helper that changes state outside its
// arguments (here it counts its calls in a global) is an error at the call:
// the helper's pullback would run it again (counting twice, and using the
// new count). Calls of such a helper without active arguments are fine
// (test/gradients/side_effects.cpp: tick()).
// RUN: %adxx -fsyntax-only -Xclang -verify %s

int calls = 0;
double counted(double x) {
  ++calls;
  return x * calls;
}
int tick() { return ++calls; }

[[ad::differentiate]]
double f(double x) {
  double a = x * tick(); // no active argument: accepted, run once
  return counted(x) * 2 + a; // expected-error {{cannot differentiate the call to 'counted', which changes state outside its arguments (a global or static variable, I/O, an object it is a member of); its pullback would run it again; pass that state as a parameter, or compute 'counted' outside the differentiated code}}
}

[[ad::differentiate]]
double g(double x) {
  double y = x * x;
  counted(y); // expected-error {{cannot differentiate the call to 'counted', which changes state outside its arguments (a global or static variable, I/O, an object it is a member of); its pullback would run it again; pass that state as a parameter, or compute 'counted' outside the differentiated code}}
  return y;
}
