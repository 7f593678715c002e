// f_jvp of a function forward mode does not handle yet is declared, not
// generated: code that does not call it compiles, and a call of it is an
// error quoting what is missing and where; f_hvp likewise. A pointer
// parameter without a stated size leaves f_jacobian not generated, and the
// error says which size to state.
// RUN: not %adxx -fsyntax-only %s 2>&1 | FileCheck %s

#include <algorithm>
#include <vector>

[[ad::differentiate]]
double filled(double x) {
  std::vector<double> v(3);
  std::fill(v.begin(), v.end(), x * x);
  return v[0] + v[2];
}

[[ad::differentiate]]
double norm2(const double *x, int n) {
  double s = 0;
  for (int i = 0; i < n; ++i)
    s += x[i] * x[i];
  return s;
}

[[ad::differentiate]]
void twice(const double *x, double *y) {
  y[0] = 2 * x[0];
}

int main() {
  double d = 0, t = 0, j[4];
  filled_grad(1.0, &d); // fine
  filled_jvp(1.0, 1.0, &t);
  // CHECK: error: static assertion failed {{.*}}: ad: filled_jvp is not generated: forward mode does not handle storing active values this way {{.*}}(jvp_not_generated.cpp:14) yet
  // CHECK: note: in instantiation of {{.*}}filled_jvp{{.*}} requested here
  filled_hvp(1.0, &d, 1.0, &t);
  // CHECK: error: static assertion failed {{.*}}: ad: filled_hvp is not generated: second derivatives are not generated yet (issue 12)
  twice_jacobian(&d, &t, j);
  // CHECK: error: static assertion failed {{.*}}: ad: twice_jacobian is not generated: it needs the size of 'x': state it in the attribute, as in {{\[\[}}ad::differentiate("x[n]")]] with n a parameter or a constant
  (void)norm2;
  return 0;
}
