"""The seed's two workloads from Python (examples/python): gradients against
central differences and against independently derived derivatives, the
Weibull fit with both jac styles against the C++ example's fit, and the
example scripts themselves."""

import math
import subprocess
import sys

import numpy as np
import pytest

import seed_support as seed
from conftest import EXAMPLES, REPO, subprocess_env

XS = np.linspace(-2, 2, 250)


@pytest.fixture(scope="module")
def sin_module():
    return seed.compile_sin()


@pytest.fixture(scope="module")
def weibull():
    m = seed.compile_weibull()
    t, e = seed.weibull_data(m)
    return m, t, e


# -- the sin recursion ----------------------------------------------------

def test_sin_value(sin_module):
    y = 0.0
    for _ in range(100):
        y = math.sin(y + 1.0)                       # libm's sin, as the C++ calls
    assert sin_module.f(1.0) == y                   # same operations, same bits


def test_sin_gradient_vs_central_differences(sin_module):
    f = sin_module.f
    h = 1e-6
    for x in XS:
        d = f.grad(x)
        fd = (f(x + h) - f(x - h)) / (2 * h)
        assert abs(d - fd) <= 1e-5 * max(1.0, abs(d)), x


def test_sin_gradient_vs_hand_derivative(sin_module):
    hand = seed.sin_recursion_derivative(XS)
    ours = np.array([sin_module.f.grad(x) for x in XS])
    values = np.array([sin_module.f.value_and_grad(x)[1] for x in XS])
    assert np.max(np.abs(ours - hand) / np.maximum(1.0, np.abs(hand))) < 1e-12
    assert np.array_equal(ours, values)


def test_sin_script_writes_the_plot(tmp_path):
    png = tmp_path / "plot" / "sin.png"
    proc = subprocess.run([sys.executable, str(EXAMPLES / "sin_recursion.py"), str(png)],
                          env=subprocess_env(), capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "f'(1) = -0.26242653107" in proc.stdout
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


# -- the Weibull likelihood -----------------------------------------------

def test_weibull_data_is_w2s(weibull):
    m, t, e = weibull
    assert t.shape == e.shape == (1000,)
    assert set(np.unique(e)) == {0.0, 1.0}
    # nll(1, 1) as examples/weibull prints it
    assert m.nll([1.0, 1.0], t, e, 1000) == pytest.approx(926.6654029, rel=1e-9)


@pytest.mark.parametrize("p", [(1.0, 1.0), (0.7, 1.3), (0.4175, 0.4607)])
def test_weibull_gradient_vs_hand_and_central_differences(weibull, p):
    m, t, e = weibull
    p = np.array(p)
    value, grad = m.nll.value_and_grad(p, t, e, len(t))
    hand_value, hand_grad = seed.nll_hand_gradient(p, t, e)
    assert value == pytest.approx(hand_value, rel=1e-12)
    # relative, or absolute near the optimum where the sums cancel
    assert np.all(np.abs(grad - hand_grad) <= 1e-10 * np.maximum(np.abs(hand_grad), 1.0))
    for k in range(2):
        h = 1e-6 * p[k]
        up, down = p.copy(), p.copy()
        up[k] += h
        down[k] -= h
        fd = (m.nll(up, t, e, len(t)) - m.nll(down, t, e, len(t))) / (2 * h)
        assert abs(grad[k] - fd) <= 1e-5 * max(abs(grad[k]), 1.0)
    assert np.array_equal(m.nll.grad(p, t, e), grad)   # n inferred from t, e


@pytest.fixture(scope="module")
def fits(weibull):
    m, t, e = weibull
    return seed.fit(m, t, e, "grad"), seed.fit(m, t, e, True)


def test_weibull_fit_both_jac_styles(fits):
    by_grad, by_value_and_grad = fits
    for r in fits:
        assert r.success, r.message
        assert np.max(np.abs(r.jac)) < 1e-3
    assert np.array_equal(by_grad.x, by_value_and_grad.x)
    assert by_grad.nfev == by_value_and_grad.nfev


def test_weibull_fit_matches_the_cpp_fit(fits):
    cxx = seed.cxx_fit()
    if cxx is None:
        pytest.skip("examples/weibull is not built (build/bin/weibull)")
    r = fits[1]
    assert np.max(np.abs(r.x - cxx["x"]) / cxx["x"]) < 2e-5    # 7 digits printed
    assert r.fun == pytest.approx(cxx["fun"], rel=1e-8)
    assert abs(r.nit - cxx["nit"]) <= 2            # same method and settings (10 today)


def test_weibull_script(tmp_path):
    proc = subprocess.run([sys.executable, str(EXAMPLES / "weibull_fit.py")],
                          env=subprocess_env(), capture_output=True, text=True,
                          timeout=120, cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "CONVERGENCE: NORM_OF_PROJECTED_GRADIENT_<=_PGTOL" in proc.stdout
    assert "check: PASSED" in proc.stdout


def test_demo_script_runs_the_examples(tmp_path):
    png = tmp_path / "demo.png"
    proc = subprocess.run(["bash", str(REPO / "scripts" / "python-demo.sh"), str(png)],
                          env=subprocess_env(), capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert png.exists() and "check: PASSED" in proc.stdout
