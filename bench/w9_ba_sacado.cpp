// W9 with Sacado's forward mode, as WORKLOADS.md names it: each
// observation's 15 inputs become Sacado::Fad::SFad<double, 15> seeded with
// the unit vectors, so one evaluation carries all 15 columns of its block.
#include "w9_ba.hpp"
#include "w9_ba_model.hpp"

// Debian's Sacado_config.h claims Teuchos, whose headers Debian's
// libtrilinos-sacado-dev does not bring; forward-mode Fad needs none of it
// (its Teuchos parts are only traits for Teuchos' own containers).
#include <Sacado_ConfigDefs.h>
#undef HAVE_SACADO_TEUCHOSCORE
#undef HAVE_SACADO_TEUCHOSCOMM
#undef HAVE_SACADO_TEUCHOSNUMERICS
#undef HAVE_SACADO_TEUCHOSKOKKOSCOMM
#include <Sacado_No_Kokkos.hpp>

namespace w9 {

using Fad = Sacado::Fad::SFad<double, kCols>;

void ba_jacobian_sacado(const BaData &d, double *err, double *w_err, double *Jr, double *Jw) {
  for (int i = 0; i < d.p; ++i) {
    const double *cam = &d.cams[kCamParams * d.obs[2 * i]];
    const double *X = &d.X[3 * d.obs[2 * i + 1]];
    Fad x[kCols];
    for (int j = 0; j < kCamParams; ++j)
      x[j] = Fad(kCols, j, cam[j]);
    for (int j = 0; j < 3; ++j)
      x[kCamParams + j] = Fad(kCols, kCamParams + j, X[j]);
    x[kCols - 1] = Fad(kCols, kCols - 1, d.w[i]);
    Fad ferr[2], fwerr;
    model::compute_reproj_error(&x[0], &x[kCamParams], &x[kCols - 1], &d.feats[2 * i], ferr);
    model::compute_zach_weight_error(&x[kCols - 1], &fwerr);
    for (int r = 0; r < 2; ++r) {
      err[2 * i + r] = ferr[r].val();
      for (int c = 0; c < kCols; ++c)
        Jr[kBlock * i + kCols * r + c] = ferr[r].dx(c);
    }
    w_err[i] = fwerr.val();
    Jw[i] = fwerr.dx(kCols - 1);
  }
}

} // namespace w9
