// A marked function in a header, compiled in one parse (docs/design.md
// "Pipeline"): the header is read with the pragma after the function, so
// energy_grad is declared right after energy in the header, and defined,
// inline like energy, at the end of the main file. Two translation units
// that include the header (both in one parse) link.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adxx -Werror -I%S/Inputs -c %S/Inputs/uses_model.cpp -o %t/uses.o -fplugin-arg-ad-parse=once
// RUN: %adxx -Werror -I%S/Inputs -c %s -o %t/main.o -fplugin-arg-ad-parse=once -fplugin-arg-ad-emit=%t/gen
// RUN: %clang_exe %t/main.o %t/uses.o -o %t/run
// RUN: %t/run
// RUN: FileCheck %s --check-prefix=HEADER --input-file=%t/gen/model.ad.hpp
// RUN: FileCheck %s --check-prefix=MAIN --input-file=%t/gen/one_parse.ad.cpp
// The emitted files compile with g++ (the header beside the main file).
// RUN: cp %t/gen/model.ad.hpp %t/gen/model.hpp
// RUN: %gxx -Werror -I%runtime -I%t/gen %t/gen/one_parse.ad.cpp -c -o %t/gxx.o

#include "ad_test.hpp"
#include "model.hpp"

double model_derivative_x(double x, double y); // in uses_model.cpp

// HEADER:      {{^}}inline double energy(double x, double y) { return helper(x) * y + x * x; }
// HEADER-NEXT: {{^}}#line {{[0-9]+}} "{{.*}}model.ad.hpp"
// HEADER-NEXT: {{^}}inline double energy_grad(double x, double y, double *d_x, double *d_y);
// HEADER-NEXT: {{^}}#line {{[0-9]+}} "{{.*}}model.hpp"
// MAIN:        {{^}}// The gradients of this file, defined where the whole file is known.
// MAIN-NEXT:   {{^}}namespace model {
// MAIN:        {{^}}inline double energy_grad(double x, double y, double *d_x, double *d_y) {

int main() {
  for (double x : {-0.7, 0.5, 1.9}) {
    double y = 2.0 - x, dx = 0, dy = 0;
    double v = model::energy_grad(x, y, &dx, &dy);
    ad_test::check("energy value bit for bit", v == model::energy(x, y), 1, 0);
    double want_dx = (std::cos(x) * x + std::sin(x)) * y + 2 * x;
    ad_test::check("energy d_x vs hand", dx, want_dx, 1e-14);
    ad_test::check("energy d_y vs hand", dy, std::sin(x) * x, 1e-14);
    ad_test::check("energy d_x vs central differences", dx,
                   ad_test::central_difference([&](double t) { return model::energy(t, y); }, x),
                   1e-6);
    ad_test::check("the other unit's energy_grad", model_derivative_x(x, y), want_dx, 1e-14);
  }
  return ad_test::report();
}
