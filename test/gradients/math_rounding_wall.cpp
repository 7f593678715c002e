// A local holding floor(x) (derivative 0): the generated code must compile
// without a warning at -Wall, with the plugin and, emitted, with plain
// clang++ (contract §4); and the gradient is still k = floor(x).
// Reverse mode (forced: these functions have one active input, which
// otherwise gets forward mode), then forward mode, checked at run time.
// RUN: %adxx -O2 -Werror %s -o %t -fplugin-arg-ad-mode=reverse -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: FileCheck %s --input-file=%t.gen/math_rounding_wall.ad.cpp
// RUN: %adxx -O2 %s -o %t.fwd -fplugin-arg-ad-emit=%t.fwd.gen
// RUN: %t.fwd
// RUN: %clangxx -O2 -Werror -I%runtime %t.gen/math_rounding_wall.ad.cpp -o %t.clang
// RUN: %t.clang

#include "ad_test.hpp"
#include <cmath>
#include <initializer_list>

[[ad::differentiate]] double r(double x) {
  double k = std::floor(x);
  return k * x;
}
// CHECK-LABEL: {{^}}double r_grad(double x, double *d_x) {
// CHECK:       {{^ +}}_d_x += k;

int main() {
  for (double x : {-2.5, -0.3, 0.7, 3.2}) {
    double d = 0;
    double v = r_grad(x, &d);
    ad_test::check("value bit for bit", v == r(x), 1, 0);
    ad_test::check("d/dx = floor(x)", d, std::floor(x), 1e-15);
  }
  return ad_test::report();
}
