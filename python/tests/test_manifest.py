"""Reading the plugin's manifest, and the size rules, on hand-written
manifests (no compiler): what the plugin may report beyond what the test
sources make it report today (declared pointer sizes, declarations without
definition, overloads) and malformed manifests."""

import json

import numpy as np
import pytest

import adcpp
from adcpp import _manifest
from adcpp._sizes import SizeRule


def param(name, type_, form, element, const=False, active=False, output=False,
          extent=None):
    return {"name": name, "type": type_, "form": form, "element": element,
            "const": const, "active": active, "output": output, "extent": extent}


def function(name, params, ret="double", kind="function", **extra):
    f = {"name": name, "qualified": name, "grad": name + "_grad", "kind": kind,
         "return": {"type": ret, "real": ret != "void"}, "params": params}
    f.update(extra)
    return f


def parse(*functions):
    return _manifest.parse(json.dumps({"functions": list(functions)}))


def test_a_supported_function():
    [f] = parse(function("nll", [
        param("p", "const double *", "pointer", "double", True, True),
        param("t", "const double *", "pointer", "double", True),
        param("n", "int", "scalar", "int")]))
    assert f.unsupported is None
    assert [p.name for p in f.active] == ["p"]
    assert f.cxx_signature() == "double nll(const double *p, const double *t, int n)"
    assert f.grad_signature().endswith("int n, double *d_p)")


def test_unsupported_kinds_and_forms():
    fs = parse(
        function("decl", [param("x", "double", "scalar", "double", active=True)],
                 defined=False),
        function("odd", [param("x", "Real", "scalar", "Real", active=True)]),
        function("ptrs", [param("x", "const double *const *", "pointer",
                                "const double *", True, True)]),
        function("ov", [param("x", "double", "scalar", "double", active=True)]),
        function("ov", [param("x", "float", "scalar", "float", active=True)], ret="float"),
        function("td", [param("x", "real", "scalar", "real", active=True)], ret="real"))
    reasons = {f.name + str(i): f.unsupported for i, f in enumerate(fs)}
    assert "only declared" in reasons["decl0"]
    assert "element type 'Real'" in reasons["odd1"]
    assert "element type 'const double *'" in reasons["ptrs2"]
    assert "overloaded" in reasons["ov3"] and "overloaded" in reasons["ov4"]
    assert "returns 'real'" in reasons["td5"]


@pytest.mark.parametrize("text", ["not json", "[]", '{"functions": 3}',
                                  '{"functions": [{"name": "f"}]}',
                                  '{"functions": [{"name": "f", "qualified": "f", '
                                  '"grad": "f_grad", "kind": "function", "params": {}, '
                                  '"return": {"type": "double", "real": true}}]}'])
def test_malformed_manifests(text):
    with pytest.raises(adcpp.ManifestError):
        _manifest.parse(text)


def _rule(params, infer_sizes=True):
    [f] = parse(function("f", params))
    return SizeRule(f, infer_sizes)


def test_declared_sizes_rule_a():
    rule = _rule([
        param("x", "const double *", "pointer", "double", True, True, extent="n"),
        param("y", "const double *", "pointer", "double", True, extent="n"),
        param("c", "const double *", "pointer", "double", True, extent=3),
        param("n", "int", "scalar", "int"),
        param("k", "int", "scalar", "int")])
    arrays = {"x": np.zeros(4), "y": np.zeros(4), "c": np.zeros(3)}
    values = dict(arrays, k=7)
    rule.apply("f", values, arrays)
    assert values["n"] == 4                   # inferred from x and y
    assert rule.lone is None                  # k: no free pointer to count
    values = dict(arrays, n=5, k=0)
    with pytest.raises(ValueError, match="'n' = 5"):
        rule.apply("f", values, arrays)
    short = dict(arrays, c=np.zeros(2))
    with pytest.raises(ValueError, match="'c' .* reads 3 elements, got 2"):
        rule.apply("f", dict(short, n=4, k=0), short)
    uneven = dict(arrays, y=np.zeros(5))
    with pytest.raises(TypeError, match="cannot infer .*'n'"):
        rule.apply("f", dict(uneven, k=0), uneven)


def test_rule_b_can_be_turned_off():
    params = [param("c", "const double *", "pointer", "double", True, True),
              param("points", "int", "scalar", "int")]
    arrays = {"c": np.zeros(3)}
    with pytest.raises(ValueError, match="'points' = 100"):
        _rule(params).apply("f", dict(arrays, points=100), arrays)
    rule = _rule(params, infer_sizes=False)
    rule.apply("f", dict(arrays, points=100), arrays)    # no check, no inference
    assert rule.inferable == set()
