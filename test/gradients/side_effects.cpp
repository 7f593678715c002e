// Side effects inside expressions (contract §3): x[i++] reading and writing,
// while (n-- > 0), if (++k < 3), a = b = e, the comma operator, *p++ = v and
// *++p = v on a local pointer and *y++ = v, *++y = v on a pointer parameter
// (an output), an if on an active condition whose body steps a counter, a
// helper that writes through its argument used inside an expression
// (double d = step(x, &state) * 2, here filter), and calls whose value must
// not be computed again (a helper counting its calls in a global, std::rand()
// and a global random generator inside expressions): f_grad must run each of
// them exactly as often as f. Checked against forward mode (fz::dual on a
// templated copy) or hand formulas, central differences and f's value.
// The checked text is reverse mode's; the default (forward mode for
// one-input gradients) is run too.
// The checks below read the pullbacks (split=never); the default (split
// records and lean pullbacks, docs/design.md "Split calls") must agree.
// RUN: %adxx -O1 -Werror -I%ad_src/test/fuzz %s -o %t -fplugin-arg-ad-mode=reverse -fplugin-arg-ad-split=never -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: %adxx -O1 -Werror -I%ad_src/test/fuzz %s -o %t.split -fplugin-arg-ad-mode=reverse
// RUN: %t.split
// RUN: %adxx -O1 -Werror -I%ad_src/test/fuzz %s -o %t.fwd
// RUN: %t.fwd
// RUN: FileCheck %s --input-file=%t.gen/side_effects.ad.cpp

#include "ad_test.hpp"
#include "dual.hpp"
#include <cmath>
#include <cstdlib>

// Not supported yet (see docs/reference.md): ++k in the right operand of &&,
// if (x * x > y && ++k < 5) (refused with a message saying so).
// Refused by design: *p++ = v where v reads through the same pointer
// (*p++ = x * p[-1]): which p the read sees depends on C++'s sequencing,
// which the reverse sweep (all effects of the statement done) cannot tell
// (test/diagnostics/effect_read_elsewhere.cpp).

[[ad::differentiate]]
double steps(double x, double y) {
  double a[6];
  int i = 0;
  a[i++] = x;
  a[i++] = x * y;
  a[i++] = std::sin(y);
  int j = 0;
  double s = a[j++] * 0.5;
  s += a[j++] * y;
  s += a[j++];
  int n = 3;
  while (n-- > 0)
    s = s * x + a[n];
  int k = 0;
  if (++k < 3)
    s += y * k;
  if (++k < 2)
    s += x;
  if (x * x > y)
    if (++k < 5)
      s *= y;
  double b, c;
  b = c = s * y;
  c *= x;
  double d = (s += x, s * b);
  for (int m = 0, q = 5; m < 2; ++m, --q)
    d = d * 0.5 + a[m] * q; // not a sum: stepped back, not replayed
  double out[6];
  double *p = out;
  *p++ = b;
  *p = c * c;
  ++p;
  *p = d;
  p++;
  *p++ = x;
  p += 1;
  *p = s * y;
  *--p = a[1] * b;
  *++p += x;
  return out[0] + out[1] * out[2] + out[3] * (i + j + k) + out[4] * out[5];
}
// The counters are stepped as in f and stepped back in the reverse sweep;
// a = b = e and the comma operator run once, in order.
// CHECK-LABEL: {{^}}double steps_grad(double x, double y, double *d_x, double *d_y) {
// CHECK:       {{^}}  a[i++] = x;
// CHECK:       {{^}}  s = a[j++] * 0.5;
// CHECK:       {{^}}  while (n-- > 0) {
// CHECK:       {{^}}  _cond0 = ++k < 3;
// CHECK:       {{^}}  b = c = s * y;
// CHECK:       {{^}}  d = (s += x , s * b);
// CHECK:       {{^}}  for (; m < 2; ++m, --q) {
// CHECK:       {{^}}  *p++ = b;
// CHECK-NEXT:  {{^}}  ++_d_p;
// CHECK:       {{^}}  ++p;
// CHECK-NEXT:  {{^}}  ++_d_p;
// CHECK:       {{^}}  *--p = a[1] * b;
// CHECK-NEXT:  {{^}}  --_d_p;
// CHECK:       {{^ *}}// Reverse sweep
// CHECK:       {{^}}  _d_b += *(_d_p - 1);
// CHECK-NEXT:  {{^}}  *(_d_p - 1) = 0;
// CHECK-NEXT:  {{^}}  --p;
// CHECK-NEXT:  {{^}}  --_d_p;
// CHECK:       {{^}}    ++q;
// CHECK-NEXT:  {{^}}    --m;
// CHECK:       {{^}}    _d_a[m] += {{_r[0-9]+}} * q;
// CHECK:       {{^}}  _d_c += _d_b;
// CHECK-NEXT:  {{^}}  _d_b = 0;
// CHECK:       {{^}}      --k;
// CHECK:       {{^}}  _d_a[(j - 1)] += _d_s * 0.5;
// CHECK-NEXT:  {{^}}  --j;
// CHECK:       {{^}}  a[(i - 1)] = _t0;
// CHECK-NEXT:  {{^}}  _d_x += _d_a[(i - 1)];
template <class T>
T steps_t(T x, T y) {
  T a[6];
  int i = 0;
  a[i++] = x;
  a[i++] = x * y;
  a[i++] = sin(y);
  int j = 0;
  T s = a[j++] * 0.5;
  s += a[j++] * y;
  s += a[j++];
  int n = 3;
  while (n-- > 0)
    s = s * x + a[n];
  int k = 0;
  if (++k < 3)
    s += y * k;
  if (++k < 2)
    s += x;
  if (x * x > y)
    if (++k < 5)
      s *= y;
  T b, c;
  b = c = s * y;
  c *= x;
  T d = (s += x, s * b);
  for (int m = 0, q = 5; m < 2; ++m, --q)
    d = d * 0.5 + a[m] * q; // not a sum: stepped back, not replayed
  T out[6];
  T *p = out;
  *p++ = b;
  *p = c * c;
  ++p;
  *p = d;
  p++;
  *p++ = x;
  p += 1;
  *p = s * y;
  *--p = a[1] * b;
  *++p += x;
  return out[0] + out[1] * out[2] + out[3] * (i + j + k) + out[4] * out[5];
}

// x[i++] on a parameter, reading and writing (an output).
[[ad::differentiate("x")]]
void shift(const double *x, double *y, int n) {
  int i = 0, o = 0;
  while (i < n) {
    double v = x[i++];
    y[o++] = v * x[i % n];
  }
  i = 0;
  y[i++] *= y[n - 1];
}
// CHECK-LABEL: {{^}}void shift_grad(const double *x, double *y, int n, double *d_x, double *d_y) {
// CHECK:       {{^}}    v = x[i++];
// CHECK:       {{^}}    y[o++] = v * x[i % n];
// CHECK:       {{^}}  y[i++] *= y[n - 1];
// CHECK:       {{^ *}}// Reverse sweep
// CHECK:       {{^}}    d_y[(i - 1)] += {{_r[0-9]+}} * y[n - 1];
// CHECK:       {{^}}    d_y[(o - 1)] = 0;
// CHECK-NEXT:  {{^}}    --o;
// CHECK:       {{^}}    d_x[(i - 1)] += _d_v;
// CHECK:       {{^}}  _redo.replay(); // the values f left in the caller's memory
template <class T>
void shift_t(const T *x, T *y, int n) {
  int i = 0, o = 0;
  while (i < n) {
    T v = x[i++];
    y[o++] = v * x[i % n];
  }
  i = 0;
  y[i++] *= y[n - 1];
}

// *y++ = v and *++y = v on a pointer parameter (an output): the parameter
// steps its shadow with it, forward and back.
[[ad::differentiate("x")]]
void pack(const double *x, double *y, int n) {
  *y = std::exp(x[0]);
  for (int i = 1; i + 1 < n; ++i)
    *++y = x[i - 1] * x[i];
  ++y;
  *y++ = std::sin(x[n - 1]) * x[0];
}
// CHECK-LABEL: {{^}}void pack_grad(const double *x, double *y, int n, double *d_x, double *d_y) {
// CHECK:       {{^}}    *++y = x[i - 1] * x[i];
// CHECK-NEXT:  {{^}}    ++d_y;
// CHECK:       {{^}}  *y++ = std::sin(x[n - 1]) * x[0];
// CHECK-NEXT:  {{^}}  ++d_y;
// CHECK:       {{^ *}}// Reverse sweep
// CHECK:       {{^}}  _redo.restore(*(y - 1), {{_t[0-9]+}});
// CHECK:       {{^}}  *(d_y - 1) = 0;
// CHECK-NEXT:  {{^}}  --y;
// CHECK-NEXT:  {{^}}  --d_y;
// CHECK:       {{^}}    *d_y = 0;
// CHECK-NEXT:  {{^}}    --y;
// CHECK-NEXT:  {{^}}    --d_y;
template <class T>
void pack_t(const T *x, T *y, int n) {
  *y = exp(x[0]);
  for (int i = 1; i + 1 < n; ++i)
    *++y = x[i - 1] * x[i];
  ++y;
  *y++ = sin(x[n - 1]) * x[0];
}

// A helper that writes through its argument, called inside expressions.
template <class T> T filter(T x, T *state) {
  *state = *state * 0.5 + x;
  return *state * x;
}

[[ad::differentiate]]
double smooth(double x, double y) {
  double state = y;
  double d = filter(x, &state) * 2;
  d += filter(d, &state) + state;
  return d * state;
}
// The helper's value is bound once; its pullback runs on the state restored
// to what the call saw.
// CHECK-LABEL: {{^}}double smooth_grad(double x, double y, double *d_x, double *d_y) {
// CHECK:       {{^}}  [[V0:_v[0-9]+]] = filter(x, &state);
// CHECK-NEXT:  {{^}}  d = [[V0]] * 2;
// CHECK:       {{^}}  [[V1:_v[0-9]+]] = filter(d, &state);
// CHECK:       {{^}}  d += [[V1]] + state;
// CHECK:       {{^}}    state = _tape.pop();
// CHECK-NEXT:  {{^}}    filter_pullback(d, &state, {{_r[0-9]+}}, &_d_d, &_d_state);
// CHECK:       {{^}}    state = _tape.pop();
// CHECK-NEXT:  {{^}}    filter_pullback(x, &state, {{_r[0-9]+}}, &_d_x, &_d_state);
template <class T>
T smooth_t(T x, T y) {
  T state = y;
  T d = filter(x, &state) * 2;
  d += filter(d, &state) + state;
  return d * state;
}

// Calls that must run exactly once each: a helper counting its calls in a
// global, std::rand() and a global linear congruential generator.
// A counting helper that takes an active argument,
// double counted(double x) { ++calls; return x * calls; }, is refused by
// design (its pullback would run it again): a compile error at the call,
// tested in test/diagnostics/impure_helper.cpp.
int calls = 0;
int tick() { return ++calls; }

unsigned long long seed = 1;
double draw() {
  seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
  return static_cast<double>(seed >> 11) * 0x1.0p-53;
}

[[ad::differentiate]]
double count(double x) {
  double a = x * tick();
  a *= a + tick();
  return a + std::sin(a * tick());
}

// Each call runs once in the forward sweep; the reverse sweep reads the
// stored values.
// CHECK-LABEL: {{^}}double count_grad(double x, double *d_x) {
// CHECK:       {{^}}  [[T0:_v[0-9]+]] = tick();
// CHECK-NEXT:  {{^}}  a = x * [[T0]];
// CHECK:       {{^}}  {{_v[0-9]+}} = tick();
// CHECK:       {{^}}  [[T2:_v[0-9]+]] = tick();
// CHECK-NEXT:  {{^}}  _ret = a + std::sin(a * [[T2]]);
// CHECK-NOT:   tick()
// CHECK:       {{^}}  return _ret;
[[ad::differentiate]]
double noisy(double x, double y) {
  double r = x * (std::rand() / (double)RAND_MAX) + y;
  double u = draw() * x * y + std::exp(draw() * r);
  return u * r;
}

// CHECK-LABEL: {{^}}double noisy_grad(double x, double y, double *d_x, double *d_y) {
// CHECK:       {{^}}  [[R:_v[0-9]+]] = std::rand();
// CHECK:       {{^}}  [[D1:_v[0-9]+]] = draw();
// CHECK-NEXT:  {{^}}  [[D2:_v[0-9]+]] = draw();
// CHECK-NEXT:  {{^}}  u = [[D1]] * x * y + std::exp([[D2]] * r);
// CHECK-NOT:   draw()
// CHECK-NOT:   rand()
// CHECK:       {{^}}  return _ret;
typedef void (*VFn)(const double *, double *, int);
typedef void (*VGrad)(const double *, double *, int, double *, double *);
typedef void (*VFwd)(const fz::dual *, fz::dual *, int);

// A function writing all of y[0 .. n-1] from x, called with a seed w in d_y:
// y ends as f leaves it, d_y at 0, d_x gains J^T w (forward mode, central
// differences).
static void check_outputs(const char *name, VFn f, VGrad f_grad, VFwd fwd,
                          const double *xs) {
  const int n = 4;
  std::string s = name;
  double w[n] = {0.5, -1.0, 2.0, 0.25};
  double ys[n] = {9, 9, 9, 9}, ys2[n] = {9, 9, 9, 9}, dxs[n] = {}, dys[n];
  for (int i = 0; i < n; ++i)
    dys[i] = w[i];
  f_grad(xs, ys, n, dxs, dys);
  f(xs, ys2, n);
  for (int k = 0; k < n; ++k) {
    ad_test::check((s + " leaves y as f does").c_str(), ys[k] == ys2[k], 1, 0);
    ad_test::check((s + " d_y ends at 0").c_str(), dys[k] == 0, 1, 0);
    fz::dual X[n], Y[n];
    for (int i = 0; i < n; ++i)
      X[i] = fz::dual(xs[i], i == k);
    fwd(X, Y, n);
    double want = 0;
    for (int i = 0; i < n; ++i)
      want += w[i] * Y[i].d;
    ad_test::check((s + " d_x vs forward mode").c_str(), dxs[k], want, 1e-13);
    auto along = [&](double t) {
      double a[n] = {xs[0], xs[1], xs[2], xs[3]}, b[n];
      a[k] = t;
      f(a, b, n);
      double L = 0;
      for (int i = 0; i < n; ++i)
        L += w[i] * b[i];
      return L;
    };
    ad_test::check((s + " d_x vs central differences").c_str(), dxs[k],
                   ad_test::central_difference(along, xs[k]), 1e-6);
  }
}

int main() {
  for (int c = 0; c < 6; ++c) {
    double x = -1.1 + 0.5 * c, y = 0.9 - 0.35 * c;
    // steps: both sides of x * x > y (c = 2, 3 take the false side).
    {
      double dx = 0, dy = 0;
      double v = steps_grad(x, y, &dx, &dy);
      ad_test::check("steps value bit for bit", v == steps(x, y), 1, 0);
      ad_test::check("steps d_x vs forward mode", dx, steps_t(fz::dual(x, 1), fz::dual(y)).d, 1e-12);
      ad_test::check("steps d_y vs forward mode", dy, steps_t(fz::dual(x), fz::dual(y, 1)).d, 1e-12);
      ad_test::check("steps d_x vs central differences", dx,
                     ad_test::central_difference([&](double t) { return steps(t, y); }, x), 1e-6);
      ad_test::check("steps d_y vs central differences", dy,
                     ad_test::central_difference([&](double t) { return steps(x, t); }, y), 1e-6);
    }
    {
      double dx = 0, dy = 0;
      double v = smooth_grad(x, y, &dx, &dy);
      ad_test::check("smooth value bit for bit", v == smooth(x, y), 1, 0);
      ad_test::check("smooth d_x vs forward mode", dx, smooth_t(fz::dual(x, 1), fz::dual(y)).d, 1e-12);
      ad_test::check("smooth d_y vs forward mode", dy, smooth_t(fz::dual(x), fz::dual(y, 1)).d, 1e-12);
      ad_test::check("smooth d_x vs central differences", dx,
                     ad_test::central_difference([&](double t) { return smooth(t, y); }, x), 1e-6);
      ad_test::check("smooth d_y vs central differences", dy,
                     ad_test::central_difference([&](double t) { return smooth(x, t); }, y), 1e-6);
    }
    {
      const double xs[4] = {x, y, 0.5 - x, 1.2};
      check_outputs("shift", shift, shift_grad, shift_t<fz::dual>, xs);
      check_outputs("pack", pack, pack_grad, pack_t<fz::dual>, xs);
    }
    {
      // tick() returns c1 = c0 + 1, c2 = c0 + 2, c3 = c0 + 3:
      // a = c1 x (c1 x + c2), f = a + sin(c3 a).
      int c0 = c;
      double xc = 0.3 * x;
      calls = c0;
      double dx = 0;
      double v = count_grad(xc, &dx);
      ad_test::check("count: f_grad calls tick() 3 times", calls, c0 + 3, 0);
      calls = c0;
      ad_test::check("count value bit for bit", v == count(xc), 1, 0);
      double c1 = c0 + 1, c2 = c0 + 2, c3 = c0 + 3, a = c1 * xc * (c1 * xc + c2);
      double da = 2 * c1 * c1 * xc + c1 * c2;
      ad_test::check("count d_x vs hand", dx, da * (1 + c3 * std::cos(c3 * a)), 1e-13);
      ad_test::check("count d_x vs central differences", dx,
                     ad_test::central_difference([&](double t) {
                       calls = c0;
                       return count(t);
                     }, xc), 1e-6);
    }
    {
      std::srand(7 + c);
      seed = 99 + c;
      double dx = 0, dy = 0;
      double v = noisy_grad(x, y, &dx, &dy);
      int next = std::rand();
      unsigned long long after = seed;
      std::srand(7 + c);
      seed = 99 + c;
      ad_test::check("noisy value bit for bit", v == noisy(x, y), 1, 0);
      ad_test::check("noisy: f_grad draws as often as f", next == std::rand() && after == seed, 1, 0);
      std::srand(7 + c);
      seed = 99 + c;
      double q = std::rand() / (double)RAND_MAX, d1 = draw(), d2 = draw();
      double r = x * q + y, u = d1 * x * y + std::exp(d2 * r);
      double dudr = d2 * std::exp(d2 * r);
      ad_test::check("noisy d_x vs hand", dx, (d1 * y + dudr * q) * r + u * q, 1e-13);
      ad_test::check("noisy d_y vs hand", dy, (d1 * x + dudr) * r + u, 1e-13);
      auto at = [&](double a, double b) {
        std::srand(7 + c);
        seed = 99 + c;
        return noisy(a, b);
      };
      ad_test::check("noisy d_x vs central differences", dx,
                     ad_test::central_difference([&](double t) { return at(t, y); }, x), 1e-6);
      ad_test::check("noisy d_y vs central differences", dy,
                     ad_test::central_difference([&](double t) { return at(x, t); }, y), 1e-6);
    }
  }
  return ad_test::report();
}
