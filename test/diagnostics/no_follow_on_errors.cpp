// When generation fails, every marked function's gradient is still declared,
// so the only errors are the real ones (contract §3): calls of f_grad, of
// g_grad (which was fine) and of a gradient whose body has the user's own
// error give no "undeclared identifier" after them; nor do calls of f_jvp
// and the other generated functions.
// RUN: %adxx -fsyntax-only -Xclang -verify %s

[[ad::differentiate]] double g(double x) { return x * x; }

[[ad::differentiate]]
double f(double x) {
  double y = x;
again: // expected-error {{cannot differentiate 'goto' or a label}}
  y = y * 2;
  if (y < 1)
    goto again; // expected-error {{cannot differentiate 'goto' or a label}}
  return y;
}

int main() {
  double d = 0;
  double t = 0, j[1];
  f_jvp(1.0, 1.0, &t); // declared too: no error here
  g_jacobian(2.0, j);
  return f_grad(1.0, &d) + g_grad(2.0, &d) > 0;
}
