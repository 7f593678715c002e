// Checks for gradients of functions f(x, y, w) of two scalars and a vector
// (the shadow-memory tests): f_grad from zeroed shadows must return f's
// value bit for bit, and every partial must match forward mode (fz::dual,
// test/fuzz/dual.hpp, on a templated copy of f) and central differences.
#pragma once

#include "ad_test.hpp"
#include "dual.hpp"

#include <string>
#include <vector>

namespace ad_test {

typedef std::vector<double> Vec;
typedef double (*Fn)(double, double, const Vec &);
typedef double (*Grad)(double, double, const Vec &, double *, double *, double *);
typedef fz::dual (*Fwd)(fz::dual, fz::dual, const std::vector<fz::dual> &);

// f_grad at (x, y, w) from zeroed shadows: the value bit for bit, then every
// partial against forward mode and (off kinks, where the derivative is one
// of two one-sided ones) central differences.
inline void check_xyw(const char *name, Fn f, Grad f_grad, Fwd fwd, double x,
                      double y, const Vec &w, bool off_kinks = true) {
  std::string s = name;
  const std::size_t n = w.size();
  double dx = 0, dy = 0;
  Vec dw(n, 0.0);
  double value = f_grad(x, y, w, &dx, &dy, dw.data());
  ad_test::check((s + " value bit for bit").c_str(), value == f(x, y, w), 1, 0);
  // Parameter k: 0 is x, 1 is y, 2 + i is w[i].
  for (std::size_t k = 0; k < n + 2; ++k) {
    fz::dual X(x, k == 0), Y(y, k == 1);
    std::vector<fz::dual> W(n);
    for (std::size_t i = 0; i < n; ++i)
      W[i] = fz::dual(w[i], k == i + 2);
    double got = k == 0 ? dx : k == 1 ? dy : dw[k - 2];
    ad_test::check((s + " vs forward mode").c_str(), got, fwd(X, Y, W).d, 1e-12);
    if (!off_kinks)
      continue;
    auto along = [&](double t) {
      double a = x, b = y;
      Vec v = w;
      (k == 0 ? a : k == 1 ? b : v[k - 2]) = t;
      return f(a, b, v);
    };
    double at = k == 0 ? x : k == 1 ? y : w[k - 2];
    ad_test::check((s + " vs central differences").c_str(), got,
                   ad_test::central_difference(along, at), 1e-6);
  }
}

} // namespace ad_test
