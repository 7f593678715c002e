// Helpers written the way benchmark suites write them: templates in a
// namespace, called through thin marked wrappers with explicit template
// arguments; `assert` (a call of a function without a visible body that
// never returns) and INFINITY (a builtin) inside them; a template that
// writes through its output pointer `T *out`, handed the wrapper's own
// output (run as its logged variant, named in its namespace).
// The checks below read the pullbacks (split=never); the default (split
// records and lean pullbacks, docs/design.md "Split calls") must agree.
// RUN: %adxx -O1 -Werror %s -o %t -fplugin-arg-ad-split=never -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: %adxx -O1 -Werror %s -o %t.split
// RUN: %t.split
// RUN: FileCheck %s --input-file=%t.gen/library_style_helpers.ad.cpp

#include "ad_test.hpp"
#include <algorithm>
#include <cassert>
#include <cmath>
#include <vector>

namespace bench {
template <typename T>
T nearest(int n, const T *x, T c) {
  assert(n > 0);
  T best = INFINITY;
  for (int i = 0; i < n; ++i)
    best = std::min(best, (x[i] - c) * (x[i] - c));
  return best;
}

template <typename T>
void smooth(int n, const T *x, T *out) {
  std::fill(out, out + n, T(0));
  for (int step = 0; step < 3; ++step)
    for (int i = 1; i + 1 < n; ++i)
      out[i] = 0.25 * out[i - 1] + 0.5 * x[i] + 0.25 * out[i + 1];
}
} // namespace bench

[[ad::differentiate("c")]]
double nearest_w(int n, const double *x, double c) { return bench::nearest<double>(n, x, c); }

[[ad::differentiate("x")]]
void smooth_w(int n, const double *x, double *out) { bench::smooth<double>(n, x, out); }
// CHECK: {{^}}static void smooth_logged(int n, const T *x, T *out, ::ad::UndoLog &_undo) {
// CHECK-LABEL: {{^}}void smooth_w_grad(int n, const double *x, double *out, double *d_x, double *d_out) {
// CHECK:       {{^}}  ::bench::smooth_logged<double>(n, x, out, _undo);

int main() {
  const int n = 5;
  double x[n] = {0.3, -1.2, 2.0, 0.5, 0.1};
  for (double c : {-0.9, 0.45, 1.7}) {
    double d = 0;
    double v = nearest_w_grad(n, x, c, &d);
    ad_test::check("nearest value bit for bit", v == nearest_w(n, x, c), 1, 0);
    double best = INFINITY, arg = 0;
    for (double xi : x)
      if ((xi - c) * (xi - c) < best)
        best = (xi - c) * (xi - c), arg = xi;
    ad_test::check("nearest d_c vs hand", d, -2 * (arg - c), 1e-14);
    ad_test::check("nearest d_c vs central differences", d,
                   ad_test::central_difference([&](double t) { return nearest_w(n, x, t); }, c),
                   1e-6);
  }
  // smooth: a linear map out = M x; d_x gains M^T w, d_out ends at 0.
  double w[n] = {0.5, -1.0, 2.0, 0.3, 0.7};
  double out[n], ref[n], dx[n] = {}, dout[n];
  for (int i = 0; i < n; ++i)
    dout[i] = w[i];
  smooth_w_grad(n, x, out, dx, dout);
  smooth_w(n, x, ref);
  for (int i = 0; i < n; ++i) {
    ad_test::check("smooth leaves out as f does", out[i] == ref[i], 1, 0);
    ad_test::check("smooth d_out ends at zero", dout[i], 0, 0);
    double want = 0; // column i of M, dotted with w
    double e[n] = {0, 0, 0, 0, 0}, col[n];
    e[i] = 1;
    smooth_w(n, e, col);
    for (int k = 0; k < n; ++k)
      want += w[k] * col[k];
    ad_test::check("smooth d_x = M^T w", dx[i], want, 1e-14);
  }
  return ad_test::report();
}
