// The workloads with ADOL-C (Debian's libadolc-dev): tape the function at
// the point, then run its gradient driver, for every call (the tape is valid
// only for the control flow taken at that point).
#include "workloads.hpp"

#include <adolc/adolc.h>

#include "adolc_gradient.hpp"
#include "adolc_tape_size.hpp"

#include <cmath>
#include <vector>

static std::size_t last_tape_bytes = 0;

static void record_tape_size(short tag) { last_tape_bytes = adolc_tape_size(tag); }

void adolc_note_tape(short tag) { record_tape_size(tag); }

std::size_t adolc_tape_bytes() { return last_tape_bytes; }

double w1_adolc(double x, double *dx) {
  const short tag = 1;
  double value;
  trace_on(tag);
  adouble ax, y = 0.;
  ax <<= x;
  for (int i = 0; i < 100; ++i)
    y = sin(y + ax);
  y >>= value;
  trace_off();
  double g;
  gradient(tag, 1, &x, &g);
  record_tape_size(tag);
  *dx += g;
  return value;
}

double nll_adolc(const double *p, const double *t, const double *e, int n, double *dp) {
  const short tag = 2;
  double value;
  // Buffers large enough to keep a W3 tape (n = 1e6) in memory, not on disk.
  const unsigned buffer = 1u << 28;
  trace_on(tag, 0, buffer, buffer, buffer, buffer);
  adouble lam, rho;
  lam <<= p[0];
  rho <<= p[1];
  adouble ll = 0, ch = 0;
  for (int i = 0; i < n; ++i) {
    ll += e[i] * (log(rho) - log(lam) + (rho - 1) * (std::log(t[i]) - log(lam)));
    ch += pow(t[i] / lam, rho);
  }
  adouble r = -(ll - ch);
  r >>= value;
  trace_off();
  double x[2] = {p[0], p[1]}, g[2];
  gradient(tag, 2, x, g);
  record_tape_size(tag);
  dp[0] += g[0];
  dp[1] += g[1];
  return value;
}

// W7 and W8: x[n] independents; the running maximum is an adouble
// comparison, taped for the point.
double lse_adolc(const double *x, int n, double *dx) {
  return adolc_gradient(3, n, x, dx, [n](const adouble *ax) {
    adouble a = ax[0];
    for (int i = 1; i < n; ++i)
      a = fmax(a, ax[i]);
    adouble s = 0;
    for (int i = 0; i < n; ++i)
      s += exp(ax[i] - a);
    return adouble(log(s) + a);
  });
}

double llsq_adolc(const double *x, int m, int n, double *dx) {
  return adolc_gradient(4, m, x, dx, [m, n](const adouble *ax) {
    adouble sum = 0;
    for (int i = 0; i < n; ++i) {
      double t = -1 + i * 2.0 / (n - 1);
      adouble r = t > 0 ? 1.0 : (t < 0 ? -1.0 : 0.0);
      double power = 1;
      for (int j = 0; j < m; ++j) {
        r -= ax[j] * power;
        power *= t;
      }
      sum += r * r / 2;
    }
    return sum;
  });
}
