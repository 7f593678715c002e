// A float function (contract §2): f_grad takes float* and computes in float
// (adjoints, tape, partials). Compared with a double hand tangent at 1e-5
// (float rounding) and with float central differences (step 2^-10) at 1e-3.
// RUN: %adxx -O2 %s -o %t -fplugin-arg-ad-emit=%t.gen
// RUN: %t
// RUN: FileCheck %s --input-file=%t.gen/float.ad.cpp

#include "ad_test.hpp"
#include <cmath>

[[ad::differentiate]]
float f(float x, float y) {
  float s = x * y;
  for (int i = 0; i < 5; ++i)
    s = std::sin(s) + x / y;
  return std::exp(s) * y + std::log(x) + sinf(x);
}
// CHECK-LABEL: {{^}}float f_grad(float x, float y, float *d_x, float *d_y) {
// CHECK-DAG:   {{^}}  float _d_x = 0;
// CHECK-DAG:   {{^}}  float _d_s = 0;
// CHECK-DAG:   {{^}}  ::ad::{{(Stack)?}}Tape<float{{.*}}> [[TAPE:_tape[_a-z]*]];
// CHECK:       {{^}}    [[TAPE]].push(s);
// CHECK:       {{^}}  for (; [[T:_t[0-9]+]]; [[T]]--) {
// CHECK-NEXT:  {{^}}    s = [[TAPE]].pop();
// CHECK-NEXT:  {{^}}    float [[R:_r[0-9]+]] = _d_s;
// CHECK-NOT:   {{^ +}}double
// CHECK:       {{^}}  *d_x += _d_x;

struct Tan { double v, dx, dy; };

// In double, on the float inputs: what f_grad approximates in float.
static Tan f_tangent(double x, double y) {
  Tan s = {x * y, y, x};
  for (int i = 0; i < 5; ++i) {
    double c = std::cos(s.v);
    s = {std::sin(s.v) + x / y, c * s.dx + 1 / y, c * s.dy - x / (y * y)};
  }
  double e = std::exp(s.v);
  return {e * y + std::log(x) + std::sin(x), e * s.dx * y + 1 / x + std::cos(x), e * s.dy * y + e};
}

int main() {
  for (int k = 0; k < 10; ++k) {
    float x = 0.25f + 0.1875f * k, y = 1.75f - 0.0625f * k;
    float dx = 0, dy = 0;
    float value = f_grad(x, y, &dx, &dy);
    ad_test::check("value bit for bit", value == f(x, y), 1, 0);
    Tan want = f_tangent(x, y);
    ad_test::check("d_x vs hand tangent", dx, want.dx, 1e-5);
    ad_test::check("d_y vs hand tangent", dy, want.dy, 1e-5);
    ad_test::check("d_x vs central differences", dx,
                   ad_test::central_difference([&](float v) { return f(v, y); }, x, 1.0f / 1024), 1e-3);
    ad_test::check("d_y vs central differences", dy,
                   ad_test::central_difference([&](float v) { return f(x, v); }, y, 1.0f / 1024), 1e-3);
  }
  return ad_test::report();
}
