// Classes that own their values (contract §1, "objects holding reals"): a
// matrix class in the style of ADBench's hand-tracking LightMatrix, which
// allocates with new[] in its constructor and in resize, copies deeply,
// frees in its destructor, and is reached through operator()(i, j), a
// pointer accessor col(j) and member functions (fill, set_col, scale_col,
// set_identity). Helpers take `const Grid<T> &` inputs and `Grid<T> *`
// outputs they resize (mul), and `std::vector<Grid<T>> *` they resize and
// fill by copies and products along a chain of parents (chain); a local
// Grid is declared again in every iteration of a loop; a Grid is reshaped
// to the same size (3x4 -> 2x6: its values stay). The objective is a small
// skinning: rotations from angles, composed along the chain, applied to
// points, weighted and summed; checked against forward mode (fz::dual on
// the same template), central differences and f's value (bit for bit).
// The checks below read the pullbacks (split=never); the default (split
// records and lean pullbacks, docs/design.md "Split calls") must agree.
// RUN: %adxx -O1 -Werror -Wall -I%ad_src/test/fuzz %s -o %t -fplugin-arg-ad-split=never -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: %adxx -O1 -Werror -Wall -I%ad_src/test/fuzz %s -o %t.split
// RUN: %t.split
// Shadows of owning classes are memory the generated code allocates, frees
// and indexes: README command 2 runs this program under AddressSanitizer
// and UBSan too (lit --param sanitize=1, as every gradient test).
// RUN: FileCheck %s --input-file=%t.gen/owning_handles.ad.cpp

#include "ad_test.hpp"
#include "dual.hpp"
#include <cmath>
#include <vector>

template <typename T> class Grid {
public:
  Grid() : rows(0), cols(0), cells(nullptr) {}
  Grid(int r, int c) : rows(r), cols(c), cells(new T[r * c]) {}
  Grid(const Grid &o) : rows(0), cols(0), cells(nullptr) { *this = o; }
  Grid &operator=(const Grid &o) {
    if (this == &o)
      return *this;
    resize(o.rows, o.cols);
    for (int k = 0; k < size(); ++k)
      cells[k] = o.cells[k];
    return *this;
  }
  ~Grid() { delete[] cells; }
  int size() const { return rows * cols; }
  void resize(int r, int c) {
    if (r * c != size()) {
      delete[] cells;
      cells = r * c > 0 ? new T[r * c] : nullptr;
    }
    rows = r;
    cols = c;
  }
  T &operator()(int i, int j) { return cells[j * rows + i]; }
  const T &operator()(int i, int j) const { return cells[j * rows + i]; }
  const T *col(int j) const { return &(*this)(0, j); }
  void fill(const T &v) {
    for (int k = 0; k < size(); ++k)
      cells[k] = v;
  }
  void set_col(int j, const T *v) {
    for (int i = 0; i < rows; ++i)
      (*this)(i, j) = v[i];
  }
  void scale_col(int j, const T &s) {
    for (int i = 0; i < rows; ++i)
      (*this)(i, j) *= s;
  }
  void set_identity() {
    for (int j = 0; j < cols; ++j)
      for (int i = 0; i < rows; ++i)
        (*this)(i, j) = i == j ? T(1) : T(0);
  }
  int rows, cols;
  T *cells;
};
// CHECK: {{^}}// ad: Grid<T> owns its reals (cells[0 .. size())); its shadow is a Grid<T>
// CHECK: {{^}}inline void ad_shadow_resize_like(Grid<T> &d, const Grid<T> &x) {

template <typename T> void mul(const Grid<T> &a, const Grid<T> &b, Grid<T> *pout) {
  Grid<T> &out = *pout;
  out.resize(a.rows, b.cols);
  for (int i = 0; i < a.rows; ++i)
    for (int k = 0; k < b.cols; ++k) {
      out(i, k) = a(i, 0) * b(0, k);
      for (int j = 1; j < a.cols; ++j)
        out(i, k) += a(i, j) * b(j, k);
    }
}

// A rotation about z by angles[0], then about x by angles[1], in the
// top-left corner of a 3x3 identity.
template <typename T> void rotation(const T *angles, Grid<T> *pR) {
  Grid<T> Rz(3, 3), Rx(3, 3);
  Rz.set_identity();
  Rz(0, 0) = cos(angles[0]);
  Rz(1, 0) = sin(angles[0]);
  Rz(0, 1) = -Rz(1, 0);
  Rz(1, 1) = Rz(0, 0);
  Rx.set_identity();
  Rx(1, 1) = cos(angles[1]);
  Rx(2, 1) = sin(angles[1]);
  Rx(1, 2) = -Rx(2, 1);
  Rx(2, 2) = Rx(1, 1);
  mul(Rz, Rx, pR);
}

template <typename T>
void chain(const std::vector<Grid<T>> &local, const std::vector<int> &parent,
           std::vector<Grid<T>> *pglobal) {
  std::vector<Grid<T>> &global = *pglobal;
  global.resize(local.size());
  for (size_t b = 0; b < local.size(); ++b) {
    if (parent[b] < 0)
      global[b] = local[b];
    else
      mul(global[parent[b]], local[b], &global[b]);
  }
}

#define BODY(T)                                                                \
  Grid<T> pose(3, bones + 1);                                                  \
  pose.fill(0.);                                                               \
  pose.set_col(0, theta);                                                      \
  for (int b = 0; b < bones; ++b) {                                            \
    pose(0, b + 1) = theta[3 + 2 * b];                                         \
    pose(1, b + 1) = theta[4 + 2 * b];                                         \
  }                                                                            \
  pose.scale_col(0, theta[2]);                                                 \
  std::vector<Grid<T>> local(bones), global;                                   \
  for (int b = 0; b < bones; ++b) {                                            \
    Grid<T> R(3, 3);                                                           \
    rotation(pose.col(b + 1), &R);                                             \
    local[b] = R;                                                              \
  }                                                                            \
  chain(local, parent, &global);                                               \
  Grid<T> moved(3, points), sum(3, points);                                    \
  sum.fill(0.);                                                                \
  for (int b = 0; b < bones; ++b) {                                            \
    mul(global[b], rest, &moved);                                              \
    for (int p = 0; p < points; ++p)                                           \
      for (int i = 0; i < 3; ++i)                                              \
        sum(i, p) += weight[b * points + p] * moved(i, p);                     \
  }                                                                            \
  sum.resize(2, 6); /* the same values, seen as 2x6 */                         \
  T e = 0;                                                                     \
  for (int j = 0; j < 6; ++j)                                                  \
    e += (sum(0, j) - pose(0, 0)) * (sum(1, j) - pose(1, 0));                  \
  return e;

const int bones = 4, points = 4;

[[ad::differentiate("theta")]]
double skin(const double *theta, const std::vector<int> &parent, const Grid<double> &rest,
            const double *weight) {
  BODY(double)
}
// CHECK-LABEL: {{^}}double skin_grad(const double *theta, const std::vector<int> &parent, const Grid<double> &rest, const double *weight, double *d_theta) {
// CHECK:       {{^}}  (*sum).resize(2, 6);
// CHECK-NEXT:  {{^}}  ad_shadow_resize_like((*_d_sum), (*sum));
// CHECK:       {{^}}    rotation_pullback(_v0, &(*R), const_cast<double *>((*_d_pose).col(b_1 + 1)), _d_R);

template <typename T>
T skin_t(const T *theta, const std::vector<int> &parent, const Grid<T> &rest,
         const double *weight) {
  BODY(T)
}

int main() {
  const int n = 3 + 2 * bones;
  std::vector<int> parent = {-1, 0, 1, 1};
  Grid<double> rest(3, points);
  Grid<fz::dual> rest_d(3, points);
  double weight[bones * points];
  for (int k = 0; k < 3 * points; ++k)
    rest_d.cells[k] = rest.cells[k] = std::cos(1.3 * k + 0.2);
  for (int k = 0; k < bones * points; ++k)
    weight[k] = 0.25 + 0.1 * std::sin(0.7 * k);
  double theta[n];
  for (int k = 0; k < n; ++k)
    theta[k] = 0.6 * std::sin(1.1 * k + 0.4) + (k == 2 ? 1.0 : 0.0);
  double d_theta[n] = {};
  double v = skin_grad(theta, parent, rest, weight, d_theta);
  ad_test::check("skin value bit for bit", v == skin(theta, parent, rest, weight), 1, 0);
  for (int k = 0; k < n; ++k) {
    std::vector<fz::dual> td(theta, theta + n);
    td[k].d = 1;
    ad_test::check("skin d_theta vs forward mode", d_theta[k],
                   skin_t(td.data(), parent, rest_d, weight).d, 1e-12);
    double tp[n];
    std::copy(theta, theta + n, tp);
    ad_test::check("skin d_theta vs central differences", d_theta[k],
                   ad_test::central_difference(
                       [&](double t) {
                         tp[k] = t;
                         return skin(tp, parent, rest, weight);
                       },
                       theta[k]),
                   1e-6);
  }
  return ad_test::report();
}
