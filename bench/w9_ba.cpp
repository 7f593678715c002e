// W9 (ADBench bundle adjustment), 49 cameras, 7776 points, 31843
// observations: the residuals' Jacobian in one call. The residuals are
// written as ADBench writes them (helpers writing through pointers:
// rodrigues_rotate_point, radial_distort, project) and ad differentiates
// them as they stand: the per-observation functions are marked with their
// pointer sizes, and the ad variant calls what ad generates for them,
// compute_reproj_error_jacobian (a 2x17 block: the 15 inputs and the entry
// values of err) and compute_zach_weight_error_jacobian, as a user who wants
// a Jacobian would. Compiled with the plugin.
#include "w9_ba.hpp"

#include "runners.hpp"
#include "table.hpp"
#include "workloads.hpp"

#include <ad/tape.hpp>

#include <cmath>
#include <cstdio>
#include <random>
#include <vector>

namespace w9 {

// ----- the residuals, as ADBench writes them -----

static double sqsum(int n, const double *const x) {
  double res = 0;
  for (int i = 0; i < n; i++)
    res = res + x[i] * x[i];
  return res;
}

static void cross(const double *const a, const double *const b, double *out) {
  out[0] = a[1] * b[2] - a[2] * b[1];
  out[1] = a[2] * b[0] - a[0] * b[2];
  out[2] = a[0] * b[1] - a[1] * b[0];
}

// Rotates pt by the angle-axis vector rot: Rodrigues' formula, with the
// first-order form at theta = 0.
static void rodrigues_rotate_point(const double *const rot, const double *const pt,
                                   double *rotatedPt) {
  double sqtheta = sqsum(3, rot);
  if (sqtheta != 0) {
    double theta, costheta, sintheta, theta_inverse, w[3], w_cross_pt[3], tmp;
    theta = std::sqrt(sqtheta);
    costheta = std::cos(theta);
    sintheta = std::sin(theta);
    theta_inverse = 1.0 / theta;
    for (int i = 0; i < 3; i++)
      w[i] = rot[i] * theta_inverse;
    cross(w, pt, w_cross_pt);
    tmp = (w[0] * pt[0] + w[1] * pt[1] + w[2] * pt[2]) * (1. - costheta);
    for (int i = 0; i < 3; i++)
      rotatedPt[i] = pt[i] * costheta + w_cross_pt[i] * sintheta + w[i] * tmp;
  } else {
    double rot_cross_pt[3];
    cross(rot, pt, rot_cross_pt);
    for (int i = 0; i < 3; i++)
      rotatedPt[i] = pt[i] + rot_cross_pt[i];
  }
}

static void radial_distort(const double *const rad_params, double *proj) {
  double rsq, L;
  rsq = sqsum(2, proj);
  L = 1. + rad_params[0] * rsq + rad_params[1] * rsq * rsq;
  proj[0] = proj[0] * L;
  proj[1] = proj[1] * L;
}

// cam: r(3) C(3) f u0 v0 k1 k2; proj = distort(R (X - C) projected) f + u.
static void project(const double *const cam, const double *const X, double *proj) {
  const double *const C = &cam[3];
  double Xo[3], Xcam[3];
  Xo[0] = X[0] - C[0];
  Xo[1] = X[1] - C[1];
  Xo[2] = X[2] - C[2];
  rodrigues_rotate_point(&cam[0], Xo, Xcam);
  proj[0] = Xcam[0] / Xcam[2];
  proj[1] = Xcam[1] / Xcam[2];
  radial_distort(&cam[9], proj);
  proj[0] = proj[0] * cam[6] + cam[7];
  proj[1] = proj[1] * cam[6] + cam[8];
}

[[ad::differentiate("cam[11]", "X[3]", "w[1]", "err[2]")]]
void compute_reproj_error(const double *const cam, const double *const X, const double *const w,
                          const double *const feat, double *err) {
  double proj[2];
  project(cam, X, proj);
  err[0] = (*w) * (proj[0] - feat[0]);
  err[1] = (*w) * (proj[1] - feat[1]);
}

[[ad::differentiate("w[1]", "err[1]")]]
void compute_zach_weight_error(const double *const w, double *err) {
  *err = 1 - (*w) * (*w);
}

// The residuals of every observation (the primal of the workload).
static void ba_objective(const BaData &d, double *reproj_err, double *w_err) {
  for (int i = 0; i < d.p; i++) {
    int camIdx = d.obs[i * 2 + 0];
    int ptIdx = d.obs[i * 2 + 1];
    compute_reproj_error(&d.cams[camIdx * kCamParams], &d.X[ptIdx * 3], &d.w[i], &d.feats[i * 2],
                         &reproj_err[2 * i]);
  }
  for (int i = 0; i < d.p; i++)
    compute_zach_weight_error(&d.w[i], &w_err[i]);
}

// ----- ad: the generated per-observation Jacobians -----

static void ba_jacobian_ad(const BaData &d, double *reproj_err, double *w_err, double *Jr,
                           double *Jw) {
  for (int i = 0; i < d.p; i++) {
    int camIdx = d.obs[i * 2 + 0];
    int ptIdx = d.obs[i * 2 + 1];
    // Rows: err[0], err[1]; columns: cam, X, w, then err's entry values
    // (zero: compute_reproj_error overwrites err without reading it).
    double J[2 * (kCols + 2)];
    compute_reproj_error_jacobian(&d.cams[camIdx * kCamParams], &d.X[ptIdx * 3], &d.w[i],
                                  &d.feats[i * 2], &reproj_err[2 * i], J);
    for (int r = 0; r < 2; r++)
      for (int c = 0; c < kCols; c++)
        Jr[kBlock * i + kCols * r + c] = J[(kCols + 2) * r + c];
  }
  for (int i = 0; i < d.p; i++) {
    double J[2]; // column w, column err's entry value
    compute_zach_weight_error_jacobian(&d.w[i], &w_err[i], J);
    Jw[i] = J[0];
  }
}

// ----- hand: the Jacobian by the chain rule, 3x3 and 2x3 blocks -----

// err = w (distort(p(Xcam)) f + u - feat), Xcam = R(r) (X - C). J: 2x15.
static void reproj_jacobian_hand(const double *cam, const double *X, const double *w,
                                 const double *feat, double *err, double *J) {
  const double *r = cam;
  double Xo[3] = {X[0] - cam[3], X[1] - cam[4], X[2] - cam[5]};
  // Xcam, dXcam/dXo (R) and dXcam/dr (Dr[i][j] = dXcam_i/dr_j).
  double Xcam[3], R[3][3], Dr[3][3];
  double sqtheta = r[0] * r[0] + r[1] * r[1] + r[2] * r[2];
  if (sqtheta != 0) {
    double theta = std::sqrt(sqtheta), c = std::cos(theta), s = std::sin(theta);
    double k[3] = {r[0] / theta, r[1] / theta, r[2] / theta}; // the unit axis
    double kxp[3] = {k[1] * Xo[2] - k[2] * Xo[1], k[2] * Xo[0] - k[0] * Xo[2],
                     k[0] * Xo[1] - k[1] * Xo[0]};
    double kdp = k[0] * Xo[0] + k[1] * Xo[1] + k[2] * Xo[2];
    // Xcam = c Xo + s (k x Xo) + (1 - c) k (k . Xo)
    for (int i = 0; i < 3; i++)
      Xcam[i] = c * Xo[i] + s * kxp[i] + (1 - c) * k[i] * kdp;
    const double K[3][3] = {{0, -k[2], k[1]}, {k[2], 0, -k[0]}, {-k[1], k[0], 0}}; // k x .
    for (int i = 0; i < 3; i++)
      for (int j = 0; j < 3; j++)
        R[i][j] = (i == j ? c : 0.0) + s * K[i][j] + (1 - c) * k[i] * k[j];
    // dtheta/dr_j = k_j, dk/dr_j = (e_j - k k_j) / theta.
    for (int j = 0; j < 3; j++) {
      double dk[3];
      for (int i = 0; i < 3; i++)
        dk[i] = ((i == j ? 1.0 : 0.0) - k[i] * k[j]) / theta;
      double dkxp[3] = {dk[1] * Xo[2] - dk[2] * Xo[1], dk[2] * Xo[0] - dk[0] * Xo[2],
                        dk[0] * Xo[1] - dk[1] * Xo[0]};
      double dkdp = dk[0] * Xo[0] + dk[1] * Xo[1] + dk[2] * Xo[2];
      for (int i = 0; i < 3; i++)
        Dr[i][j] = -s * k[j] * Xo[i] + c * k[j] * kxp[i] + s * dkxp[i] + s * k[j] * k[i] * kdp +
                   (1 - c) * (dk[i] * kdp + k[i] * dkdp);
    }
  } else {
    // Xcam = Xo + r x Xo: R = I + [r]x, dXcam/dr_j = e_j x Xo.
    Xcam[0] = Xo[0] + r[1] * Xo[2] - r[2] * Xo[1];
    Xcam[1] = Xo[1] + r[2] * Xo[0] - r[0] * Xo[2];
    Xcam[2] = Xo[2] + r[0] * Xo[1] - r[1] * Xo[0];
    const double Rm[3][3] = {{1, -r[2], r[1]}, {r[2], 1, -r[0]}, {-r[1], r[0], 1}};
    const double Dm[3][3] = {{0, Xo[2], -Xo[1]}, {-Xo[2], 0, Xo[0]}, {Xo[1], -Xo[0], 0}};
    for (int i = 0; i < 3; i++)
      for (int j = 0; j < 3; j++) {
        R[i][j] = Rm[i][j];
        Dr[i][j] = Dm[i][j];
      }
  }
  // p = Xcam[0:2] / Xcam[2]; dp/dXcam (2x3).
  double z = Xcam[2], p[2] = {Xcam[0] / z, Xcam[1] / z};
  const double P[2][3] = {{1 / z, 0, -p[0] / z}, {0, 1 / z, -p[1] / z}};
  // dist = p L, L = 1 + k1 rsq + k2 rsq^2.
  double k1 = cam[9], k2 = cam[10], rsq = p[0] * p[0] + p[1] * p[1];
  double L = 1 + k1 * rsq + k2 * rsq * rsq, dL_drsq = k1 + 2 * k2 * rsq;
  double f = cam[6], wt = *w;
  for (int a = 0; a < 2; a++) {
    double dist = p[a] * L;
    double proj = dist * f + cam[7 + a];
    err[a] = wt * (proj - feat[a]);
    double *row = &J[kCols * a];
    // d err_a / d p_b = w f (L delta_ab + p_a dL/dp_b), dL/dp_b = dL_drsq 2 p_b.
    double G[2];
    for (int b = 0; b < 2; b++)
      G[b] = wt * f * ((a == b ? L : 0.0) + p[a] * dL_drsq * 2 * p[b]);
    double H[3]; // d err_a / d Xcam
    for (int i = 0; i < 3; i++)
      H[i] = G[0] * P[0][i] + G[1] * P[1][i];
    for (int j = 0; j < 3; j++) {
      double dr = 0, dx = 0;
      for (int i = 0; i < 3; i++) {
        dr += H[i] * Dr[i][j];
        dx += H[i] * R[i][j];
      }
      row[j] = dr;               // rotation
      row[3 + j] = -dx;          // center
      row[kCamParams + j] = dx;  // point
    }
    row[6] = wt * dist;                      // focal
    row[7] = a == 0 ? wt : 0.0;              // u0
    row[8] = a == 1 ? wt : 0.0;              // v0
    row[9] = wt * f * p[a] * rsq;            // k1
    row[10] = wt * f * p[a] * rsq * rsq;     // k2
    row[kCols - 1] = proj - feat[a];         // weight
  }
}

static void ba_jacobian_hand(const BaData &d, double *reproj_err, double *w_err, double *Jr,
                             double *Jw) {
  for (int i = 0; i < d.p; i++)
    reproj_jacobian_hand(&d.cams[kCamParams * d.obs[2 * i]], &d.X[3 * d.obs[2 * i + 1]], &d.w[i],
                         &d.feats[2 * i], &reproj_err[2 * i], &Jr[kBlock * i]);
  for (int i = 0; i < d.p; i++) {
    w_err[i] = 1 - d.w[i] * d.w[i];
    Jw[i] = -2 * d.w[i];
  }
}

// The data of WORKLOADS.md, drawn in its order: cameras, points,
// observations, features, weights.
static BaData make_data(int n, int m, int p) {
  BaData d;
  d.n = n;
  d.m = m;
  d.p = p;
  std::mt19937_64 rng(42);
  std::uniform_real_distribution<double> cam_param(-0.5, 0.5), unit(0.0, 1.0), coord(-1.0, 1.0),
      weight(0.5, 1.0);
  std::normal_distribution<double> normal(0.0, 1.0);
  d.cams.resize(kCamParams * n);
  for (int c = 0; c < n; c++)
    for (int j = 0; j < kCamParams; j++)
      d.cams[kCamParams * c + j] = j == 6 ? 1.0 + unit(rng) : cam_param(rng);
  d.X.resize(3 * m);
  for (int k = 0; k < m; k++) {
    d.X[3 * k] = coord(rng);
    d.X[3 * k + 1] = coord(rng);
    d.X[3 * k + 2] = 5.0 + unit(rng);
  }
  std::uniform_int_distribution<int> camera(0, n - 1), point(0, m - 1);
  d.obs.resize(2 * p);
  for (int i = 0; i < p; i++) {
    d.obs[2 * i] = camera(rng);
    d.obs[2 * i + 1] = point(rng);
  }
  d.feats.resize(2 * p);
  for (double &v : d.feats)
    v = normal(rng);
  d.w.resize(p);
  for (double &v : d.w)
    v = weight(rng);
  return d;
}

// One variant's outputs, allocated once (ADBench fills a preallocated
// sparse matrix too).
struct Outputs {
  std::vector<double> err, w_err, Jr, Jw;
  explicit Outputs(int p) : err(2 * p), w_err(p), Jr(kBlock * p), Jw(p) {}
};

using JacobianFn = void (*)(const BaData &, double *, double *, double *, double *);

} // namespace w9

void bench::run_w9_ba(bool tiny, int samples, double min_seconds) {
  using namespace w9;
  const BaData d = tiny ? make_data(3, 5, 12) : make_data(49, 7776, 31843);
  const int p = d.p;
  JacobianFn jacobians[4] = {ba_jacobian_ad, ba_jacobian_hand, ba_jacobian_adolc,
                             ba_jacobian_sacado};
  std::vector<Outputs> out(5, Outputs(p));
  auto jacobian_call = [&](int v) {
    return [&d, &out, &jacobians, v, p] {
      Outputs &o = out[v];
      jacobians[v - 1](d, o.err.data(), o.w_err.data(), o.Jr.data(), o.Jw.data());
      return o.Jr[0] + o.Jw[p - 1] + o.err[0];
    };
  };
  std::vector<Variant> vs = {
      {"primal",
       [&d, &out] {
         ba_objective(d, out[0].err.data(), out[0].w_err.data());
         return out[0].err[0] + out[0].w_err[0];
       },
       false},
      {"ad", jacobian_call(1), true},
      {"hand", jacobian_call(2), true},
      {"adolc", jacobian_call(3), true},
      {"sacado", jacobian_call(4), true}};

  // Correctness: residuals against the primal, every Jacobian entry against
  // the hand-derived one, and a sample of observations' blocks against
  // central differences of the primal.
  ba_objective(d, out[0].err.data(), out[0].w_err.data());
  Outputs &hand = out[2];
  ba_jacobian_hand(d, hand.err.data(), hand.w_err.data(), hand.Jr.data(), hand.Jw.data());
  for (int v = 1; v < 5; ++v) {
    Outputs &o = out[v];
    ad::tape_statistics() = {};
    jacobians[v - 1](d, o.err.data(), o.w_err.data(), o.Jr.data(), o.Jw.data());
    vs[v].tape_bytes = ad::tape_statistics().peak_bytes;
    double &eh = vs[v].err_hand, &ef = vs[v].err_fd;
    for (int k = 0; k < 2 * p; ++k)
      eh = std::fmax(eh, rel_err(o.err[k], out[0].err[k]));
    for (int k = 0; k < p; ++k)
      eh = std::fmax(eh, rel_err(o.w_err[k], out[0].w_err[k]));
    if (v != 2) {
      for (int k = 0; k < kBlock * p; ++k)
        eh = std::fmax(eh, rel_err(o.Jr[k], hand.Jr[k]));
      for (int k = 0; k < p; ++k)
        eh = std::fmax(eh, rel_err(o.Jw[k], hand.Jw[k]));
    }
    const int stride = p > 50 ? p / 50 : 1;
    for (int i = 0; i < p; i += stride) {
      double x[kCols];
      const double *cam = &d.cams[kCamParams * d.obs[2 * i]], *X = &d.X[3 * d.obs[2 * i + 1]];
      for (int j = 0; j < kCamParams; ++j)
        x[j] = cam[j];
      for (int j = 0; j < 3; ++j)
        x[kCamParams + j] = X[j];
      x[kCols - 1] = d.w[i];
      const double h = 1e-6;
      for (int c = 0; c < kCols; ++c) {
        double xp[kCols], xm[kCols], ep[2], em[2];
        for (int j = 0; j < kCols; ++j)
          xp[j] = xm[j] = x[j];
        xp[c] += h;
        xm[c] -= h;
        compute_reproj_error(xp, xp + kCamParams, xp + kCols - 1, &d.feats[2 * i], ep);
        compute_reproj_error(xm, xm + kCamParams, xm + kCols - 1, &d.feats[2 * i], em);
        for (int r = 0; r < 2; ++r)
          ef = std::fmax(ef, rel_err(o.Jr[kBlock * i + kCols * r + c], (ep[r] - em[r]) / (2 * h)));
      }
      double wp = d.w[i] + h, wm = d.w[i] - h, zp, zm;
      compute_zach_weight_error(&wp, &zp);
      compute_zach_weight_error(&wm, &zm);
      ef = std::fmax(ef, rel_err(o.Jw[i], (zp - zm) / (2 * h)));
    }
    note_peak_heap(vs[v], [&] {
      jacobians[v - 1](d, o.err.data(), o.w_err.data(), o.Jr.data(), o.Jw.data());
    });
  }
  vs[2].tape_known = false; // local arrays, no tape
  vs[3].tape_bytes = adolc_tape_bytes(); // one observation's tape (each is retaped)
  vs[4].tape_bytes = 0;                     // forward mode: no tape
  measure(vs, samples, min_seconds);
  print_table("W9", vs);
}
