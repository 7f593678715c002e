// Derivative code that would compute a math call more than once (the
// derivative of 1 / (1 + exp(-x)) reads 1 + exp(-x) twice and exp(-x)
// once more) computes it once, into temporaries in the reverse sweep
// (ExprAdjoint.cpp's diffOnce): the LSTM workload (W5) spent most of its
// time in such exp calls. Values are those f computes, bit for bit the
// same operations. Checked against hand-derived derivatives and central
// differences, in a helper's pullback and in the gradient itself.
// The checks below read the pullbacks (split=never); the default (split
// records and lean pullbacks, docs/design.md "Split calls") must agree.
// RUN: %adxx -O1 -Wall -Wextra -Werror %s -o %t -fplugin-arg-ad-mode=reverse -fplugin-arg-ad-split=never -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: %adxx -O1 -Wall -Wextra -Werror %s -o %t.split -fplugin-arg-ad-mode=reverse
// RUN: %t.split
// RUN: FileCheck %s --input-file=%t.gen/computed_once.ad.cpp

#include "ad_test.hpp"

#include <cmath>

static double sigmoid(double x) { return 1 / (1 + std::exp(-x)); }

[[ad::differentiate]]
double gate(double x, double w) { return sigmoid(w * x) * w; }
// CHECK-LABEL: {{^}}static void sigmoid_pullback(double x, double _d_return, double *d_x) {
// CHECK:       {{^}}    double [[E:_v[0-9]+]] = std::exp(-x);
// CHECK-NEXT:  {{^}}    double [[D:_v[0-9]+]] = 1 + [[E]];
// CHECK-NEXT:  {{^}}    _d_x += -(-(_d_return * 1 / ([[D]] * [[D]])) * [[E]]);

[[ad::differentiate]]
double softplus_ratio(double x, double y) {
  double r = std::log(1 + std::exp(x * y)) / (1 + std::exp(x * y));
  return r;
}
// Written twice, computed twice in the reverse sweep (not five times):
// CHECK-LABEL: {{^}}double softplus_ratio_grad(
// CHECK:       {{^ *}}// Reverse sweep
// CHECK:       {{^}}    double {{_v[0-9]+}} = std::exp(x * y);
// CHECK:       {{^}}    double {{_v[0-9]+}} = std::exp(x * y);
// CHECK-NOT:   std::exp
// CHECK:       {{^}}  return _ret;

int main() {
  for (double x : {-1.3, 0.4, 2.2}) {
    const double w = 0.8;
    double s = sigmoid(w * x), ds = s * (1 - s);
    ad_test::check_gradient("gate", gate, gate_grad, x, w, ds * w * w, ds * x * w + s);
    double y = 0.6, e = std::exp(x * y), l = std::log(1 + e);
    // r = l / (1 + e); dr/du = (e / (1 + e)) / (1 + e) - l e / (1 + e)^2, u = x y
    double drdu = (e / (1 + e) - l * e / (1 + e)) / (1 + e);
    ad_test::check_gradient("softplus_ratio", softplus_ratio, softplus_ratio_grad, x, y, drdu * y,
                            drdu * x);
  }
  return ad_test::report();
}
