// Members in forward mode (issue 12): what is not generated yet is declared
// in the class so that only a call of it is an error, quoting why — a call
// of another member function with active arguments in f_jvp, and so in
// f_hvp. (f_jacobian of a member with one row is one f_grad: fine.)
// RUN: not %adxx -fsyntax-only %s 2>&1 | FileCheck %s
#include <cmath>

struct Scaled {
  double k = 3;
  double helper(double x) const { return std::sin(x) * k; }
  [[ad::differentiate("x")]] double calls(double x) const { return helper(x) * k; }
};

// f_hessian calls f_hvp once per column: a member that changes its object
// would change it once per column (found by a hunt: it was generated and
// gave a wrong, unsymmetric Hessian).
struct Counting {
  double w = 3.0;
  [[ad::differentiate("x[2]")]] double f(const double *x) {
    w += 1.0;
    return w * x[0] * x[1] * x[1];
  }
};

// Members of class templates have f_grad only so far; a call of the others
// says so (it was "no member named 'energy_jvp'").
template <class T> struct Spring {
  T k, r;
  [[ad::differentiate]] T energy(T x, T y) const {
    T d = std::hypot(x, y) - r;
    return T(0.5) * k * d * d;
  }
};

int main() {
  Spring<double> spring{2.0, 0.5};
  double sx = 0, sy = 0, st = 0;
  spring.energy_grad(0.3, 0.9, &sx, &sy); // fine
  spring.energy_jvp(0.3, 0.9, 1.0, -1.0, &st);
  // CHECK: error: static assertion failed {{.*}}: ad: energy_jvp is not generated: it is a member of a class template (forward and second-order derivatives cover free functions, function templates and members of classes so far)
  Counting c;
  double x2[2] = {0.5, 1.5}, H[4];
  c.f_hessian(x2, H);
  // CHECK: error: static assertion failed {{.*}}: ad: f_hessian is not generated: it calls f_hvp once per column, and f changes its object, which would change once per column
  const Scaled s;
  double d = 0, t = 0, j[1], hv = 0;
  s.calls_grad(0.5, &d); // fine
  s.calls_jvp(0.5, 1.0, &t);
  // CHECK: error: static assertion failed {{.*}}: ad: calls_jvp is not generated: forward mode does not handle a call of the member function 'helper' with active arguments (jvp_members.cpp:11) yet
  // CHECK: jvp_members.cpp:[[@LINE-2]]:5: note: in instantiation of
  s.calls_jacobian(0.5, j); // fine
  s.calls_hvp(0.5, &d, 1.0, &hv);
  // CHECK: error: static assertion failed {{.*}}: ad: calls_hvp is not generated: it differentiates calls_jvp, and forward mode does not handle a call of the member function 'helper' with active arguments (jvp_members.cpp:11) yet
}
