// `v.front()` and `v.back()` of a std::vector (read, written, compound-
// assigned) are elements of v: their shadows are the shadow's front and
// back (`_d_w.back()`), or `d_v[v.size() - 1]` for a parameter's shadow
// pointer. Reverse mode (two inputs, a vector parameter) and forward mode
// (one input, f_jvp); checked against hand-derived derivatives and central
// differences. (Refused before with an error inside stl_vector.h.)
// RUN: %adxx -O1 -Werror %s -o %t -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: FileCheck %s --input-file=%t.gen/vector_ends.ad.cpp

#include "ad_test.hpp"

#include <cmath>
#include <vector>

[[ad::differentiate]]
double ends(double x, double y) {
  std::vector<double> w{x, y, x * y};
  w.back() += std::sin(w.front());
  w.front() *= 2;
  return w.back() * x + w.front() * w.front();
}
// CHECK-LABEL: {{^}}double ends_grad(
// CHECK:       {{^}}    _d_w.front() += _r{{[0-9]+}} * 2;

[[ad::differentiate]]
double of_parameter(const std::vector<double> &v) { return v.back() * v.front() * v.front(); }
// CHECK-LABEL: {{^}}double of_parameter_grad(
// CHECK:       {{^}}  d_v[v.size() - 1] += v.front() * v.front();

[[ad::differentiate]]
double one_input(double x) {
  std::vector<double> w{x, 2 * x};
  return w.back() * w.front();
}

int main() {
  for (double x : {0.7, -1.2, 2.5}) {
    const double y = 1.3;
    double dx = 0, dy = 0;
    double value = ends_grad(x, y, &dx, &dy);
    ad_test::check("ends value bit for bit", value == ends(x, y), 1, 0);
    // f = (x y + sin x) x + 4 x^2
    ad_test::check("ends d_x vs hand", dx, (y + std::cos(x)) * x + (x * y + std::sin(x)) + 8 * x,
                   1e-13);
    ad_test::check("ends d_y vs hand", dy, x * x, 1e-13);
    ad_test::check("ends d_x vs central differences", dx,
                   ad_test::central_difference([&](double t) { return ends(t, y); }, x), 1e-6);
    double t = 0;
    ends_jvp(x, y, 1.0, 0.0, &t);
    ad_test::check("ends f_jvp along x vs f_grad", t, dx, 1e-13);

    std::vector<double> v{x, 3, 5}, d(3, 0.0);
    of_parameter_grad(v, d.data());
    ad_test::check("of_parameter d_v[0] vs hand", d[0], 2 * 5 * x, 1e-13);
    ad_test::check("of_parameter d_v[1]", d[1], 0, 0);
    ad_test::check("of_parameter d_v[2] vs hand", d[2], x * x, 1e-13);

    dx = 0;
    one_input_grad(x, &dx);
    ad_test::check("one_input d_x vs hand", dx, 4 * x, 1e-13);
  }
  return ad_test::report();
}
