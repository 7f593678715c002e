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

#include <random>
// f_jacobian runs f_jvp once per column: a parameter f changes that is not
// active (a random engine) would change once per column.
[[ad::differentiate("x[2]", "y[2]")]]
void noisy_out(const double *x, double *y, std::mt19937 &gen) {
  std::uniform_real_distribution<double> u(0.0, 1.0);
  double r = u(gen);
  y[0] = r * x[0];
  y[1] = r * x[1];
}

int main() {
  double d = 0, t = 0, j[4];
  filled_grad(1.0, &d); // fine
  filled_jvp(1.0, 1.0, &t);
  // CHECK: error: static assertion failed {{.*}}: ad: filled_jvp is not generated: forward mode does not handle storing active values this way {{.*}}(jvp_not_generated.cpp:14) yet
  // CHECK: note: in instantiation of {{.*}}filled_jvp{{.*}} requested here
  filled_hvp(1.0, &d, 1.0, &t);
  // CHECK: error: static assertion failed {{.*}}: ad: filled_hvp is not generated: it differentiates filled_jvp, and forward mode does not handle storing active values this way {{.*}} yet
  twice_jacobian(&d, &t, j);
  // CHECK: error: static assertion failed {{.*}}: ad: twice_jacobian is not generated: it needs the size of 'x': state it in the attribute, as in {{\[\[}}ad::differentiate("x[n]")]] with n a parameter or a constant
  std::mt19937 gen(1);
  noisy_out_jacobian(&d, &t, gen, j);
  // CHECK: error: static assertion failed {{.*}}: ad: noisy_out_jacobian is not generated: it calls noisy_out_jvp once per column, and noisy_out changes its parameter 'gen', which is not active, so it would change once per column
  (void)norm2;
  return 0;
}
