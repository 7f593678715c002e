// Marked member functions (contract §1, §2; issue 11): the gradient is a
// member declared right after f in its class and defined after the class;
// "this" named in the attribute makes the object active, its shadow is
// `Model *d_this` (an object of the same type holding the adjoints). A
// const member loss differentiated with respect to the model's weights and
// its input; a member defined outside its class; a static member; a member
// of a class template (float and double).
// Checked against hand-derived gradients and central differences.
// RUN: %adxx -O1 -Werror %s -o %t -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: FileCheck %s --input-file=%t.gen/marked_members.ad.cpp

#include "ad_test.hpp"
#include <cmath>
#include <vector>

struct Model {
  std::vector<double> w;
  double bias = 0.1;

  // (bias + sum_i w_i sin(x_i))^2
  [[ad::differentiate("this", "x")]] double loss(const double *x) const {
    double s = bias;
    for (std::size_t i = 0; i < w.size(); ++i)
      s += w[i] * std::sin(x[i]);
    return s * s;
  }
// CHECK:       {{^}}  double loss_grad(const double *x, Model *d_this, double *d_x) const;

  double scaled(double t) const;

  [[ad::differentiate]] static double cube(double t) { return t * t * t; }
// CHECK:       {{^}}  static double cube_grad(double t, double *d_t);
};

// Defined outside the class: its gradient follows it.
[[ad::differentiate("this", "t")]] double Model::scaled(double t) const {
  return bias * std::exp(w[0] * t);
}
// CHECK-LABEL: {{^}}inline double Model::loss_grad(const double *x, Model *d_this, double *d_x) const {
// CHECK:       {{^}}  const Model *self = this; // f's object
// CHECK:       {{^}}    d_this->w[i] += {{.*}};
// CHECK-LABEL: {{^}}inline double Model::scaled_grad(double t, Model *d_this, double *d_t) const {

// A member of a class template: declared in the template as it writes its
// types, one explicit specialization per instantiation for float, double.
template <class T> struct Spring {
  T k, rest;
  [[ad::differentiate("this", "x")]] T energy(T x) const { return k * (x - rest) * (x - rest) / 2; }
};
// CHECK:       {{^}}  T energy_grad(T x, Spring<T> *d_this, T *d_x) const;
// CHECK-DAG:   {{^}}template <> inline float Spring<float>::energy_grad(float x, Spring<float> *d_this, float *d_x) const {
// CHECK-DAG:   {{^}}template <> inline double Spring<double>::energy_grad(double x, Spring<double> *d_this, double *d_x) const {

int main() {
  Model m{{0.5, -1.0, 2.0}, 0.3};
  const double x[3] = {0.1, -0.7, 1.2};
  double dx[3] = {};
  Model dm{{0, 0, 0}, 0};
  double v = m.loss_grad(x, &dm, dx);
  ad_test::check("loss value bit for bit", v == m.loss(x), 1, 0);
  double s = m.bias;
  for (int i = 0; i < 3; ++i)
    s += m.w[i] * std::sin(x[i]);
  ad_test::check("d_bias vs hand-derived", dm.bias, 2 * s, 1e-13);
  for (int i = 0; i < 3; ++i) {
    ad_test::check("d_w vs hand-derived", dm.w[i], 2 * s * std::sin(x[i]), 1e-13);
    ad_test::check("d_x vs hand-derived", dx[i], 2 * s * m.w[i] * std::cos(x[i]), 1e-13);
    Model hi = m, lo = m;
    double h = 1e-6;
    hi.w[i] += h;
    lo.w[i] -= h;
    ad_test::check("d_w vs central differences", dm.w[i], (hi.loss(x) - lo.loss(x)) / (2 * h),
                   1e-6);
  }
  Model dm2{{0, 0, 0}, 0};
  double dt = 0, t = 0.4;
  v = m.scaled_grad(t, &dm2, &dt);
  ad_test::check("scaled value bit for bit", v == m.scaled(t), 1, 0);
  ad_test::check("scaled d_t vs hand-derived", dt, m.bias * m.w[0] * std::exp(m.w[0] * t), 1e-13);
  ad_test::check("scaled d_bias vs hand-derived", dm2.bias, std::exp(m.w[0] * t), 1e-13);
  ad_test::check("scaled d_w0 vs hand-derived", dm2.w[0], m.bias * t * std::exp(m.w[0] * t),
                 1e-13);
  double dc = 0;
  Model::cube_grad(1.5, &dc);
  ad_test::check("static member", dc, 3 * 1.5 * 1.5, 1e-13);
  Spring<double> sp{3.0, 0.5}, dsp{0, 0};
  double dxs = 0;
  double e = sp.energy_grad(1.25, &dsp, &dxs);
  ad_test::check("Spring<double> value bit for bit", e == sp.energy(1.25), 1, 0);
  ad_test::check("Spring<double> d_x vs hand-derived", dxs, 3.0 * 0.75, 1e-13);
  ad_test::check("Spring<double> d_k vs hand-derived", dsp.k, 0.75 * 0.75 / 2, 1e-13);
  ad_test::check("Spring<double> d_rest vs hand-derived", dsp.rest, -3.0 * 0.75, 1e-13);
  Spring<float> spf{3.0f, 0.5f}, dspf{0, 0};
  float dxf = 0;
  spf.energy_grad(1.25f, &dspf, &dxf);
  ad_test::check("Spring<float> d_x vs hand-derived", dxf, 3.0 * 0.75, 1e-6);
  ad_test::check("Spring<double> d_x vs central differences", dxs,
                 ad_test::central_difference([&](double t) { return sp.energy(t); }, 1.25), 1e-6);
  return ad_test::report();
}
