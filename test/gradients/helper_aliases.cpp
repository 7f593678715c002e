// Helpers that write through a local reference or pointer bound to what a
// pointer parameter reaches (`auto &out = *pout;`, as ADBench's hand
// tracking writes all its helpers): the write counts as a write through
// the parameter (once missed: the caller's struct stayed inactive and the
// helper's pullback was refused).
// RUN: %adxx -O1 -Werror -I%ad_src/test/fuzz %s -o %t
// RUN: %t

#include "ad_test.hpp"
#include "dual.hpp"
#include <cmath>

template <class T> struct Pose {
  T angle, scale;
};
template <class T> void to_pose(const T *theta, Pose<T> *pout) {
  auto &out = *pout;
  out.angle = theta[0] * theta[1];
  out.scale = theta[1];
}
template <class T> void rotate(const Pose<T> &p, T *pxy) {
  using std::cos;
  using std::sin;
  T *xy = &pxy[0];
  T x = xy[0], y = xy[1];
  xy[0] = p.scale * (cos(p.angle) * x - sin(p.angle) * y);
  xy[1] = p.scale * (sin(p.angle) * x + cos(p.angle) * y);
}

#define BODY(T)                                                                \
  Pose<T> pose;                                                                \
  to_pose(theta, &pose);                                                       \
  T xy[2] = {T(1), T(0.5)};                                                    \
  rotate(pose, xy);                                                            \
  return xy[0] * xy[0] + T(3) * xy[1];

[[ad::differentiate("theta")]]
double objective(const double *theta) {
  BODY(double)
}

template <class T> T objective_t(const T *theta) {
  BODY(T)
}

int main() {
  const double theta[2] = {0.4, 1.3};
  double d[2] = {};
  double v = objective_grad(theta, d);
  ad_test::check("value bit for bit", v == objective(theta), 1, 0);
  for (int k = 0; k < 2; ++k) {
    fz::dual t[2] = {fz::dual(theta[0], k == 0), fz::dual(theta[1], k == 1)};
    ad_test::check("d_theta vs forward mode", d[k], objective_t(t).d, 1e-12);
  }
  return ad_test::report();
}
