// The seed demo: the 100-fold recursion y = sin(y + x) and its exact
// derivative from the generated f_grad, checked against central differences,
// tabulated over linspace(-2, 2, 250) into a CSV file for plotting.
//
//   build/bin/sin_recursion [out.csv]
#include <cmath>
#include <cstdio>

[[ad::differentiate]]
double f(double x) {
  double y = 0.;
  for (int i = 0; i < 100; ++i)
    y = std::sin(y + x);
  return y;
}

static double central_difference(double x) {
  const double h = 1e-6;
  return (f(x + h) - f(x - h)) / (2 * h);
}

int main(int argc, char **argv) {
  const char *csv_path = argc > 1 ? argv[1] : "sin_recursion.csv";

  double dfdx = 0; // f_grad adds into it
  double value = f_grad(1.0, &dfdx);
  std::printf("f(1)  = %.15f\n", value);
  std::printf("f'(1) = %.15f  (central differences: %.15f)\n", dfdx,
              central_difference(1.0));

  std::FILE *csv = std::fopen(csv_path, "w");
  if (!csv) {
    std::perror(csv_path);
    return 1;
  }
  std::fprintf(csv, "x,f,df_dx,central_difference\n");
  const int n = 250;
  double worst = 0;
  for (int k = 0; k < n; ++k) {
    double x = -2 + 4.0 * k / (n - 1);
    double d = 0;
    double y = f_grad(x, &d);
    double fd = central_difference(x);
    double err = std::fabs(d - fd) / std::fmax(std::fabs(fd), 1e-3);
    worst = std::fmax(worst, err);
    std::fprintf(csv, "%.17g,%.17g,%.17g,%.17g\n", x, y, d, fd);
  }
  std::fclose(csv);
  std::printf("wrote %d points of f and f' on [-2, 2] to %s\n", n, csv_path);
  std::printf("max relative difference to central differences: %.2e (%s)\n",
              worst, worst < 1e-6 ? "ok" : "TOO LARGE");
  return worst < 1e-6 ? 0 : 1;
}
