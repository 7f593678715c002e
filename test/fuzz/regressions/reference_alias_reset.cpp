// Found by test/fuzz (seed 21, program 535). A local reference to an output
// element, `double &r = out[2]`, assigned a value that reads out[2] itself:
// r = (1 + out[2]) * r. The reverse of `v = e(v)` waits to zero v's shadow,
// and turns the first `+=` into it into `=`; for r that shadow is out[2]'s,
// which the read of out[2] had already added into, so that was lost. The
// wait is now only for variables with a shadow of their own.
// L = f(x, out) + w out[2] with f = out[2]_final = (1 + a) a, a = out[2]
// entry: dL/da = w (1 + 2a).
// RUN: %adxx -O1 %s -o %t
// RUN: %t

#include "ad_test.hpp"

[[ad::differentiate]] double f(double x, double *out) {
  double &r = out[2];
  r = (1 + out[2]) * r;
  return x * r;
}

int main() {
  for (double a : {-0.7, 0.4, 1.3}) {
    double out[3] = {0, 0, a}, d_out[3] = {0, 0, 0.5}, dx = 0;
    double x = 0.9;
    double v = f_grad(x, out, &dx, d_out);
    double want_r = (1 + a) * a;
    ad_test::check("value", v, x * want_r, 0);
    ad_test::check("d_x", dx, want_r, 1e-15);
    ad_test::check("d_out[2] (seed 0.5 and the returned value)", d_out[2],
                   (0.5 + x) * (1 + 2 * a), 1e-14);
  }
  return ad_test::report();
}
