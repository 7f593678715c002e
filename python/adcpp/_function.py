"""A marked C++ function as a Python callable, with grad and value_and_grad.

    m.nll(p, t, e, n)                  f's value (None for a void function)
    m.nll.grad(p, t, e, n)             gradient w.r.t. the active parameters
    m.nll.value_and_grad(p, t, e, n)   (value, gradient) from one f_grad call
    m.step.vjp({"y": w}, x, y, n)      vector-Jacobian product (shadows)

The gradient is one numpy array for one active parameter (a float for a
scalar one), a tuple in parameter order for several: the shapes autograd's
grad gives, which scipy.optimize.minimize's jac expects.
"""

import ctypes
import inspect

import numpy as np

from . import _convert, _shim
from ._sizes import SizeRule
from .errors import CppError, UnsupportedError


class _Method:
    """m.f.grad and friends: a callable with its own name and docstring."""

    def __init__(self, owner, name, impl, doc):
        self._impl = impl
        self.__name__ = name
        self.__qualname__ = f"{owner.__name__}.{name}"
        self.__doc__ = doc
        self._owner = owner

    def __call__(self, /, *args, **kwargs):   # `/`: a C++ parameter may be named self
        return self._impl(*args, **kwargs)

    def __repr__(self):
        return f"<adcpp {self.__name__} of {self._owner.spec.qualified}>"


class Function:
    """A marked C++ function callable from Python. See docs/python.md."""

    def __init__(self, spec, library, infer_sizes=True):
        self.spec = spec
        self.__name__ = spec.name
        self.__qualname__ = spec.name
        self._sizes = SizeRule(spec, infer_sizes)
        self._names = [p.name for p in spec.params]
        self._by_name = {p.name: p for p in spec.params}
        self._call_fn = self._entry(library, _shim.call_symbol(spec), False)
        self._grad_fn = self._entry(library, _shim.grad_symbol(spec), True)
        self._error = library.adcpp_error
        self.__doc__ = self._doc()
        self.__signature__ = self._signature()
        self.grad = _Method(self, "grad", self._grad, self._doc_grad())
        self.value_and_grad = _Method(self, "value_and_grad", self._value_and_grad,
                                      self._doc_value_and_grad())
        self.vjp = _Method(self, "vjp", self._vjp, self._doc_vjp())

    # -- the entry points -------------------------------------------------

    def _entry(self, library, symbol, shadows):
        fn = getattr(library, symbol)
        types = []
        for p in self.spec.params:
            if p.form == "scalar" and not (p.element.is_real and
                                           p.element.cxx == "long double"):
                types.append(p.element.ctype)
            elif p.form == "vector":
                types += [ctypes.c_void_p, ctypes.c_size_t]
            else:
                types.append(ctypes.c_void_p)
        if shadows:
            types += [ctypes.c_void_p] * len(self.spec.active)
        if self.spec.has_real_return:
            types.append(ctypes.c_void_p)
        fn.argtypes = types
        fn.restype = ctypes.c_int
        return fn

    # -- arguments --------------------------------------------------------

    def _bind(self, args, kwargs):
        """{name: converted value}, arrays by name, shapes of scalars given
        as one-element arrays, and the temporaries to keep alive."""
        fname = self.spec.name
        if len(args) > len(self._names):
            raise TypeError(f"{fname}() takes {len(self._names)} arguments "
                            f"({', '.join(self._names)}), got {len(args)}")
        given = dict(zip(self._names, args))
        for key, value in kwargs.items():
            if key not in self._by_name:
                raise TypeError(f"{fname}() has no parameter '{key}' (its "
                                f"parameters: {', '.join(self._names)})")
            if key in given:
                raise TypeError(f"{fname}() got two values for parameter '{key}'")
            given[key] = value
        values, arrays, shapes = {}, {}, {}
        for p in self.spec.params:
            if p.name not in given:
                if p.name in self._sizes.inferable:
                    continue
                raise TypeError(f"{fname}() missing argument '{p.name}' "
                                f"({p.type}) of {self.spec.cxx_signature()}")
            value = given[p.name]
            if p.is_container:
                arrays[p.name] = values[p.name] = _convert.array(fname, p, value)
            elif p.form == "reference":
                values[p.name], shapes[p.name] = _convert.reference(fname, p, value)
            else:
                values[p.name], shapes[p.name] = _convert.scalar(fname, p, value)
        before = set(values)
        self._sizes.apply(fname, values, arrays)
        for name in set(values) - before:   # inferred sizes: check their range
            values[name] = _convert.int_scalar(fname, self._by_name[name], values[name])
        return values, shapes

    def _c_args(self, values):
        out, keep = [], []
        for p in self.spec.params:
            v = values[p.name]
            if p.form == "scalar":
                if isinstance(v, np.longdouble):
                    v = np.array([v], dtype=np.longdouble)
                    keep.append(v)
                    out.append(v.ctypes.data)
                else:
                    out.append(v)
            elif p.form == "vector":
                out += [v.ctypes.data, v.size]
            else:
                out.append(v.ctypes.data)
        return out, keep

    def _invoke(self, fn, c_args, keep):
        """Calls an entry point; `keep` holds the temporaries the pointers
        in c_args point into, alive until the call has returned."""
        result = None
        if self.spec.has_real_return:
            result = np.empty(1, dtype=self.spec.return_element.dtype)
            c_args = c_args + [result.ctypes.data]
        status = fn(*c_args)
        del keep
        if status == 1:
            raise CppError(f"{self.spec.qualified} threw: "
                           f"{self._error().decode('utf-8', 'replace')}")
        if status != 0:
            raise ValueError(f"{self.spec.name}(): "
                             f"{self._error().decode('utf-8', 'replace')}")
        if result is None:
            return None
        if result.dtype == np.longdouble:
            return result[0]
        return float(result[0])

    # -- the calls --------------------------------------------------------

    def __call__(self, /, *args, **kwargs):
        values, _ = self._bind(args, kwargs)
        c_args, keep = self._c_args(values)
        return self._invoke(self._call_fn, c_args, keep)

    def _shadows(self, values, seeds):
        shadows = []
        for p in self.spec.active:
            v = values[p.name]
            shape = v.shape if p.is_container else (1,)
            d = np.zeros(shape, dtype=p.element.dtype)
            if p.name in seeds:
                try:
                    s = np.asarray(seeds[p.name], dtype=p.element.dtype)
                except (TypeError, ValueError):
                    raise TypeError(f"{self.spec.name}.vjp(): the seed of "
                                    f"'{p.name}' is not numbers: "
                                    f"{seeds[p.name]!r:.80}") from None
                if s.size != d.size:
                    raise ValueError(f"{self.spec.name}.vjp(): the seed of "
                                     f"'{p.name}' has {s.size} elements, "
                                     f"'{p.name}' has {d.size}")
                d.reshape(-1)[:] = s.reshape(-1)
            shadows.append(d)
        return shadows

    def _run_grad(self, args, kwargs, seeds):
        values, shapes = self._bind(args, kwargs)
        shadows = self._shadows(values, seeds)
        c_args, keep = self._c_args(values)
        c_args += [d.ctypes.data for d in shadows]
        value = self._invoke(self._grad_fn, c_args, (keep, shadows))
        out = []
        for p, d in zip(self.spec.active, shadows):
            if p.is_container:
                out.append(d)
            elif shapes.get(p.name) is not None:   # given as a one-element array
                out.append(d.reshape(shapes[p.name]))
            else:
                out.append(d[0] if d.dtype == np.longdouble else float(d[0]))
        return value, out[0] if len(out) == 1 else tuple(out)

    def _need_value(self, what):
        if not self.spec.has_real_return:
            raise TypeError(
                f"{self.spec.name}.{what}(): {self.spec.qualified} returns "
                f"{self.spec.return_type}, so it has no value to differentiate; "
                f"its results are its output parameters: use "
                f"{self.spec.name}.vjp(seeds, ...) for vector-Jacobian products")

    def _grad(self, /, *args, **kwargs):
        self._need_value("grad")
        return self._run_grad(args, kwargs, {})[1]

    def _value_and_grad(self, /, *args, **kwargs):
        self._need_value("value_and_grad")
        return self._run_grad(args, kwargs, {})

    def _vjp(self, seeds, /, *args, **kwargs):
        if not isinstance(seeds, dict):
            raise TypeError(f"{self.spec.name}.vjp(seeds, ...): seeds must be a "
                            f"dict from output parameter names to arrays, got "
                            f"{type(seeds).__name__}")
        active = {p.name for p in self.spec.active}
        for key in seeds:
            if key not in active:
                raise TypeError(f"{self.spec.name}.vjp(): '{key}' is not an "
                                f"active parameter (active: "
                                f"{', '.join(sorted(active))})")
        return self._run_grad(args, kwargs, seeds)[1]

    # -- documentation ----------------------------------------------------

    def _signature(self):
        params = []
        for p in self.spec.params:
            params.append(inspect.Parameter(
                p.name, inspect.Parameter.POSITIONAL_OR_KEYWORD,
                annotation=p.type,
                default=(inspect.Parameter.empty if p.name not in self._sizes.inferable
                         else "<inferred>")))
        try:
            return inspect.Signature(params, return_annotation=self.spec.return_type)
        except ValueError:   # an inferable size before a required parameter
            return inspect.Signature(
                [q.replace(default=inspect.Parameter.empty) for q in params],
                return_annotation=self.spec.return_type)

    def _active_text(self):
        return ", ".join(p.name for p in self.spec.active) or "none"

    def _doc(self):
        s = self.spec
        lines = [f"{s.cxx_signature()}", "",
                 f"Calls the C++ function {s.qualified} (compiled by adcpp).",
                 f"Active parameters: {self._active_text()}."]
        if self._sizes.inferable:
            lines.append("May be left out (inferred from array lengths): "
                         + ", ".join(sorted(self._sizes.inferable)) + ".")
        lines.append("Also: .grad(...), .value_and_grad(...), .vjp(seeds, ...).")
        return "\n".join(lines)

    def _doc_grad(self):
        return (f"{self.spec.grad_signature()}\n\nThe gradient of "
                f"{self.spec.name} w.r.t. {self._active_text()} (one array, or "
                f"a tuple for several active parameters).")

    def _doc_value_and_grad(self):
        return (f"{self.spec.grad_signature()}\n\n(value, gradient) of "
                f"{self.spec.name} from one call of {self.spec.grad}; for "
                f"scipy.optimize.minimize(..., jac=True).")

    def _doc_vjp(self):
        return (f"{self.spec.grad_signature()}\n\nvjp(seeds, *args): calls "
                f"{self.spec.grad} with the shadows of the active parameters "
                f"seeded from the dict `seeds` (name -> array; zero if absent) "
                f"and returns the shadows on return (contract §2).")

    def __repr__(self):
        return (f"<adcpp function {self.spec.cxx_signature()}; "
                f"active: {self._active_text()}>")


class Unsupported:
    """A marked function Python cannot call: every use says why."""

    def __init__(self, spec):
        self.spec = spec
        self.__name__ = spec.name
        self.__doc__ = f"{spec.cxx_signature()}\n\nNot callable from Python: {spec.unsupported}"

    def _fail(self, *args, **kwargs):
        raise UnsupportedError(self.spec.unsupported)

    __call__ = grad = value_and_grad = vjp = _fail

    def __repr__(self):
        return f"<adcpp function {self.spec.cxx_signature()}; not callable from Python>"
