// Marked functions in headers (contract §1): the generated code is inserted
// into the header's text, `-fplugin-arg-ad-emit` writes it, `inline` carries
// over, and two translation units that include the header link. A marked
// declaration whose definition is in another translation unit declares
// f_grad; the unit that compiles the definition defines it.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adxx -Werror -c %S/Inputs/first.cpp -o %t/first.o -fplugin-arg-ad-emit=%t/gen1
// RUN: %adxx -Werror -I%S/Inputs -c %s -o %t/second.o -fplugin-arg-ad-emit=%t/gen2
// RUN: %clang_exe %t/first.o %t/second.o -o %t/run
// RUN: %t/run
// RUN: FileCheck %s --check-prefix=MODEL --input-file=%t/gen2/model.ad.hpp
// RUN: FileCheck %s --check-prefix=REMOTE --input-file=%t/gen2/remote.ad.hpp
// RUN: FileCheck %s --check-prefix=MODEL --input-file=%t/gen1/model.ad.hpp
// A header that does not mention the attribute is not rewritten.
// RUN: not ls %t/gen2/ad_test.ad.hpp
// ad-gen prints one file, so it says where to look instead.
// RUN: not %adgen %s -- -std=c++17 -I%S/Inputs -I%ad_src/test/support -I%runtime 2>&1 | FileCheck %s --check-prefix=ADGEN
// ADGEN: ad-gen: '{{.*}}model.hpp' holds marked functions; ad-gen prints one file: see their generated code with the plugin's -fplugin-arg-ad-emit=DIR

#include "ad_test.hpp"
#include "model.hpp"
#include "remote.hpp"

double energy_derivative_x(double x, double y); // in first.cpp

// MODEL: {{^}}struct helper_record {
// MODEL: {{^}}inline double energy_grad(double x, double y, double *d_x, double *d_y) {
// REMOTE: {{^}}double remote_grad(double x, double k, double *d_x);

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
    ad_test::check("the other unit's energy_grad", energy_derivative_x(x, y), want_dx, 1e-14);
    double dr = 0;
    double r = remote_grad(x, 3.0, &dr);
    ad_test::check("remote value", r, 3 * x * x * x, 0);
    ad_test::check("remote d_x vs hand", dr, 9 * x * x, 1e-14);
  }
  return ad_test::report();
}
