// Eigen's fixed-size types (issue 11's stretch goal) are refused with an
// error that names Eigen and says what to write instead: their values live
// in private, aligned storage the generator does not follow (its
// expression templates would have to be differentiated through).
// RUN: %adxx -fsyntax-only -I/usr/include/eigen3 -Xclang -verify %s

#include <Eigen/Dense>

[[ad::differentiate]]
double energy(double x, double y) {
  Eigen::Vector3d a(x, y, x * y); // expected-error {{cannot differentiate the local variable 'a' of type 'Eigen::Vector3d', which holds active values; Eigen's types keep their values in private, aligned storage the generator does not follow; use std::array<double, N> or a struct of doubles}}
  return a.norm();
}
