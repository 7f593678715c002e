// The benchmark workloads of shared/bench/WORKLOADS.md, their gradients by
// ad (workloads.cpp, compiled with the plugin), by hand, and by tape-based
// libraries (adolc.cpp, sacado.cpp). Every gradient function returns the
// value and ADDS the gradient into its last argument, like f_grad.
#pragma once

#include <cstddef>

// W1: y = sin(y + x), 100 times.
double w1(double x);
double w1_ad(double x, double *dx);
double w1_hand(double x, double *dx);
double w1_adolc(double x, double *dx);
double w1_sacado(double x, double *dx);

// W2/W3: the Weibull negative log-likelihood, gradient with respect to p.
double nll(const double *p, const double *t, const double *e, int n);
double nll_ad(const double *p, const double *t, const double *e, int n, double *dp);
double nll_hand(const double *p, const double *t, const double *e, int n, double *dp);
double nll_adolc(const double *p, const double *t, const double *e, int n, double *dp);
double nll_sacado(const double *p, const double *t, const double *e, int n, double *dp);

// W7: log-sum-exp of x[n]; W8: polynomial least squares, x[m] the
// coefficients, n points. Gradients with respect to x.
double lse(const double *x, int n);
double lse_ad(const double *x, int n, double *dx);
double lse_hand(const double *x, int n, double *dx);
double lse_adolc(const double *x, int n, double *dx);
double lse_sacado(const double *x, int n, double *dx);
double llsq(const double *x, int m, int n);
double llsq_ad(const double *x, int m, int n, double *dx);
double llsq_hand(const double *x, int m, int n, double *dx);
double llsq_adolc(const double *x, int m, int n, double *dx);
double llsq_sacado(const double *x, int m, int n, double *dx);

// Peak tape memory of the last gradient call of a tape-based library, in
// bytes (0 if unknown).
std::size_t adolc_tape_bytes();
// Every ADOL-C variant (also those of w4-w9) reports its tape here after
// taping with this tag, for the table's tape bytes.
void adolc_note_tape(short tag);
