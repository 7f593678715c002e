// Marked function templates: an instantiation whose gradient cannot exist is
// an error at the call of f_grad that asks for it; an error inside the
// template's body leads back to that call.
// RUN: %adxx -fsyntax-only -Xclang -verify %s

template <class T> [[ad::differentiate]] T twice(T x) { return 2 * x; }

template <class T> [[ad::differentiate]] T through_pointer(T x) {
  T (*f)(T) = nullptr;
  return f(x); // expected-error {{cannot differentiate a call through a function pointer with an active argument}}
}

int main() {
  int n = 3, dn = 0;
  twice_grad(n, &dn); // expected-error {{twice_grad for twice<int>: it has no parameter that can be active; call it with float, double or long double arguments}}
  double x = 1, dx = 0;
  twice_grad(x, &dx);
  through_pointer_grad(x, &dx); // expected-note {{while differentiating through_pointer<double>, which this call of through_pointer_grad needs}}
  return 0;
}
