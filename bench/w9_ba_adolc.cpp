// W9 with ADOL-C: each observation's residuals (the reprojection error and
// the weight error, 15 independents, 3 dependents) are taped at that
// observation, then ADOL-C's jacobian driver gives the 3x15 block. Retaped
// for every observation, as adolc.cpp retapes at every point: a tape is
// valid only for the control flow taken (Rodrigues' theta = 0 branch).
#include "w9_ba.hpp"
#include "w9_ba_model.hpp"

#include <adolc/adolc.h>

#include "workloads.hpp"

namespace w9 {

void ba_jacobian_adolc(const BaData &d, double *err, double *w_err, double *Jr, double *Jw) {
  const short tag = 91;
  double J[3][kCols];
  double *rows[3] = {J[0], J[1], J[2]};
  for (int i = 0; i < d.p; ++i) {
    const double *cam = &d.cams[kCamParams * d.obs[2 * i]];
    const double *X = &d.X[3 * d.obs[2 * i + 1]];
    double x[kCols];
    for (int j = 0; j < kCamParams; ++j)
      x[j] = cam[j];
    for (int j = 0; j < 3; ++j)
      x[kCamParams + j] = X[j];
    x[kCols - 1] = d.w[i];

    trace_on(tag);
    adouble ax[kCols];
    for (int j = 0; j < kCols; ++j)
      ax[j] <<= x[j];
    adouble aerr[2], awerr;
    model::compute_reproj_error(&ax[0], &ax[kCamParams], &ax[kCols - 1], &d.feats[2 * i], aerr);
    model::compute_zach_weight_error(&ax[kCols - 1], &awerr);
    aerr[0] >>= err[2 * i];
    aerr[1] >>= err[2 * i + 1];
    awerr >>= w_err[i];
    trace_off();

    jacobian(tag, 3, kCols, x, rows);
    for (int r = 0; r < 2; ++r)
      for (int c = 0; c < kCols; ++c)
        Jr[kBlock * i + kCols * r + c] = J[r][c];
    Jw[i] = J[2][kCols - 1];
  }
  adolc_note_tape(tag);
}

} // namespace w9
