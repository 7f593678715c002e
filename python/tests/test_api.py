"""Every call of the API on python/tests/cpp/signatures.cpp: the value, grad,
value_and_grad and vjp for each way a parameter travels, keyword arguments,
the size rule, the module object and the documentation."""

import inspect

import numpy as np
import pytest
from scipy.optimize import minimize

import adcpp


def test_scalar_value_grad_value_and_grad(signatures):
    m = signatures
    assert m.sq(3.0) == 9.0
    assert m.sq(3) == 9.0                      # ints are reals too
    assert m.sq.grad(3.0) == 6.0
    assert isinstance(m.sq.grad(3.0), float)   # a scalar's gradient: a float
    assert m.sq.value_and_grad(3.0) == (9.0, 6.0)
    v, (dx, dy) = m.two.value_and_grad(2.0, 0.5)
    assert v == pytest.approx(2 * np.sin(0.5))
    assert dx == pytest.approx(np.sin(0.5)) and dy == pytest.approx(2 * np.cos(0.5))


def test_scalar_given_as_one_element_array_keeps_its_shape(signatures):
    # scipy.optimize passes a one-variable problem's x as an array (1,)
    g = signatures.sq.grad(np.array([3.0]))
    assert isinstance(g, np.ndarray) and g.shape == (1,) and g[0] == 6.0
    assert signatures.sq(np.array([3.0])) == 9.0


def test_minimize_scalar_function(signatures):
    r = minimize(signatures.checked_log, [2.0], jac=signatures.checked_log.grad,
                 bounds=[(1.0, 3.0)])
    assert r.success and r.x[0] == pytest.approx(1.0)


def test_keyword_arguments(signatures):
    m = signatures
    assert m.two(y=0.5, x=2.0) == m.two(2.0, 0.5)
    assert m.dot.grad(a=[1, 2], b=[3, 4], n=2)[0].tolist() == [3, 4]
    assert m.wsum([1, 2], [1, 1, 1], negate=True) == -4.0


def test_pointer_gradient_is_an_array_shaped_like_the_argument(signatures):
    m = signatures
    x = np.array([1.0, 2.0, 3.0])
    assert m.rosen(x, 3) == 201.0
    g = m.rosen.grad(x, 3)
    assert isinstance(g, np.ndarray) and g.tolist() == [-400.0, 1002.0, -200.0]
    v, g2 = m.rosen.value_and_grad(x, 3)
    assert v == 201.0 and np.array_equal(g, g2)
    grid = np.arange(6.0).reshape(2, 3)            # passed flat, C order
    assert m.rosen.grad(grid, 6).shape == (2, 3)


def test_several_active_parameters_give_a_tuple(signatures):
    ga, gb = signatures.dot.grad([1.0, 2.0], [3.0, 4.0], 2)
    assert ga.tolist() == [3.0, 4.0] and gb.tolist() == [1.0, 2.0]


def test_grad_adds_into_fresh_zeros_each_call(signatures):
    m = signatures
    assert m.rosen.grad([1.0, 2.0], 2).tolist() == m.rosen.grad([1.0, 2.0], 2).tolist()


def test_float_and_long_double(signatures):
    m = signatures
    x = np.array([1, 2, 3], dtype=np.float32)
    g = m.sumsq_f.grad(x)
    assert g.dtype == np.float32 and g.tolist() == [2, 4, 6]
    assert m.sumsq_f([1.0, 2.0]) == 5.0            # float64 lists convert
    third = np.longdouble(1) / 3
    v, d = m.cube_ld.value_and_grad(third)
    assert isinstance(v, np.longdouble) and isinstance(d, np.longdouble)
    assert v == third * third * third              # not rounded to double
    assert d == 3 * third * third


def test_arrays_vectors_std_arrays(signatures):
    m = signatures
    assert m.prod3([1.0, 2.0, 3.0]) == 6.0
    assert m.prod3.grad([1.0, 2.0, 3.0]).tolist() == [6.0, 3.0, 2.0]
    assert m.cubes([1.0, 2.0]) == 9.0
    assert m.cubes.grad(np.array([1.0, 2.0, 3.0])).tolist() == [3.0, 12.0, 27.0]
    assert m.cubes.grad([]).tolist() == []
    assert m.ratio((1.0, 2.0)) == 0.5
    assert m.ratio.grad([1.0, 2.0]).tolist() == [0.5, -0.25]


def test_size_inference(signatures):
    m = signatures
    x = [1.0, 2.0, 3.0]
    assert m.rosen(x) == m.rosen(x, 3)             # n = len(x)
    assert m.rosen(x, 2) == m.rosen(x[:2])         # a smaller n is allowed
    assert m.dot([1, 2], [3, 4]) == 11.0           # all pointers agree
    # w (active, 2 elements) and x (data, 3): n counts the inactive x
    assert m.wsum([1, 2], [1, 1, 1], negate=False) == 4.0
    assert "n" in str(inspect.signature(m.rosen))


def test_pointers_are_passed_without_copy(signatures):
    work = np.zeros(3)
    assert signatures.scratch([1.0, 1.0, 1.0], work) == 6.0
    assert work.tolist() == [1.0, 2.0, 3.0]       # written in place
    t = np.arange(1.0, 4.0)
    before = t.ctypes.data
    signatures.rosen(t)
    assert t.ctypes.data == before


def test_void_function_outputs_and_vjp(signatures):
    m = signatures
    x = np.array([0.1, 0.2])
    y = np.zeros(2)
    assert m.sines(x, y) is None
    assert np.allclose(y, 2 * np.sin(x))
    dx, dy = m.sines.vjp({"y": [1.0, 10.0]}, x, y)
    assert np.allclose(dx, [2 * np.cos(0.1), 20 * np.cos(0.2)])
    assert dy.tolist() == [0.0, 0.0]               # overwritten: seed consumed
    with pytest.raises(TypeError, match="returns void"):
        m.sines.grad(x, y)
    with pytest.raises(TypeError, match="returns void"):
        m.sines.value_and_grad(x, y)


def test_vector_output_is_copied_back(signatures):
    y = np.zeros(3)
    signatures.squares([1.0, 2.0, 3.0], y)
    assert y.tolist() == [1.0, 4.0, 9.0]
    dx, dy = signatures.squares.vjp({"y": [1, 1, 1]}, [1.0, 2.0, 3.0], y)
    assert dx.tolist() == [2.0, 4.0, 6.0]


def test_reference_output(signatures):
    r = np.zeros(1)
    signatures.triple(2.0, r)
    assert r[0] == 6.0
    dx, dr = signatures.triple.vjp({"r": 1.0}, 2.0, r)
    assert dx == 3.0 and dr.tolist() == [0.0]


def test_vjp_of_a_real_function_is_its_gradient(signatures):
    assert signatures.sq.vjp({}, 3.0) == 6.0


def test_names_namespaces_static_unnamed(signatures):
    m = signatures
    assert m.expo.grad(0.0) == 1.0
    assert m["ns::expo"] is m.expo
    assert m.local.grad(2.0) == 5.0                # static, calls a static helper
    assert m.hidden.grad(1.0) == 5.0               # unnamed namespace
    assert "ns::expo" in m.functions
    assert set(f.__name__ for f in m) >= {"sq", "expo", "hidden"}
    assert "sq" in dir(m)


def test_minimize_with_both_jac_styles(signatures):
    m = signatures
    x0 = np.array([-1.2, 1.0, 0.5])
    a = minimize(m.rosen, x0, jac=m.rosen.grad, method="BFGS")
    b = minimize(m.rosen.value_and_grad, x0, jac=True, method="BFGS")
    assert a.success and b.success
    assert np.allclose(a.x, 1.0, atol=1e-4) and np.allclose(a.x, b.x)


def test_repr_and_docs(signatures):
    m = signatures
    assert repr(m.rosen) == ("<adcpp function double rosen(const double *x, int n); "
                             "active: x>")
    assert "double rosen_grad(const double *x, int n, double *d_x)" in m.rosen.grad.__doc__
    assert m.rosen.__doc__.startswith("double rosen(const double *x, int n)")
    assert "value_and_grad" in repr(m.rosen.value_and_grad)
    assert "not callable" in repr(m.tmul)
    r = repr(m)
    assert r.startswith("<adcpp module ") and "rosen" in r and "tmul (not callable)" in r
    sig = inspect.signature(m.prod3)
    assert list(sig.parameters) == ["a"]
    assert m.prod3.__name__ == "prod3"


def test_module_attributes(signatures):
    m = signatures
    assert m.path.endswith(".so") and m.source.endswith("signatures.cpp")
    assert m.library.adcpp_abi() == 1
    with pytest.raises(AttributeError, match="no marked function 'nope'"):
        m.nope
    with pytest.raises(KeyError):
        m["nope"]
    assert adcpp.compile(m.source).from_cache


def test_infer_sizes_false_requires_every_integer(signatures):
    m = adcpp.compile(signatures.source, infer_sizes=False)
    assert m.from_cache                             # an option of the Python side
    with pytest.raises(TypeError, match="missing argument 'n'"):
        m.rosen([1.0, 2.0])
    assert m.rosen([1.0, 2.0, 3.0], 2) == signatures.rosen([1.0, 2.0])


def test_parameters_named_self_and_seeds(signatures):
    f = signatures.named
    assert f(self=2.0, seeds=3.0) == 6.0
    assert f.grad(self=2.0, seeds=3.0) == (3.0, 2.0)
    assert f.vjp({}, self=2.0, seeds=3.0) == (3.0, 2.0)
