"""The seed notebook's second part, with the likelihood in C++: fit a
Weibull survival model by maximum likelihood with scipy's L-BFGS-B, the
gradient from the plugin's nll_grad, given to scipy both ways autograd users
give it (jac=grad, and jac=True with value_and_grad); then compare with the
C++ example's fit of the same data (examples/weibull, build/bin/weibull).

    PYTHONPATH=python /usr/bin/python3 examples/python/weibull_fit.py
"""

import sys

import numpy as np

import seed_support as seed


def main():
    m = seed.compile_weibull()
    t, e = seed.weibull_data(m)
    p0 = np.array(seed.X0)
    value, grad = m.nll.value_and_grad(p0, t, e, len(t))
    hand_value, hand_grad = seed.nll_hand_gradient(p0, t, e)
    print(f"nll(1, 1) = {value:.10g}, gradient = [{grad[0]:.10g}, {grad[1]:.10g}]")
    err = np.max(np.abs(grad - hand_grad) / np.abs(hand_grad))
    print(f"gradient vs the hand-derived one: {err:.2e} relative\n")

    ok = err < 1e-10
    results = {}
    for jac, how in (("grad", "jac=m.nll.grad"), (True, "jac=True, m.nll.value_and_grad")):
        r = seed.fit(m, t, e, jac)
        results[jac] = r
        print(f"minimize(..., {how}, method='L-BFGS-B', bounds=...):")
        print(r)
        print()
        ok = ok and r.success

    same = np.max(np.abs(results["grad"].x - results[True].x) / results[True].x)
    print(f"jac=grad vs jac=True: optimum differs by {same:.1e} relative")
    ok = ok and same < 1e-8
    cxx = seed.cxx_fit()
    if cxx is None:
        print("examples/weibull is not built (build/bin/weibull): no comparison")
    else:
        r = results[True]
        dx = np.max(np.abs(r.x - cxx["x"]) / cxx["x"])
        dfun = abs(r.fun - cxx["fun"]) / abs(cxx["fun"])
        print(f"C++ fit (examples/weibull): x = [{cxx['x'][0]:.6e}, {cxx['x'][1]:.6e}], "
              f"fun = {cxx['fun']:.10g}, nit = {cxx['nit']}")
        print(f"Python fit vs C++ fit: x {dx:.1e} relative, fun {dfun:.1e} relative "
              f"(the C++ prints 7 digits)")
        ok = ok and dx < 2e-5 and dfun < 1e-8
    print(f"check: {'PASSED' if ok else 'FAILED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
