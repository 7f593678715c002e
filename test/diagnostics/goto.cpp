// goto and labels cannot be differentiated; the error is at the construct.
// RUN: not %adxx -fsyntax-only %s 2> %t.err
// RUN: FileCheck %s < %t.err
// RUN: not %adxx -fsyntax-only %s 2>&1 | FileCheck %s --check-prefix=NOCRASH

[[ad::differentiate]]
double f(double x) {
  double y = x;
  if (y > 1)
    goto done;
  y = y * y;
done:
  return y;
}
// CHECK: goto.cpp:[[@LINE-5]]:5: error: cannot differentiate 'goto' or a label; restructure the code with loops, 'break' or 'continue'
// CHECK: goto.cpp:[[@LINE-4]]:1: error: cannot differentiate 'goto' or a label
// NOCRASH-NOT: PLEASE submit a bug report
// NOCRASH-NOT: Stack dump
