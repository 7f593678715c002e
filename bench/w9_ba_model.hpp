// W9's residuals templated on the scalar type, for ADOL-C's adouble and
// Sacado's SFad (w9_ba_adolc.cpp, w9_ba_sacado.cpp): the same operations as
// the double version in w9_ba.cpp, which ad differentiates.
#pragma once

#include <cmath>

namespace w9 {
namespace model {

template <class T>
T sqsum(int n, const T *x) {
  T res = 0.0;
  for (int i = 0; i < n; ++i)
    res = res + x[i] * x[i];
  return res;
}

template <class T>
void cross(const T *a, const T *b, T *out) {
  out[0] = a[1] * b[2] - a[2] * b[1];
  out[1] = a[2] * b[0] - a[0] * b[2];
  out[2] = a[0] * b[1] - a[1] * b[0];
}

// Rotates pt by the angle-axis vector rot (Rodrigues' formula).
template <class T>
void rodrigues_rotate_point(const T *rot, const T *pt, T *rotated) {
  using std::cos;
  using std::sin;
  using std::sqrt;
  T sqtheta = sqsum(3, rot);
  if (sqtheta != 0) {
    T theta = sqrt(sqtheta);
    T costheta = cos(theta), sintheta = sin(theta), theta_inverse = 1.0 / theta;
    T w[3], w_cross_pt[3];
    for (int i = 0; i < 3; ++i)
      w[i] = rot[i] * theta_inverse;
    cross(w, pt, w_cross_pt);
    T tmp = (w[0] * pt[0] + w[1] * pt[1] + w[2] * pt[2]) * (1.0 - costheta);
    for (int i = 0; i < 3; ++i)
      rotated[i] = pt[i] * costheta + w_cross_pt[i] * sintheta + w[i] * tmp;
  } else {
    T rot_cross_pt[3];
    cross(rot, pt, rot_cross_pt);
    for (int i = 0; i < 3; ++i)
      rotated[i] = pt[i] + rot_cross_pt[i];
  }
}

template <class T>
void radial_distort(const T *rad_params, T *proj) {
  T rsq = sqsum(2, proj);
  T L = 1.0 + rad_params[0] * rsq + rad_params[1] * rsq * rsq;
  proj[0] = proj[0] * L;
  proj[1] = proj[1] * L;
}

template <class T>
void project(const T *cam, const T *X, T *proj) {
  const T *C = &cam[3];
  T Xo[3], Xcam[3];
  for (int i = 0; i < 3; ++i)
    Xo[i] = X[i] - C[i];
  rodrigues_rotate_point(&cam[0], Xo, Xcam);
  proj[0] = Xcam[0] / Xcam[2];
  proj[1] = Xcam[1] / Xcam[2];
  radial_distort(&cam[9], proj);
  proj[0] = proj[0] * cam[6] + cam[7];
  proj[1] = proj[1] * cam[6] + cam[8];
}

template <class T>
void compute_reproj_error(const T *cam, const T *X, const T *w, const double *feat, T *err) {
  T proj[2];
  project(cam, X, proj);
  err[0] = (*w) * (proj[0] - feat[0]);
  err[1] = (*w) * (proj[1] - feat[1]);
}

template <class T>
void compute_zach_weight_error(const T *w, T *err) {
  *err = 1.0 - (*w) * (*w);
}

} // namespace model
} // namespace w9
