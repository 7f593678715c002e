// W6 with ADOL-C: the integrator of w6_ode.hpp on adoubles, retaped at
// every call (as adolc.cpp does), then ADOL-C's gradient driver.
#include "w6_ode.hpp"

#include "adolc_gradient.hpp"

#include "workloads.hpp"

#include <vector>

namespace w6 {

double ode_adolc(const double *x, int n, int s, double *dx) {
  return adolc_gradient(61, n, x, dx, [n, s](const adouble *ax) {
    std::vector<adouble> ay(n);
    ode_model<adouble>(n, ax, s, ay.data());
    return ay[n - 1];
  });
}

} // namespace w6
