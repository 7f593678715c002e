// Nested and second derivatives that ad does not generate (issue 12): each
// is an error at the user's call, saying why — never a wrong derivative.
//  - a call of g_grad whose g has no f_hvp (g changes an active output);
//  - a call of h_hvp in a marked function (third derivatives);
//  - m_hvp of a function that calls h_grad (third derivatives too): not
//    generated, a call of it says why.
// RUN: not %adxx -std=c++17 -fsyntax-only %s 2>&1 | FileCheck %s
#include <cmath>

[[ad::differentiate]] double g(double x, double *y) {
  *y = x * x;
  return std::sin(x);
}
[[ad::differentiate]] double f(double x) {
  double y = 0, dx = 0, dy = 0;
  g_grad(x, &y, &dx, &dy);
  // CHECK: nested_and_second_order.cpp:[[@LINE-1]]:3: error: cannot differentiate the call of 'g_grad' with an active argument; differentiating this call of 'g_grad' needs second derivatives of 'g', and g_hvp is not generated: g may change its active parameter 'y'; f_hvp covers functions whose active parameters are inputs
  return dx;
}

[[ad::differentiate]] double h(double x) { return x * x * x; }
[[ad::differentiate]] double k(double x) {
  double d = 0, hv = 0;
  h_hvp(x, &d, 1.0, &hv);
  // CHECK: nested_and_second_order.cpp:[[@LINE-1]]:3: error: cannot differentiate the call of 'h_hvp' with an active argument; 'h_hvp' is code ad generated for a derivative; differentiating it would need third derivatives, which ad does not generate
  return hv;
}

// A template's gradient called in a marked function: its f_hvp, which
// the derivative of the call needs, is not generated for templates yet.
template <class T>
[[ad::differentiate]] T tp(T x, T y) { return x * x * y; }
[[ad::differentiate]] double uses_tp(double x) {
  double dx = 0, dy = 0;
  tp_grad(x, 2.0, &dx, &dy);
  // CHECK: nested_and_second_order.cpp:[[@LINE-1]]:3: error: cannot differentiate the call of 'tp_grad' with an active argument; differentiating this call of 'tp_grad' needs second derivatives of 'tp', and tp_hvp is not generated for function templates yet
  return dx;
}

int main() {
  double d = 0;
  f_grad(1.0, &d);
  k_grad(1.0, &d);
  uses_tp_grad(1.0, &d);
}
// No follow-on error at the calls of the gradients that failed.
// CHECK-NOT: error:
