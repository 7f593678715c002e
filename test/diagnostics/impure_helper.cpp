// A call with an active argument to a helper that changes state outside its
// arguments (here it counts its calls in a global) is an error at the call:
// the helper's pullback would run it again (counting twice, and using the
// new count). Calls of such a helper without active arguments are fine
// (test/gradients/side_effects.cpp: tick()). A note points at what makes
// it so, also inside the functions it calls (an owning class's `new`).
// Reverse mode (what f_grad of two or more inputs uses) refuses these; the
// forward mode of one-input gradients follows them (gradients/forward_mode.cpp).
// RUN: %adxx -fsyntax-only -Xclang -verify %s -fplugin-arg-ad-mode=reverse

int calls = 0;
double counted(double x) {
  ++calls; // expected-note 2 {{here: it stores into 'calls', which is not its own local or argument}}
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

template <class T> struct Owned {
  int n = 0;
  T *d = nullptr;
  ~Owned() { delete[] d; }
  void resize(int k) { d = new T[k]; n = k; } // expected-note {{here: it allocates memory with new ('Owned' allocates memory but has no copy constructor of its own (ad follows a class that copies and frees what it owns); keep the values in a std::vector)}}
};
void fill(const double *x, Owned<double> *m) {
  m->resize(1);
  m->d[0] = x[0];
}
[[ad::differentiate]]
double h(const double *x) {
  Owned<double> m;
  fill(x, &m); // expected-error {{cannot differentiate the call to 'fill', which changes state outside its arguments}}
  return m.d[0];
}
