// The checks main() of a fuzz program runs for each generated function:
//   value  f_grad's value == f's value, bit for bit
//   dual   each partial of f_grad vs forward-mode dual numbers (dual.hpp),
//          |g - d| <= 1e-8 * max(1, |d|)
//   fd     each partial vs central differences (h = 1e-6), only where the
//          differences with h = 0.7e-6, 1e-6 and 2e-6 agree to 1e-6
//          relative, agree with one-sided differences from x (no jump at
//          x) and f's rounding error is negligible at that step,
//          |g - fd| <= 1e-5 * max(1, |fd|)
//   dualvalue  the dual version's value vs f's value, to 1e-12 relative (a
//          fuzzer self-check: the two copies of the body must compute the
//          same thing). Not bit for bit: clang contracts `a * b + c` into
//          llvm.fmuladd (-ffp-contract=on), which is computed unfused at run
//          time but fused when the optimizer folds it to a constant, so f's
//          value depends on inlining; the dual operators never contract.
//   jvp    f_jvp along a direction (run_jvp): value as f's (see there),
//          tangent vs dual numbers and vs f_grad by transposition.
//   hvp    f_hvp (run_hvp): value, gradient as f_grad's, H t vs central
//          differences of f_grad, symmetry of H.
// A failing check prints one line starting with "FAIL <name> <check>"; the
// program ends with "DONE <checks> checks <failed> failed".
#pragma once

#include "dual.hpp"
#include <ad/ad.hpp>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>

namespace fzchk {

inline int checks = 0;
inline int failed = 0;

inline bool same_value(double a, double b) {
  return a == b || (std::isnan(a) && std::isnan(b));
}

template <int N>
void fail(const char *name, const char *what, const double *x, int k,
          double got, double want, double fd) {
  ++failed;
  std::printf("FAIL %s %s x=(", name, what);
  for (int i = 0; i < N; ++i)
    std::printf("%s%.17g", i ? ", " : "", x[i]);
  if (k < 0) // value
    std::printf(") f_grad=%.17g f=%.17g\n", got, want);
  else if (std::strcmp(what, "dualvalue") == 0)
    std::printf(") dual=%.17g f=%.17g\n", got, want);
  else
    std::printf(") d/dx%d grad=%.17g dual=%.17g fd=%.17g\n", k, got, want, fd);
}

template <int N, class P, class G, class D>
void run(const char *name, const double (*points)[N], int npoints, P primal,
         G grad, D dualf) {
  std::printf("RUN %s\n", name); // tells which function a crash was in
  std::fflush(stdout);
  for (int p = 0; p < npoints; ++p) {
    double x[N], g[N];
    for (int i = 0; i < N; ++i) {
      x[i] = points[p][i];
      g[i] = 0;
    }
    double fx = primal(x);
    double gx = grad(x, g);
    ++checks;
    if (!same_value(gx, fx))
      fail<N>(name, "value", x, -1, gx, fx, NAN);
    for (int k = 0; k < N; ++k) {
      fz::dual xd[N];
      for (int i = 0; i < N; ++i)
        xd[i] = fz::dual(x[i], i == k ? 1.0 : 0.0);
      fz::dual r = dualf(xd);
      ++checks;
      if (!same_value(r.v, fx) &&
          !(std::fabs(r.v - fx) <= 1e-12 * std::max(1.0, std::fabs(fx))))
        fail<N>(name, "dualvalue", x, k, r.v, fx, NAN);

      // Central differences with two steps.
      auto central = [&](double h) {
        double xp[N], xm[N];
        for (int i = 0; i < N; ++i) {
          xp[i] = x[i] + (i == k ? h : 0.0);
          xm[i] = x[i] - (i == k ? h : 0.0);
        }
        return (primal(xp) - primal(xm)) / (2 * h);
      };
      // Smooth where three steps agree (a branch that flips at rounding
      // level, `(a + b) - b >= a`, rarely fools all three), and where f's
      // own rounding (|f| eps / h) is far below the tolerance.
      double fd1 = central(1e-6), fd2 = central(2e-6), fd3 = central(0.7e-6);
      double scale = std::max(1.0, std::fabs(fd1));
      // One-sided differences from x itself: a jump at x (a branch whose
      // condition flips at rounding level exactly there) shows as a huge one.
      auto side = [&](double h) {
        double xs[N];
        for (int i = 0; i < N; ++i)
          xs[i] = x[i] + (i == k ? h : 0.0);
        return (primal(xs) - fx) / h;
      };
      bool smooth = std::isfinite(fd1) && std::isfinite(fd2) && std::isfinite(fd3) &&
                    std::fabs(fd1 - fd2) <= 1e-6 * scale &&
                    std::fabs(fd1 - fd3) <= 1e-6 * scale &&
                    std::fabs(side(1e-6) - fd1) <= 1e-3 * scale &&
                    std::fabs(side(-1e-6) - fd1) <= 1e-3 * scale &&
                    std::fabs(fx) * 2.3e-16 / 0.7e-6 <= 1e-7 * scale;

      double d = r.d;
      if (std::isfinite(d) && std::isfinite(fx)) {
        ++checks;
        if (!(std::fabs(g[k] - d) <= 1e-8 * std::max(1.0, std::fabs(d))))
          fail<N>(name, "dual", x, k, g[k], d, smooth ? fd1 : NAN);
      }
      if (smooth && (std::isfinite(d) || std::isfinite(g[k]))) {
        ++checks;
        if (!(std::fabs(g[k] - fd1) <= 1e-5 * std::max(1.0, std::fabs(fd1))))
          fail<N>(name, "fd", x, k, g[k], d, fd1);
      }
    }
  }
}

// f_jvp along a direction t: its value == f's bit for bit, its tangent vs
// dual numbers with x' = t (1e-8) and vs f_grad by transposition, <t, g>
// (1e-8 relative to the sum of |t_k g_k|). jvp(x, t, &tangent) returns the
// value; a function whose f_jvp was not generated is skipped (jvp returns
// NaN with the tangent NaN too) and counted.
inline int jvp_checked = 0, jvp_skipped = 0;

template <int N, class P, class J, class G, class D>
void run_jvp(const char *name, const double (*points)[N], int npoints, P primal, J jvp,
             G grad, D dualf) {
  std::printf("RUN %s jvp\n", name);
  std::fflush(stdout);
  for (int p = 0; p < npoints; ++p) {
    double x[N], t[N], g[N];
    for (int i = 0; i < N; ++i) {
      x[i] = points[p][i];
      t[i] = (i % 2 ? -0.7 : 0.4) + 0.13 * i;
      g[i] = 0;
    }
    double tangent = 0;
    double v = jvp(x, t, &tangent);
    if (std::isnan(v) && std::isnan(tangent)) {
      ++jvp_skipped;
      return;
    }
    jvp_checked += p == 0;
    double fx = primal(x);
    ++checks;
    // Bit for bit, up to the last bits where clang folds a helper called
    // with constants through llvm.fmuladd (fused) in f but computes the
    // pushforward's copy at run time (unfused): the "dualvalue" effect.
    // -ffp-contract=off makes them equal (docs/reference.md).
    if (!same_value(v, fx) && !(std::fabs(v - fx) <= 4.5e-16 * std::fabs(fx)))
      fail<N>(name, "jvpvalue", x, -1, v, fx, NAN);
    fz::dual xd[N];
    for (int i = 0; i < N; ++i)
      xd[i] = fz::dual(x[i], t[i]);
    double d = dualf(xd).d;
    if (std::isfinite(d) && std::isfinite(fx)) {
      ++checks;
      if (!(std::fabs(tangent - d) <= 1e-8 * std::max(1.0, std::fabs(d))))
        fail<N>(name, "jvpdual", x, 0, tangent, d, NAN);
    }
    grad(x, g);
    double dot = 0, scale = 1;
    for (int i = 0; i < N; ++i) {
      dot += t[i] * g[i];
      scale += std::fabs(t[i] * g[i]);
    }
    if (std::isfinite(dot) && std::isfinite(tangent)) {
      ++checks;
      if (!(std::fabs(tangent - dot) <= 1e-8 * scale))
        fail<N>(name, "jvpgrad", x, 0, tangent, dot, NAN);
    }
  }
}

inline int hvp_checked = 0, hvp_skipped = 0;

// f_hvp along t: the value as f_jvp's, the gradient as f_grad's, H t
// against central differences of f_grad along t (two steps; either may
// agree), and the symmetry <H t, s> = <t, H s>.
template <int N, class P, class H, class G>
void run_hvp(const char *name, const double (*points)[N], int npoints, P primal, H hvp,
             G grad) {
  std::printf("RUN %s hvp\n", name);
  std::fflush(stdout);
  for (int p = 0; p < npoints; ++p) {
    double x[N], t[N], s[N], d[N] = {}, hv[N] = {}, ds[N] = {}, hs[N] = {}, g[N] = {};
    for (int i = 0; i < N; ++i) {
      x[i] = points[p][i];
      t[i] = (i % 2 ? -0.7 : 0.4) + 0.13 * i;
      s[i] = (i % 3 ? 0.3 : -0.5) - 0.05 * i;
    }
    double v = hvp(x, d, t, hv);
    if (std::isnan(v) && std::isnan(hv[0])) {
      ++hvp_skipped;
      return;
    }
    hvp_checked += p == 0;
    double fx = primal(x);
    ++checks;
    if (!same_value(v, fx) && !(std::fabs(v - fx) <= 4.5e-16 * std::fabs(fx)))
      fail<N>(name, "hvpvalue", x, -1, v, fx, NAN);
    grad(x, g);
    bool finite = true;
    for (int k = 0; k < N; ++k) {
      finite &= std::isfinite(g[k]) && std::isfinite(hv[k]);
      if (!std::isfinite(g[k]))
        continue;
      ++checks;
      if (!(std::fabs(d[k] - g[k]) <= 1e-9 * std::max(1.0, std::fabs(g[k]))))
        fail<N>(name, "hvpgrad", x, k, d[k], g[k], NAN);
    }
    if (!finite)
      continue;
    auto along = [&](double h, int k) {
      double xp[N], xm[N], gp[N] = {}, gm[N] = {};
      for (int i = 0; i < N; ++i) {
        xp[i] = x[i] + h * t[i];
        xm[i] = x[i] - h * t[i];
      }
      grad(xp, gp);
      grad(xm, gm);
      return (gp[k] - gm[k]) / (2 * h);
    };
    for (int k = 0; k < N; ++k) {
      double f1 = along(1e-5, k), f2 = along(1e-7, k);
      double tol = 1e-4 * std::max(1.0, std::fabs(hv[k]));
      // Only where the two steps agree: where they do not, the gradient is
      // not smooth at their scale (cos of 1e30, a branch flipping).
      if (!std::isfinite(f1) || !std::isfinite(f2) ||
          std::fabs(f1 - f2) > 1e-3 * std::max(1.0, std::fabs(f1)))
        continue;
      ++checks;
      if (std::fabs(hv[k] - f1) > tol && std::fabs(hv[k] - f2) > tol)
        fail<N>(name, "hvpfd", x, k, hv[k], f1, f2);
    }
    hvp(x, ds, s, hs);
    double left = 0, right = 0, scale = 1e-300;
    for (int k = 0; k < N; ++k) {
      left += hv[k] * s[k];
      right += t[k] * hs[k];
      scale += std::fabs(hv[k] * s[k]) + std::fabs(t[k] * hs[k]);
    }
    if (std::isfinite(left) && std::isfinite(right)) {
      ++checks;
      // Relative, with a floor for products that round to nearly zero.
      if (!(std::fabs(left - right) <= 1e-9 * scale + 1e-13))
        fail<N>(name, "hvpsymmetry", x, 0, left, right, NAN);
    }
  }
}

// True unless F's result type says the function was not generated.
template <class R>
inline constexpr bool generated = true;
template <class R>
inline constexpr bool generated<ad::not_generated<R>> = false;

inline int done() {
  std::printf("JVP %d checked %d skipped\n", jvp_checked, jvp_skipped);
  std::printf("HVP %d checked %d skipped\n", hvp_checked, hvp_skipped);
  std::printf("DONE %d checks %d failed\n", checks, failed);
  return failed ? 1 : 0;
}

} // namespace fzchk
