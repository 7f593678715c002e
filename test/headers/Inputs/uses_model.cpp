// The other translation unit of headers/one_parse.cpp: includes model.hpp
// only, so it compiles in one parse too.
#include "model.hpp"

double model_derivative_x(double x, double y) {
  double dx = 0, dy = 0;
  model::energy_grad(x, y, &dx, &dy);
  return dx;
}
