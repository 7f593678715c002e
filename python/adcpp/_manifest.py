"""Reading the plugin's manifest: the marked functions and their parameters.

`-fplugin-arg-ad-manifest=FILE` writes, for each marked function of the
translation unit, its name, its gradient's name, its kind, its return type
and, per parameter, how it is passed ("form"), its element type, whether it
is const, active and an output, and its extent. This module turns that JSON
into FunctionSpec/ParamSpec objects and decides, per function, whether
Python can call it; an unsupported function keeps the reason, which the
user sees when calling it (not at compile time: a file may hold marked
templates next to the functions one wants from Python).
"""

import json
from dataclasses import dataclass, field
from typing import List, Optional, Union

from . import _types
from .errors import ManifestError

FORMS = ("scalar", "reference", "pointer", "array", "vector", "std_array", "other")


@dataclass
class ParamSpec:
    name: str
    type: str                       # the C++ type as the manifest spells it
    form: str
    element_spelling: str
    element: Optional[_types.Element]
    const: bool
    active: bool
    output: bool
    extent: Union[int, str, None]   # N, the name of a size parameter, or None
    unsupported: Optional[str] = None

    @property
    def is_container(self):
        """Passed as an array from Python (pointer, array, vector, std::array)."""
        return self.form in ("pointer", "array", "vector", "std_array")

    @property
    def by_reference(self):
        """A vector/std::array the callee receives by non-const reference,
        whose changes adcpp copies back into the caller's array."""
        t = self.type.replace(" ", "")
        return not self.const and t.endswith("&") and not t.endswith("&&")

    @property
    def writable(self):
        """The callee may write through it (so the caller's array must be a
        real numpy array of the exact dtype to see the writes)."""
        if self.form == "reference":
            return True
        if self.form in ("pointer", "array"):
            return not self.const
        if self.form in ("vector", "std_array"):
            return self.by_reference
        return False

    @property
    def cxx_type(self):
        """A readable C++ spelling for messages."""
        return self.type


@dataclass
class FunctionSpec:
    index: int                      # position in the manifest: the shim's symbol suffix
    name: str
    qualified: str
    grad: str
    kind: str
    return_type: str
    return_element: Optional[_types.Element]    # None for void
    params: List[ParamSpec] = field(default_factory=list)
    unsupported: Optional[str] = None

    @property
    def active(self):
        return [p for p in self.params if p.active]

    @property
    def has_real_return(self):
        return self.return_element is not None

    def cxx_signature(self):
        ps = ", ".join(_join(p.type, p.name) for p in self.params)
        return f"{self.return_type} {self.qualified}({ps})"

    def grad_signature(self):
        ps = [_join(p.type, p.name) for p in self.params]
        for p in self.active:
            real = p.element.cxx if p.element else p.element_spelling
            ps.append(f"{real} *d_{p.name}")
        return f"{self.return_type} {self.grad}({', '.join(ps)})"


def _join(type_, name):
    """`const double *` + `p` -> `const double *p`; `int` + `n` -> `int n`;
    an array type `double[3]` + `x` -> `double x[3]`."""
    if "[" in type_ and not type_.startswith("std::"):
        base, _, rest = type_.partition("[")
        return f"{base.rstrip()} {name}[{rest}"
    if type_.endswith(("*", "&")):
        return f"{type_}{name}"
    return f"{type_} {name}"


def _require(obj, key, kind, where):
    if key not in obj:
        raise ManifestError(f"manifest: {where} has no '{key}'")
    value = obj[key]
    if kind is not None and not isinstance(value, kind):
        raise ManifestError(f"manifest: {where}: '{key}' is {value!r}, "
                            f"expected {getattr(kind, '__name__', kind)}")
    return value


def _param(obj, fname, i):
    where = f"parameter {i} of '{fname}'"
    if not isinstance(obj, dict):
        raise ManifestError(f"manifest: {where} is not an object")
    name = _require(obj, "name", str, where)
    form = _require(obj, "form", str, where)
    if form not in FORMS:
        raise ManifestError(f"manifest: {where}: unknown form {form!r}")
    elem_spelling = _require(obj, "element", str, where)
    extent = obj.get("extent")
    if extent is not None and not isinstance(extent, (int, str)):
        raise ManifestError(f"manifest: {where}: extent {extent!r}")
    p = ParamSpec(
        name=name or f"arg{i}",
        type=_require(obj, "type", str, where),
        form=form,
        element_spelling=elem_spelling,
        element=_types.element(elem_spelling),
        const=bool(_require(obj, "const", None, where)),
        active=bool(_require(obj, "active", None, where)),
        output=bool(_require(obj, "output", None, where)),
        extent=extent,
    )
    p.unsupported = _why_unsupported(p)
    return p


def _why_unsupported(p):
    """None if Python can pass the parameter, else a sentence saying why not."""
    if p.form == "other":
        return (f"parameter '{p.name}' has type '{p.type}', a class or other "
                f"type that adcpp cannot build from Python (it passes numbers, "
                f"and numpy arrays as pointers, arrays, std::vector and "
                f"std::array)")
    if p.element is None:
        return (f"parameter '{p.name}' ({p.type}) has element type "
                f"'{p.element_spelling}', which adcpp does not map to a numpy "
                f"dtype (it knows float, double, long double, bool and the "
                f"standard integer types)")
    if p.active and not p.element.is_real:
        return (f"parameter '{p.name}' is active but its element type "
                f"'{p.element_spelling}' is not real (manifest inconsistent)")
    if p.form in ("array", "std_array") and not isinstance(p.extent, int):
        return f"parameter '{p.name}' ({p.type}) has no known extent"
    return None


def _function(obj, index):
    if not isinstance(obj, dict):
        raise ManifestError(f"manifest: function {index} is not an object")
    where = f"function {index}"
    name = _require(obj, "name", str, where)
    where = f"function '{name}'"
    ret = _require(obj, "return", dict, where)
    rtype = _require(ret, "type", str, where + " return")
    real = bool(_require(ret, "real", None, where + " return"))
    params = _require(obj, "params", list, where)
    f = FunctionSpec(
        index=index,
        name=name,
        qualified=_require(obj, "qualified", str, where),
        grad=_require(obj, "grad", str, where),
        kind=_require(obj, "kind", str, where),
        return_type=rtype,
        return_element=_types.element(rtype) if real else None,
        params=[_param(p, name, i) for i, p in enumerate(params)],
    )
    if f.kind == "template":
        f.unsupported = (f"'{f.qualified}' is a function template; adcpp calls "
                         f"non-template functions only. Mark a non-template "
                         f"function that calls it for the types you need")
    elif f.kind == "member":
        f.unsupported = (f"'{f.qualified}' is a member function; adcpp calls "
                         f"free functions only. Mark a free function that "
                         f"builds the object and calls it")
    elif f.kind != "function":
        f.unsupported = f"'{f.qualified}' is of kind '{f.kind}', unknown to adcpp"
    elif obj.get("defined") is False:
        f.unsupported = (f"'{f.qualified}' is only declared in this source (its "
                         f"definition, and its gradient's, are in another "
                         f"translation unit); compile the file that defines it")
    elif real and (f.return_element is None or not f.return_element.is_real):
        # A real spelled through a typedef (`using real = double`): the
        # manifest gives the type as written, which adcpp cannot map.
        f.unsupported = (f"'{f.qualified}' returns '{rtype}', which adcpp does "
                         f"not know as float, double or long double (a typedef?)")
    elif not real and rtype.strip() != "void":
        f.unsupported = f"'{name}' returns '{rtype}', which is neither real nor void"
    else:
        for p in f.params:
            if p.unsupported:
                f.unsupported = (f"'{f.qualified}' cannot be called from Python: "
                                 + p.unsupported)
                break
    return f


def parse(text, origin="manifest"):
    """FunctionSpecs from the manifest's JSON text.

    Overloads (two marked functions of one qualified name) are kept but made
    unsupported: adcpp does not pick an overload from the arguments' types.
    Namesakes in different namespaces are fine (the module reaches them by
    qualified name).
    """
    try:
        data = json.loads(text)
    except ValueError as e:
        raise ManifestError(f"{origin} is not JSON: {e}") from None
    if not isinstance(data, dict):
        raise ManifestError(f"{origin}: expected an object with 'functions'")
    functions = _require(data, "functions", list, origin)
    specs = [_function(f, i) for i, f in enumerate(functions)]
    by_qualified = {}
    for f in specs:
        by_qualified.setdefault(f.qualified, []).append(f)
    for qualified, same in by_qualified.items():
        if len(same) > 1:
            for f in same:
                f.unsupported = (f"'{qualified}' is overloaded ({len(same)} marked "
                                 f"functions of that name); adcpp does not choose "
                                 f"an overload from the arguments. Give them "
                                 f"different names")
    return specs
