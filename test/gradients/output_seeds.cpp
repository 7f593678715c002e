// Outputs as results (contract §2): void marked functions writing through
// double *y, std::vector<double> &out and double &r, called with a seed w in
// the output's shadow. d_x must gain J^T w (hand Jacobians and forward mode),
// the output's shadow must end at 0 where f overwrote the output, keep w
// where f left it alone and hold the propagated seed where f read the entry
// value (y[i] = y[i] * x[i], a += ...), and the outputs must end as f leaves
// them. Also a function that both returns a real and writes an output, and
// outputs read back (y[i] *= y[i - 1]), and the output pointer given to
// helpers that write through it. Branches on active values are tested
// on both sides.
// The checks below read the pullbacks (split=never); the default (split
// records and lean pullbacks, docs/design.md "Split calls") must agree.
// RUN: %adxx -O1 -Werror -I%ad_src/test/fuzz %s -o %t -fplugin-arg-ad-split=never -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: %adxx -O1 -Werror -I%ad_src/test/fuzz %s -o %t.split
// RUN: %t.split
// RUN: FileCheck %s --input-file=%t.gen/output_seeds.ad.cpp

#include "ad_test.hpp"
#include "dual.hpp"
#include <cmath>
#include <vector>

// y[0 .. n-2] overwritten, by one of two formulas; y[n-1] left alone.
[[ad::differentiate("x")]]
void step(const double *x, double *y, int n) {
  for (int i = 0; i + 1 < n; ++i) {
    if (x[i] > 0)
      y[i] = std::sin(x[i]) * x[i + 1];
    else
      y[i] = x[i] * x[i] - x[i + 1];
  }
}
// The seed in d_y[i] flows into d_x; d_y[i] is cleared where y[i] is written.
// CHECK-LABEL: {{^}}void step_grad(const double *x, double *y, int n, double *d_x, double *d_y) {
// CHECK:       {{^}}      d_x[i] += d_y[i] * x[i + 1] * std::cos(x[i]);
// CHECK-NEXT:  {{^}}      d_x[i + 1] += std::sin(x[i]) * d_y[i];
// CHECK-NEXT:  {{^}}      d_y[i] = 0;
// CHECK:       {{^}}      d_x[i + 1] += -d_y[i];
// CHECK-NEXT:  {{^}}      d_y[i] = 0;

// The marked function gives its own output to helpers that write it: sq
// overwrites (from y + 1), scale_by reads the entry value and writes. They
// run as their logged copies; the reverse sweep rolls back what each wrote
// before its pullback.
void sq(const double *x, double *y, int n) {
  for (int i = 0; i < n; ++i)
    y[i] = x[i] * x[i];
}
void scale_by(double *y, const double *x, int n) {
  for (int i = 0; i < n; ++i)
    y[i] *= x[i];
}
[[ad::differentiate("x")]]
void squares(const double *x, double *y, int n) {
  scale_by(y, x, n);
  sq(x + 2, y + 1, n - 2);
  y[0] *= y[1];
}
// CHECK-LABEL: {{^}}void squares_grad(const double *x, double *y, int n, double *d_x, double *d_y) {
// CHECK:       {{^}}  scale_by_logged(y, x, n, _undo);
// CHECK:       {{^}}  sq_logged(x + 2, y + 1, n - 2, _undo);
// CHECK:       {{^ *}}// Reverse sweep
// CHECK:       {{^}}  _undo.rollback(_tape_cf.pop(), &_redo);
// CHECK-NEXT:  {{^}}  sq_pullback(x + 2, y + 1, n - 2, (d_x + 2), (d_y + 1), &_redo);
// CHECK-NEXT:  {{^}}  _undo.rollback(_tape_cf.pop(), &_redo);
// CHECK-NEXT:  {{^}}  scale_by_pullback(y, x, n, d_y, d_x, &_redo);
// CHECK:       {{^}}  _redo.replay(); // the values f left in the caller's memory

// y[1] is written only on one branch of an active condition.
[[ad::differentiate("x")]]
void maybe(const double *x, double *y) {
  if (x[0] > 0.5)
    y[1] = x[0] * x[1];
  y[0] = std::exp(x[1]);
}
// CHECK-LABEL: {{^}}void maybe_grad(const double *x, double *y, double *d_x, double *d_y) {
// CHECK:       {{^}}  d_y[0] = 0;
// CHECK-NEXT:  {{^}}  if (_cond0) {
// CHECK:       {{^}}    d_y[1] = 0;

// Through a std::vector&: out[0] and out.back() are left alone.
[[ad::differentiate("x")]]
void smooth(const std::vector<double> &x, std::vector<double> &out) {
  for (std::size_t i = 1; i + 1 < x.size(); ++i)
    out[i] = (x[i - 1] + x[i] * x[i] + x[i + 1]) / 3;
}
// CHECK-LABEL: {{^}}void smooth_grad(const std::vector<double> &x, std::vector<double> &out, double *d_x, double *d_out) {
// CHECK:       {{^}}    out[i] = (x[i - 1] + x[i] * x[i] + x[i + 1]) / 3;
// CHECK:       {{^}}    double [[R:_r[0-9]+]] = d_out[i] / 3;
// CHECK:       {{^}}    d_out[i] = 0;

// Through references: px, py overwritten; acc read and written (in-out).
[[ad::differentiate]]
void polar(double r, double t, double &px, double &py) {
  px = r * std::cos(t);
  py = r * std::sin(t);
}
// CHECK-LABEL: {{^}}void polar_grad(double r, double t, double &px, double &py, double *d_r, double *d_t, double *d_px, double *d_py) {
// CHECK:       {{^}}  (*d_py) = 0;
// CHECK:       {{^}}  (*d_px) = 0;

[[ad::differentiate]]
void accumulate_into(double x, double &acc) {
  acc += x * x;
  acc *= 2;
}
// acc *= 2 scales the seed; acc += x * x leaves it. (A reference's shadow
// is reset before the partials flow in: it may alias another's.)
// CHECK-LABEL: {{^}}void accumulate_into_grad(double x, double &acc, double *d_x, double *d_acc) {
// CHECK:       {{^}}    (*d_acc) = 0;
// CHECK-NEXT:  {{^}}    (*d_acc) += {{_r[0-9]+}} * 2;
// CHECK:       {{^}}  _d_x += (*d_acc) * x;
// CHECK:       {{^}}}

// Returns a real and writes an output: L = r + sum_i w_i x_i / r. (With a
// real result, y counts as a result only when named.)
[[ad::differentiate("x", "y")]]
double normalize(const double *x, double *y, int n) {
  double s = 0;
  for (int i = 0; i < n; ++i)
    s += x[i] * x[i];
  double r = std::sqrt(s);
  for (int i = 0; i < n; ++i)
    y[i] = x[i] / r;
  return r;
}
// CHECK-LABEL: {{^}}double normalize_grad(const double *x, double *y, int n, double *d_x, double *d_y) {
// CHECK:       {{^}}  _d_r += 1;
// CHECK:       {{^}}    d_x[i] += d_y[i] / r;
// CHECK:       {{^}}    d_y[i] = 0;
// The sum of squares is run forward again (ReplayedSums.cpp):
// CHECK:       {{^}}  for (int i = 0; i < n; ++i) {
// CHECK-NEXT:  {{^}}    d_x[i] += _d_s * x[i];
// CHECK:       {{^}}  return _ret;

// Reads y's entry values and reads back what it wrote.
[[ad::differentiate("x", "y")]]
void inout(const double *x, double *y, int n) {
  for (int i = 0; i < n; ++i)
    y[i] = y[i] * x[i] + x[i];
  for (int i = 1; i < n; ++i)
    y[i] *= y[i - 1];
}
template <class T>
void inout_t(const T *x, T *y, int n) {
  for (int i = 0; i < n; ++i)
    y[i] = y[i] * x[i] + x[i];
  for (int i = 1; i < n; ++i)
    y[i] *= y[i - 1];
}
// The reverse sweep restores y's old values through the redo log, which
// afterwards puts back what f left; d_y[i] ends at the seed of y[i]'s entry
// value.
// CHECK-LABEL: {{^}}void inout_grad(const double *x, double *y, int n, double *d_x, double *d_y) {
// CHECK:       {{^}}  ::ad::RedoLog _redo;
// CHECK:       {{^}}    _redo.restore(y[i_1], _tape.pop());
// CHECK:       {{^}}    d_y[i_1 - 1] += y[i_1] * {{_r[0-9]+}};
// CHECK:       {{^}}    _redo.restore(y[i], _tape.pop());
// CHECK:       {{^}}    d_y[i] += [[R:_r[0-9]+]] * x[i];
// CHECK-NEXT:  {{^}}    d_x[i] += y[i] * [[R]];
// CHECK:       {{^}}  _redo.replay(); // the values f left in the caller's memory

const int N = 4;

// <w, y> for y = f's output at x (for central differences).
template <class F>
double seeded(F f, const double *x, const double *y0, const double *w, int n) {
  std::vector<double> y(y0, y0 + n), xs(x, x + n);
  f(xs.data(), y.data());
  double L = 0;
  for (int i = 0; i < n; ++i)
    L += w[i] * y[i];
  return L;
}

static void test_step(const double *x) {
  double w[N] = {0.5, -1.25, 2.0, 0.75};
  double y[N] = {9, 9, 9, 9}, y2[N] = {9, 9, 9, 9}, dx[N] = {}, dy[N];
  for (int i = 0; i < N; ++i)
    dy[i] = w[i];
  step_grad(x, y, N, dx, dy);
  step(x, y2, N);
  double want[N] = {};
  for (int i = 0; i + 1 < N; ++i) {
    if (x[i] > 0) {
      want[i] += w[i] * std::cos(x[i]) * x[i + 1];
      want[i + 1] += w[i] * std::sin(x[i]);
    } else {
      want[i] += w[i] * 2 * x[i];
      want[i + 1] -= w[i];
    }
  }
  for (int i = 0; i < N; ++i) {
    ad_test::check("step leaves y as f does", y[i] == y2[i], 1, 0);
    ad_test::check("step d_x vs J^T w by hand", dx[i], want[i], 1e-14);
    auto along = [&](double t) {
      double xs[N] = {x[0], x[1], x[2], x[3]};
      xs[i] = t;
      return seeded([](double *a, double *b) { step(a, b, N); }, xs, y2, w, N);
    };
    ad_test::check("step d_x vs central differences", dx[i],
                   ad_test::central_difference(along, x[i]), 1e-6);
  }
  for (int i = 0; i + 1 < N; ++i)
    ad_test::check("step d_y ends at 0 (overwritten)", dy[i] == 0, 1, 0);
  ad_test::check("step d_y[n-1] keeps w (left alone)", dy[N - 1] == w[N - 1], 1, 0);
}

// y0 x0 x2^2, x2^2, x3^2, y3 x3 for y's entry values y0 .. y3.
static void test_squares(const double *x, const double *y0) {
  double w[N] = {0.5, 1.5, -1.0, 0.25};
  double y[N], y2[N], dx[N] = {}, dy[N];
  for (int i = 0; i < N; ++i) {
    y[i] = y2[i] = y0[i];
    dy[i] = w[i];
  }
  squares_grad(x, y, N, dx, dy);
  squares(x, y2, N);
  const double want_dx[N] = {w[0] * y0[0] * x[2] * x[2], 0,
                             2 * w[0] * y0[0] * x[0] * x[2] + 2 * w[1] * x[2],
                             2 * w[2] * x[3] + w[3] * y0[3]};
  const double want_dy[N] = {w[0] * x[0] * x[2] * x[2], 0, 0, w[3] * x[3]};
  for (int i = 0; i < N; ++i)
    ad_test::check("squares leaves y as f does", y[i] == y2[i], 1, 0);
  // Parameter k: x[k] for k < N, y[k - N] (entry value) after.
  for (int k = 0; k < 2 * N; ++k) {
    double got = k < N ? dx[k] : dy[k - N];
    ad_test::check("squares vs J^T w by hand", got,
                   k < N ? want_dx[k] : want_dy[k - N], 1e-14);
    auto along = [&](double t) {
      double xs[N], ys[N];
      for (int i = 0; i < N; ++i) {
        xs[i] = x[i];
        ys[i] = y0[i];
      }
      (k < N ? xs[k] : ys[k - N]) = t;
      squares(xs, ys, N);
      double L = 0;
      for (int i = 0; i < N; ++i)
        L += w[i] * ys[i];
      return L;
    };
    ad_test::check("squares vs central differences", got,
                   ad_test::central_difference(along, k < N ? x[k] : y0[k - N]), 1e-6);
  }
}

static void test_maybe(double x0, double x1) {
  double x[2] = {x0, x1}, w[2] = {1.5, -0.75};
  double y[2] = {3, 4}, y2[2] = {3, 4}, dx[2] = {}, dy[2] = {w[0], w[1]};
  maybe_grad(x, y, dx, dy);
  maybe(x, y2);
  bool wrote = x0 > 0.5;
  ad_test::check("maybe leaves y as f does", y[0] == y2[0] && y[1] == y2[1], 1, 0);
  ad_test::check("maybe d_x[0] vs hand", dx[0], wrote ? w[1] * x1 : 0, 1e-14);
  ad_test::check("maybe d_x[1] vs hand", dx[1], w[0] * std::exp(x1) + (wrote ? w[1] * x0 : 0), 1e-14);
  ad_test::check("maybe d_y[0] ends at 0", dy[0] == 0, 1, 0);
  ad_test::check("maybe d_y[1]: 0 if written, else w", dy[1] == (wrote ? 0 : w[1]), 1, 0);
  for (int i = 0; i < 2; ++i) {
    auto along = [&](double t) {
      double xs[2] = {x0, x1};
      xs[i] = t;
      return seeded([](double *a, double *b) { maybe(a, b); }, xs, y2, w, 2);
    };
    ad_test::check("maybe d_x vs central differences", dx[i],
                   ad_test::central_difference(along, x[i]), 1e-6);
  }
}

static void test_smooth(const std::vector<double> &x) {
  const std::size_t n = x.size();
  std::vector<double> w(n), out(n, 7.0), out2(n, 7.0), dx(n, 0.0), dout(n);
  for (std::size_t i = 0; i < n; ++i)
    dout[i] = w[i] = 0.3 * i - 0.8;
  smooth_grad(x, out, dx.data(), dout.data());
  smooth(x, out2);
  std::vector<double> want(n, 0.0);
  for (std::size_t i = 1; i + 1 < n; ++i) {
    want[i - 1] += w[i] / 3;
    want[i] += w[i] * 2 * x[i] / 3;
    want[i + 1] += w[i] / 3;
  }
  for (std::size_t i = 0; i < n; ++i) {
    ad_test::check("smooth leaves out as f does", out[i] == out2[i], 1, 0);
    ad_test::check("smooth d_x vs J^T w by hand", dx[i], want[i], 1e-14);
    auto along = [&](double t) {
      std::vector<double> xs = x, o(n, 7.0);
      xs[i] = t;
      smooth(xs, o);
      double L = 0;
      for (std::size_t k = 0; k < n; ++k)
        L += w[k] * o[k];
      return L;
    };
    ad_test::check("smooth d_x vs central differences", dx[i],
                   ad_test::central_difference(along, x[i]), 1e-6);
    bool written = i > 0 && i + 1 < n;
    ad_test::check("smooth d_out: 0 where written, w where not",
                   dout[i] == (written ? 0 : w[i]), 1, 0);
  }
}

static void test_polar(double r, double t) {
  double wx = 0.6, wy = -1.4;
  double px = 5, py = 6, px2 = 5, py2 = 6, dr = 0, dt = 0, dpx = wx, dpy = wy;
  polar_grad(r, t, px, py, &dr, &dt, &dpx, &dpy);
  polar(r, t, px2, py2);
  ad_test::check("polar leaves px, py as f does", px == px2 && py == py2, 1, 0);
  ad_test::check("polar d_r vs hand", dr, wx * std::cos(t) + wy * std::sin(t), 1e-14);
  ad_test::check("polar d_t vs hand", dt, -wx * r * std::sin(t) + wy * r * std::cos(t), 1e-14);
  ad_test::check("polar d_px, d_py end at 0", dpx == 0 && dpy == 0, 1, 0);
  auto L = [&](double a, double b) {
    double u = 5, v = 6;
    polar(a, b, u, v);
    return wx * u + wy * v;
  };
  ad_test::check("polar d_r vs central differences", dr,
                 ad_test::central_difference([&](double a) { return L(a, t); }, r), 1e-6);
  ad_test::check("polar d_t vs central differences", dt,
                 ad_test::central_difference([&](double b) { return L(r, b); }, t), 1e-6);
}

static void test_accumulate(double x, double a0) {
  // acc_final = 2 (acc0 + x^2): d_acc ends at 2 w, d_x gains 4 x w.
  double w = 0.7, acc = a0, acc2 = a0, dx = 0, dacc = w;
  accumulate_into_grad(x, acc, &dx, &dacc);
  accumulate_into(x, acc2);
  ad_test::check("accumulate_into leaves acc as f does", acc == acc2, 1, 0);
  ad_test::check("accumulate_into d_x vs hand", dx, 4 * x * w, 1e-14);
  ad_test::check("accumulate_into d_acc vs hand (in-out)", dacc, 2 * w, 1e-14);
  auto L = [&](double u, double a) {
    accumulate_into(u, a);
    return w * a;
  };
  ad_test::check("accumulate_into d_x vs central differences", dx,
                 ad_test::central_difference([&](double u) { return L(u, a0); }, x), 1e-6);
  ad_test::check("accumulate_into d_acc vs central differences", dacc,
                 ad_test::central_difference([&](double a) { return L(x, a); }, a0), 1e-6);
}

static void test_normalize(const double *x) {
  double w[N] = {1.0, -0.5, 0.25, 2.0};
  double y[N] = {}, y2[N] = {}, dx[N] = {}, dy[N];
  for (int i = 0; i < N; ++i)
    dy[i] = w[i];
  double v = normalize_grad(x, y, N, dx, dy);
  ad_test::check("normalize value bit for bit", v == normalize(x, y2, N), 1, 0);
  double r = 0, wx = 0;
  for (int i = 0; i < N; ++i) {
    r += x[i] * x[i];
    wx += w[i] * x[i];
  }
  r = std::sqrt(r);
  for (int i = 0; i < N; ++i) {
    ad_test::check("normalize leaves y as f does", y[i] == y2[i], 1, 0);
    ad_test::check("normalize d_y ends at 0", dy[i] == 0, 1, 0);
    double want = x[i] / r + w[i] / r - wx * x[i] / (r * r * r);
    ad_test::check("normalize d_x vs hand", dx[i], want, 1e-13);
    auto along = [&](double t) {
      double xs[N] = {x[0], x[1], x[2], x[3]}, ys[N];
      xs[i] = t;
      double L = normalize(xs, ys, N);
      for (int k = 0; k < N; ++k)
        L += w[k] * ys[k];
      return L;
    };
    ad_test::check("normalize d_x vs central differences", dx[i],
                   ad_test::central_difference(along, x[i]), 1e-6);
  }
}

static void test_inout(const double *x, const double *y0) {
  double w[N] = {0.5, 1.5, -1.0, 0.25};
  double y[N], y2[N], dx[N] = {}, dy[N];
  for (int i = 0; i < N; ++i) {
    y[i] = y2[i] = y0[i];
    dy[i] = w[i];
  }
  inout_grad(x, y, N, dx, dy);
  inout(x, y2, N);
  for (int i = 0; i < N; ++i)
    ad_test::check("inout leaves y as f does", y[i] == y2[i], 1, 0);
  // Parameter k: x[k] for k < N, y[k - N] (entry value) after.
  for (int k = 0; k < 2 * N; ++k) {
    fz::dual X[N], Y[N];
    for (int i = 0; i < N; ++i) {
      X[i] = fz::dual(x[i], k == i);
      Y[i] = fz::dual(y0[i], k == N + i);
    }
    inout_t(X, Y, N);
    double want = 0;
    for (int i = 0; i < N; ++i)
      want += w[i] * Y[i].d;
    double got = k < N ? dx[k] : dy[k - N];
    ad_test::check("inout vs forward mode", got, want, 1e-13);
    auto along = [&](double t) {
      double xs[N], ys[N];
      for (int i = 0; i < N; ++i) {
        xs[i] = x[i];
        ys[i] = y0[i];
      }
      (k < N ? xs[k] : ys[k - N]) = t;
      inout(xs, ys, N);
      double L = 0;
      for (int i = 0; i < N; ++i)
        L += w[i] * ys[i];
      return L;
    };
    ad_test::check("inout vs central differences", got,
                   ad_test::central_difference(along, k < N ? x[k] : y0[k - N]), 1e-6);
  }
}

int main() {
  for (int c = 0; c < 4; ++c) {
    // Signs alternate so that both branches of step are taken.
    double x[N] = {0.9 - 0.6 * c, -0.4 + 0.5 * c, 1.1 - 0.3 * c, -0.7 + 0.35 * c};
    double y0[N] = {0.5, -1.0 + 0.2 * c, 1.2, 0.3 * c - 0.4};
    test_step(x);
    test_normalize(x);
    test_inout(x, y0);
    test_squares(x, y0);
    test_smooth(std::vector<double>(x, x + N));
    test_smooth({x[0], x[1], x[2], x[3], 0.5 * c, -1.0});
    test_polar(0.5 + c, 0.3 - 0.8 * c);
    test_accumulate(x[c], y0[c]);
  }
  test_maybe(0.9, -0.3); // y[1] written
  test_maybe(0.1, -0.3); // y[1] left alone
  return ad_test::report();
}
