"""Errors: compile errors carry the compiler's diagnostics; wrong arguments
raise TypeError/ValueError naming the parameter before C++ runs; unsupported
functions say why; nothing crashes the interpreter."""

import subprocess
import sys
import textwrap

import numpy as np
import pytest

import adcpp
from conftest import CPP, subprocess_env


# -- compile errors -------------------------------------------------------

def test_syntax_error_raises_compile_error_with_diagnostics():
    src = "[[ad::differentiate]] double f(double x) { return x +; }\n"
    with pytest.raises(adcpp.CompileError) as info:
        adcpp.compile(src)
    e = info.value
    assert "error: expected expression" in str(e)
    assert "expected expression" in e.diagnostics
    assert e.returncode != 0 and e.command[0].endswith("ad-clang++")
    assert ":1:" in e.diagnostics                  # line numbers of the source


def test_plugin_diagnostic_raises_compile_error():
    src = '[[ad::differentiate("q")]] double f(double x) { return x; }\n'
    with pytest.raises(adcpp.CompileError, match="'q' is not a parameter of 'f'"):
        adcpp.compile(src)


def test_compile_error_names_the_users_file(tmp_path):
    path = tmp_path / "broken.cpp"
    path.write_text("[[ad::differentiate]] double f(double x) { return y; }\n")
    with pytest.raises(adcpp.CompileError) as info:
        adcpp.compile(str(path))
    assert f"{path}:1:" in info.value.diagnostics


def test_missing_file():
    with pytest.raises(FileNotFoundError):
        adcpp.compile("no/such/file.cpp")


def test_not_source():
    with pytest.raises(TypeError, match="source text or a path"):
        adcpp.compile(42)


def test_missing_compiler(monkeypatch):
    monkeypatch.setenv("ADCPP_CXX", "/nonexistent/ad-clang++")
    with pytest.raises(adcpp.ToolchainError, match="ADCPP_CXX"):
        adcpp.compile("[[ad::differentiate]] double f(double x) { return x; }\n")


def test_no_marked_function():
    m = adcpp.compile("double f(double x) { return x; }\n")
    assert m.functions == {}
    with pytest.raises(AttributeError, match="it has: none"):
        m.f


# -- wrong arguments ------------------------------------------------------

def test_wrong_types(signatures):
    m = signatures
    with pytest.raises(TypeError, match=r"rosen\(\): parameter 'x' .* takes an array"):
        m.rosen("abc", 3)
    with pytest.raises(TypeError, match="parameter 'x'"):
        m.rosen(1.5, 3)
    with pytest.raises(TypeError, match="parameter 'x'"):
        m.rosen([[1.0], [2.0, 3.0]], 3)            # ragged
    with pytest.raises(TypeError, match="parameter 'x'"):
        m.rosen(np.array([1 + 1j, 2]), 2)          # complex to double
    with pytest.raises(TypeError, match="parameter 'n' .* takes an integer"):
        m.rosen([1.0, 2.0], 2.0)
    with pytest.raises(TypeError, match="parameter 'x' .* takes a real number"):
        m.sq("3")
    with pytest.raises(TypeError, match="parameter 'x'"):
        m.sq(None)
    with pytest.raises(TypeError, match="parameter 'negate' .* takes a bool"):
        m.wsum([1, 2], [1, 2], 2, "yes")
    with pytest.raises(TypeError, match="does not convert float64 to float32|takes an array"):
        m.sumsq_f(np.array(["a"]))


def test_outputs_need_a_numpy_array_of_the_exact_dtype(signatures):
    m = signatures
    x = np.array([0.1, 0.2])
    with pytest.raises(TypeError, match="parameter 'y' .* is written by sines"):
        m.sines(x, [0.0, 0.0])
    with pytest.raises(TypeError, match="parameter 'y'"):
        m.sines(x, np.zeros(2, dtype=np.float32))
    with pytest.raises(TypeError, match="parameter 'r'"):
        m.triple(1.0, 0.0)


def test_wrong_sizes(signatures):
    m = signatures
    with pytest.raises(ValueError, match=r"'n' = 5, .* read past the end of 'x'"):
        m.rosen([1.0, 2.0], 5)
    with pytest.raises(ValueError, match="'a' .* takes exactly 3 elements, got 2"):
        m.prod3([1.0, 2.0])
    with pytest.raises(ValueError, match="'a' .* takes exactly 2 elements"):
        m.ratio([1.0, 2.0, 3.0])
    with pytest.raises(TypeError, match="cannot infer .*'n'.*'a' has 2, 'b' has 3"):
        m.dot([1.0, 2.0], [1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="'n' = 3"):
        m.dot([1.0, 2.0], [1.0, 2.0, 3.0], 3)
    with pytest.raises(ValueError, match="takes one number, got an array of 3"):
        m.sq(np.ones(3))
    with pytest.raises(ValueError, match="out of the range"):
        m.rosen([1.0], 2**40)
    with pytest.raises(ValueError, match="'n' .* -1 is out of the range"):
        m.wsum([1.0], [1.0], -1, False)
    with pytest.raises(ValueError, match="seed of 'y' has 3 elements"):
        m.sines.vjp({"y": [1, 2, 3]}, [0.1, 0.2], np.zeros(2))


def test_missing_and_extra_arguments(signatures):
    m = signatures
    with pytest.raises(TypeError, match="missing argument 'y'"):
        m.two(1.0)
    with pytest.raises(TypeError, match="missing argument 'negate'"):
        m.wsum([1.0], [1.0])
    with pytest.raises(TypeError, match="takes 2 arguments"):
        m.two(1.0, 2.0, 3.0)
    with pytest.raises(TypeError, match="has no parameter 'z'"):
        m.two(1.0, z=2.0)
    with pytest.raises(TypeError, match="two values for parameter 'x'"):
        m.two(1.0, x=2.0)
    with pytest.raises(TypeError, match="'q' is not an active parameter"):
        m.sines.vjp({"q": 1.0}, [0.1], np.zeros(1))
    with pytest.raises(TypeError, match="seeds must be a dict"):
        m.sines.vjp([0.1], np.zeros(1))


def test_unsupported_forms(signatures):
    m = signatures
    with pytest.raises(adcpp.UnsupportedError, match="function template"):
        m.tmul([1.0, 2.0])
    with pytest.raises(adcpp.UnsupportedError, match="member function"):
        m["Model::loss"].grad(1.0)
    with pytest.raises(TypeError, match="parameter 'p' has type 'const Pair &'"):
        m.pair_product.value_and_grad(1.0)
    assert "Not callable from Python" in m.pair_product.__doc__


def test_cpp_exceptions_become_python_exceptions(signatures):
    with pytest.raises(adcpp.CppError, match="x must be positive"):
        signatures.checked_log(-1.0)
    with pytest.raises(adcpp.CppError, match="x must be positive"):
        signatures.checked_log.grad(0.0)
    with pytest.raises(ValueError, match="resized the std::vector parameter 'out'"):
        signatures.grows(1.0, [2.0])
    assert signatures.checked_log(1.0) == 0.0     # and the module still works


def test_the_interpreter_survives_every_bad_call():
    """All the bad calls above in a fresh interpreter, which must then exit
    normally: no abort from a C++ exception, no crash from a bad pointer."""
    script = textwrap.dedent(f"""
        import numpy as np, adcpp
        m = adcpp.compile({str(CPP / "signatures.cpp")!r})
        bad = [
            lambda: m.rosen("abc", 3), lambda: m.rosen([1.0, 2.0], 10**6),
            lambda: m.rosen([1.0], 2**40), lambda: m.prod3([1.0]),
            lambda: m.sines([0.1], [0.0]), lambda: m.checked_log(-1.0),
            lambda: m.checked_log.grad(-1.0), lambda: m.grows(1.0, [1.0]),
            lambda: m.tmul([1.0, 2.0]), lambda: m.sq(None), lambda: m.dot([1], [1, 2]),
            lambda: m.cubes(np.zeros((0,))), lambda: m.rosen(np.zeros(0)),
        ]
        raised = 0
        for call in bad:
            try:
                call()
            except Exception:
                raised += 1
        print("survived", raised)
    """)
    proc = subprocess.run([sys.executable, "-c", script], env=subprocess_env(),
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "survived 11" in proc.stdout, proc.stdout   # the last 2 are valid calls
