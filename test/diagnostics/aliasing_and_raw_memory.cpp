// Constructs that gave a wrong gradient (and tangent) without a word, found
// by trying forward mode on programs written to break it (session 6); each
// is now refused with what to write instead.
// Reverse mode (what f_grad of two or more inputs uses) refuses these; the
// forward mode of one-input gradients follows them (gradients/forward_mode.cpp).
// RUN: %adxx -fsyntax-only -Xclang -verify %s -fplugin-arg-ad-mode=reverse

#include <cstring>
#include <vector>

static void scale(const double *x, double *y, int n, double a) {
  for (int i = 0; i < n; ++i)
    y[i] = a * x[i];
}

[[ad::differentiate]]
double in_place(double a, double b) {
  double w[2] = {a, b};
  scale(w, w, 2, a); // expected-error {{cannot differentiate passing 'w' to 'scale' twice, through one argument it writes and another; pass a copy of one of them (the two adjoints would be the same memory)}}
  return w[0] * w[1];
}

static std::vector<double> twice(const std::vector<double> &v) {
  std::vector<double> out(v.size());
  for (std::size_t i = 0; i < v.size(); ++i)
    out[i] = 2 * v[i];
  return out;
}

[[ad::differentiate]]
double reassigned(double a) {
  std::vector<double> c{a, a * a};
  c = twice(c); // expected-error {{cannot differentiate assigning to 'c' the result of a call that reads it; assign the result to a new vector}}
  return c[0] + c[1];
}

static const double *row(const double *A, int i, int n) { return A + i * n; }

[[ad::differentiate]]
double returned_pointer(const double *A, double a) {
  const double *r = row(A, 1, 2); // expected-error {{cannot differentiate a pointer whose origin cannot be followed}}
  return r[0] * a;
}

static double take(const double *&p) { return *p++; }

[[ad::differentiate]]
double pointer_by_reference(const double *x) {
  const double *p = x;
  double a = take(p); // expected-error {{cannot differentiate passing the pointer 'p' by reference to 'take'; pass it by value and step it where it is called}}
  return 10 * a;
}

[[ad::differentiate]]
double raw_copy(const double *x, double a) {
  double w[2];
  std::memcpy(w, x, 2 * sizeof(double)); // expected-error {{cannot differentiate handing active values to a function as raw memory (void *); copy element by element, or with std::copy}}
  return w[0] * a + w[1];
}

// A call that changes state inside a braced initializer ran again where
// the initializer's adjoint needed its value.
static int ticks = 0;
static double tick() { return ++ticks; }
struct V2 {
  double x, y;
};

[[ad::differentiate]]
double braced_call(double x) {
  V2 a{x * tick(), 1.0}; // expected-error {{cannot differentiate a call that changes state inside the initializer of 'a'; compute it into a variable first and use the variable}}
  return a.x;
}

// `p = q` on objects holding a vector: the shadow kept the old size.
struct Poly {
  std::vector<double> c;
};

[[ad::differentiate]]
double grown(double x, double y) {
  Poly p{{x}};
  Poly q = p;
  q.c.push_back(y);
  p = q; // expected-error {{cannot differentiate assigning a whole object that holds a std::vector (its size may change); assign its members one by one}}
  return p.c[1];
}
