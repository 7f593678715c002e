// W9 (ADBench bundle adjustment): the data, and the Jacobians of the
// operator-overloading libraries (w9_ba_adolc.cpp, w9_ba_sacado.cpp).
//
// The Jacobian of one call is stored densely per observation: Jr[30 i ..]
// is the 2x15 block of observation i, row-major, rows the two reprojection
// residuals, columns the camera's 11 parameters, the point's 3 coordinates
// and the observation's weight; Jw[i] is d(1 - w_i^2)/dw_i.
#pragma once

#include <cstddef>
#include <vector>

namespace w9 {

constexpr int kCamParams = 11; // r(3) C(3) f u0 v0 k1 k2
constexpr int kCols = kCamParams + 3 + 1;
constexpr int kBlock = 2 * kCols;

struct BaData {
  int n = 0, m = 0, p = 0;   // cameras, points, observations
  std::vector<double> cams;  // 11 n
  std::vector<double> X;     // 3 m
  std::vector<int> obs;      // 2 p: camera index, point index
  std::vector<double> feats; // 2 p
  std::vector<double> w;     // p
};

// The residuals err[2p], w_err[p] and the Jacobian (Jr[30p], Jw[p]).
void ba_jacobian_adolc(const BaData &d, double *err, double *w_err, double *Jr, double *Jw);
void ba_jacobian_sacado(const BaData &d, double *err, double *w_err, double *Jr, double *Jw);

} // namespace w9
