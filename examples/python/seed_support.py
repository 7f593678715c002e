"""What the Python seed examples share (the scripts, the notebook and
python/tests): compiling the two C++ sources, W2's data, the hand-derived
Weibull gradient, the scipy fit and the C++ example's fit to compare with.
"""

import os
import pathlib
import re
import subprocess
import sys

import numpy as np

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parent.parent
BUILD = REPO / os.environ.get("AD_BUILD_DIR", "build")

try:
    import adcpp
except ImportError:     # run from the repository without PYTHONPATH=python
    sys.path.insert(0, str(REPO / "python"))
    import adcpp

N = 1000        # W2's sample size
X0 = [1.0, 1.0]
BOUNDS = [(1e-5, None), (1e-5, None)]


def compile_sin(**kwargs):
    return adcpp.compile(HERE / "sin_recursion.cpp", **kwargs)


def compile_weibull(**kwargs):
    return adcpp.compile(HERE / "weibull.cpp", **kwargs)


def sin_recursion_derivative(x):
    """f'(x) by hand, independently of ad: y_k = sin(y_{k-1} + x) gives
    y_k' = cos(y_{k-1} + x) (y_{k-1}' + 1). Vectorized over x."""
    y = np.zeros_like(x, dtype=float)
    dy = np.zeros_like(x, dtype=float)
    for _ in range(100):
        y, dy = np.sin(y + x), np.cos(y + x) * (dy + 1.0)
    return dy


def weibull_data(m, n=N):
    """W2's times and event flags, drawn by the C++ in weibull.cpp
    (std::mt19937_64 seeded 42), which m.library exports as weibull_data."""
    import ctypes
    t, e = np.empty(n), np.empty(n)
    maker = m.library.weibull_data
    maker.argtypes = [ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p]
    maker.restype = None
    maker(n, t.ctypes.data, e.ctypes.data)
    return t, e


def nll_hand_gradient(p, t, e):
    """(value, gradient) of the Weibull likelihood derived by hand, in numpy,
    as examples/weibull/weibull.cpp's independent check does."""
    lam, rho = p
    z = (t / lam) ** rho
    logz = np.log(t / lam)
    value = -np.sum(e * (np.log(rho) - np.log(lam) + (rho - 1) * logz) - z)
    g0 = -np.sum(e * (-rho / lam) + z * rho / lam)
    g1 = -np.sum(e * (1 / rho + logz) - z * logz)
    return value, np.array([g0, g1])


def fit(m, t, e, jac):
    """scipy's L-BFGS-B from (1, 1) with lambda, rho >= 1e-5: with
    jac="grad" the value and the gradient come from two callables
    (m.nll, m.nll.grad), with jac=True from one (m.nll.value_and_grad)."""
    from scipy.optimize import minimize
    args = (t, e, len(t))
    if jac == "grad":
        return minimize(m.nll, X0, args=args, jac=m.nll.grad,
                        method="L-BFGS-B", bounds=BOUNDS)
    return minimize(m.nll.value_and_grad, X0, args=args, jac=True,
                    method="L-BFGS-B", bounds=BOUNDS)


def cxx_fit():
    """The fit of examples/weibull (build/bin/weibull, LBFGSpp with scipy's
    settings on the same data) as {"fun", "x", "nit"}, or None if that
    example is not built."""
    binary = BUILD / "bin" / "weibull"
    if not os.access(binary, os.X_OK):
        return None
    out = subprocess.run([str(binary)], check=True, capture_output=True,
                         text=True).stdout
    fun = float(re.search(r"^\s*fun: (\S+)", out, re.M).group(1))
    x = re.search(r"^\s*x: \[\s*(\S+)\s+(\S+)\]", out, re.M)
    nit = int(re.search(r"^\s*nit: (\d+)", out, re.M).group(1))
    return {"fun": fun, "x": np.array([float(x.group(1)), float(x.group(2))]),
            "nit": nit}
