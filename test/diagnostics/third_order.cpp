// f_hvp of a function that calls another's gradient would need third
// derivatives (issue 12): m_hvp is not generated, and only a call of it is
// an error, quoting why. m_grad (a nested derivative) is fine.
// RUN: not %adxx -std=c++17 -fsyntax-only %s 2>&1 | FileCheck %s
#include <cmath>

[[ad::differentiate]] double h(double x) { return x * x * x; }
[[ad::differentiate]] double m(double x) {
  double d = 0;
  h_grad(x, &d);
  return d * std::sin(x);
}

int main() {
  double d = 0, hv = 0;
  m_grad(1.0, &d);
  m_hvp(1.0, &d, 1.0, &hv);
  // CHECK: error: static assertion failed {{.*}}: ad: m_hvp is not generated: differentiating m_jvp fails: cannot differentiate the call of 'h_grad_tangent' with an active argument; 'h_grad_tangent' is code ad generated for a derivative; differentiating it would need third derivatives, which ad does not generate
  // CHECK: third_order.cpp:[[@LINE-2]]:3: note: in instantiation of {{.*}}m_hvp
}
// CHECK-NOT: error:
