// f_jvp of a marked template whose instantiation forward mode does not
// handle yet: an error at the call of f_jvp that needs it, quoting what is
// missing; f_grad of the same template is unaffected.
// RUN: not %adxx -fsyntax-only %s 2>&1 | FileCheck %s
// CHECK-NOT: undeclared

#include <algorithm>
#include <vector>

template <class T>
[[ad::differentiate]] T filled(T x) {
  std::vector<T> v(3);
  std::fill(v.begin(), v.end(), x * x);
  return v[0] + v[2];
}

int main() {
  double d = 0, t = 0;
  filled_grad(1.0, &d);
  filled_jvp(1.0, 1.0, &t);
  // CHECK: jvp_template_not_generated.cpp:[[@LINE-1]]:3: error: filled_jvp for filled<double> is not generated: forward mode does not handle storing active values this way {{.*}} yet
}
// CHECK-NOT: {{error:|warning:}}
