// The determinant by recursive Laplace (cofactor) expansion, as in the
// det_by_minor benchmark of AD comparisons (contract §3): the rows and
// columns of the current minor are linked lists held in std::vector<size_t>
// index vectors passed by reference down the recursion; each level unlinks
// a row and a column, recurses, and links them back, so the integer state
// the reverse sweep sees must be the one each call saw. A second version
// expands along the next row and removes the column from an index vector by
// shifting the tail left, then shifts it back. The gradient of det A is the
// cofactor matrix: checked against cofactors computed from minors by
// Gaussian elimination (and by the closed form for 3x3), central
// differences and f's value bit for bit, for 2x2, 3x3 (also singular) and
// 4x4 matrices.
// RUN: %adxx -O1 -Werror %s -o %t -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: FileCheck %s --input-file=%t.gen/determinant.ad.cpp

#include "ad_test.hpp"
#include <cmath>
#include <utility>
#include <vector>

// Determinant of the m x m minor of the n x n row-major matrix a whose rows
// and columns are the linked lists r and c: r[n] is the first row, r[i] the
// row after i, and n ends the list; likewise c.
double det_minor(const std::vector<double> &a, size_t n, size_t m,
                 std::vector<size_t> &r, std::vector<size_t> &c) {
  const size_t i = r[n];
  if (m == 1)
    return a[i * n + c[n]];
  r[n] = r[i]; // unlink row i
  double det = 0, sign = 1;
  size_t prev = n, j = c[n];
  while (j != n) {
    c[prev] = c[j]; // unlink column j
    const double sub = det_minor(a, n, m - 1, r, c);
    c[prev] = j; // and link it back
    det += sign * a[i * n + j] * sub;
    sign = -sign;
    prev = j;
    j = c[j];
  }
  r[n] = i;
  return det;
}
// CHECK:       {{^}}static void det_minor_pullback(const std::vector<double> &a, size_t n, size_t m, std::vector<size_t> &r, std::vector<size_t> &c, double _d_return, double *d_a, ::ad::RedoLog *_redo) {
// CHECK:       {{^ +}}d_a[i * n + j] += sign * (_d_det * sub);
// CHECK:       {{^ +}}det_minor_pullback(a, n, m - 1, r, c, _r{{[0-9]+}}, d_a, _redo);
// CHECK:       {{^ +}}d_a[i * n + c[n]] += _d_return;

[[ad::differentiate("a")]]
double det_by_minors(const std::vector<double> &a, size_t n) {
  std::vector<size_t> r(n + 1), c(n + 1);
  for (size_t k = 0; k <= n; ++k)
    r[k] = c[k] = (k + 1) % (n + 1);
  return det_minor(a, n, n, r, c);
}
// CHECK-LABEL: {{^}}double det_by_minors_grad(const std::vector<double> &a, size_t n, double *d_a) {
// CHECK:       {{^ +}}det_minor_pullback(a, n, n, r, c, _r{{[0-9]+}}, d_a);

// Expansion along row `row` of the minor whose columns are cols[0..m).
double expand(const std::vector<double> &a, size_t n, size_t row,
              std::vector<size_t> &cols, size_t m) {
  if (m == 1)
    return a[row * n + cols[0]];
  double det = 0;
  for (size_t j = 0; j < m; ++j) {
    const size_t col = cols[j];
    for (size_t k = j; k + 1 < m; ++k) // remove column j
      cols[k] = cols[k + 1];
    const double minor = expand(a, n, row + 1, cols, m - 1);
    for (size_t k = m - 1; k > j; --k) // and put it back
      cols[k] = cols[k - 1];
    cols[j] = col;
    det += (j % 2 ? -1.0 : 1.0) * a[row * n + col] * minor;
  }
  return det;
}

[[ad::differentiate("a")]]
double det_by_rows(const std::vector<double> &a, size_t n) {
  std::vector<size_t> cols(n);
  for (size_t k = 0; k < n; ++k)
    cols[k] = k;
  return expand(a, n, 0, cols, n);
}
// CHECK-LABEL: {{^}}double det_by_rows_grad(const std::vector<double> &a, size_t n, double *d_a) {
// CHECK:       {{^ +}}expand_pullback(a, n, 0, cols, n, {{.*}}, d_a);

// Determinant by Gaussian elimination with partial pivoting (the reference).
double det_lu(std::vector<double> a, size_t n) {
  double det = 1;
  for (size_t k = 0; k < n; ++k) {
    size_t p = k;
    for (size_t i = k + 1; i < n; ++i)
      if (std::fabs(a[i * n + k]) > std::fabs(a[p * n + k]))
        p = i;
    if (a[p * n + k] == 0)
      return 0;
    if (p != k) {
      for (size_t j = 0; j < n; ++j)
        std::swap(a[k * n + j], a[p * n + j]);
      det = -det;
    }
    det *= a[k * n + k];
    for (size_t i = k + 1; i < n; ++i) {
      double l = a[i * n + k] / a[k * n + k];
      for (size_t j = k; j < n; ++j)
        a[i * n + j] -= l * a[k * n + j];
    }
  }
  return det;
}

// Cofactor C_ij = (-1)^(i+j) det(A without row i and column j).
double cofactor(const std::vector<double> &a, size_t n, size_t i, size_t j) {
  if (n == 1)
    return 1;
  std::vector<double> m;
  for (size_t r = 0; r < n; ++r)
    for (size_t c = 0; c < n; ++c)
      if (r != i && c != j)
        m.push_back(a[r * n + c]);
  return ((i + j) % 2 ? -1 : 1) * det_lu(m, n - 1);
}

int main() {
  const std::vector<std::vector<double>> cases = {
      {0.7},
      {1.5, -2.0, 0.25, 3.0},
      {2, -1, 0.5, 1, 3, -2, 0.3, 1.7, 4},
      {1, 2, 3, 4, 5, 6, 7, 8, 9.0},           // singular, rank 2
      {1, 2, 3, 2, 4, 6, 1, 1, 1},             // singular, rank 2
      {4, 1, -2, 0.5, 1, 3, 0, -1, -2, 0, 5, 2, 0.5, -1, 2, 6},
      {0.1, 0.9, -0.4, 1.2, -0.8, 0.3, 0.6, -1.1, 1.7, 0.2, -0.3, 0.4, 0.05, -0.6, 0.8, 1.3},
  };
  for (const std::vector<double> &a : cases) {
    const size_t n = static_cast<size_t>(std::lround(std::sqrt(a.size())));
    std::vector<double> d1(a.size()), d2(a.size());
    double v1 = det_by_minors_grad(a, n, d1.data());
    double v2 = det_by_rows_grad(a, n, d2.data());
    ad_test::check("det_by_minors value bit for bit", v1 == det_by_minors(a, n), 1, 0);
    ad_test::check("det_by_rows value bit for bit", v2 == det_by_rows(a, n), 1, 0);
    ad_test::check("det_by_minors vs elimination", v1, det_lu(a, n), 1e-12);
    for (size_t i = 0; i < n; ++i)
      for (size_t j = 0; j < n; ++j) {
        const size_t k = i * n + j;
        const double want = cofactor(a, n, i, j);
        ad_test::check("det_by_minors d_a vs cofactor", d1[k], want, 1e-13);
        ad_test::check("det_by_rows d_a vs cofactor", d2[k], want, 1e-13);
        auto along = [&](auto det) {
          return ad_test::central_difference(
              [&](double t) {
                std::vector<double> b = a;
                b[k] = t;
                return det(b, n);
              },
              a[k]);
        };
        ad_test::check("det_by_minors d_a vs central differences", d1[k],
                       along(det_by_minors), 1e-6);
        ad_test::check("det_by_rows d_a vs central differences", d2[k],
                       along(det_by_rows), 1e-6);
      }
    if (n == 3) { // the cofactors of a 3x3 matrix written out
      auto A = [&](size_t i, size_t j) { return a[i * 3 + j]; };
      const double closed[9] = {
          A(1, 1) * A(2, 2) - A(1, 2) * A(2, 1), A(1, 2) * A(2, 0) - A(1, 0) * A(2, 2),
          A(1, 0) * A(2, 1) - A(1, 1) * A(2, 0), A(0, 2) * A(2, 1) - A(0, 1) * A(2, 2),
          A(0, 0) * A(2, 2) - A(0, 2) * A(2, 0), A(0, 1) * A(2, 0) - A(0, 0) * A(2, 1),
          A(0, 1) * A(1, 2) - A(0, 2) * A(1, 1), A(0, 2) * A(1, 0) - A(0, 0) * A(1, 2),
          A(0, 0) * A(1, 1) - A(0, 1) * A(1, 0)};
      for (int k = 0; k < 9; ++k) {
        ad_test::check("det_by_minors d_a vs 3x3 closed form", d1[k], closed[k], 1e-14);
        ad_test::check("det_by_rows d_a vs 3x3 closed form", d2[k], closed[k], 1e-14);
      }
    }
  }
  return ad_test::report();
}
