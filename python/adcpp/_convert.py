"""Turning Python arguments into what the shim's entry points take.

Every check here happens before the C++ function runs, and every failure is
a TypeError or ValueError that names the function and the parameter: a
wrong argument must never reach C++, where it could crash the interpreter.

An argument that already is a C-contiguous numpy array of the element's
dtype is passed to C++ as it is, with no copy (a large array is passed in
place); any other is converted into a contiguous copy. A parameter the
function may write through (non-const pointer, array or reference) gets the
caller's array itself when it has the exact dtype, so the writes are
visible; an output (an active parameter the function can write through, per
the manifest) must be such an array, since writes into a converted copy
would be lost.
"""

import numbers
import operator

import numpy as np

from . import _types


def where(fname, p):
    return f"{fname}(): parameter '{p.name}' ({p.type})"


def _describe(value):
    if isinstance(value, np.ndarray):
        return f"a numpy array of {value.dtype} with shape {value.shape}"
    return f"{type(value).__name__} {value!r}"[:120]


def real_scalar(fname, p, value):
    """A real by value: (number, shape or None). An array of one element is
    accepted (scipy passes the variables of a one-variable problem as such);
    its shape is returned so that the gradient can be given the same shape."""
    if isinstance(value, np.ndarray):
        if value.dtype.kind not in "fiu":
            raise TypeError(f"{where(fname, p)} takes a real number, got "
                            f"{_describe(value)}")
        if value.size != 1:
            raise ValueError(
                f"{where(fname, p)} takes one number, got an array of "
                f"{value.size} elements; call the function once per element "
                f"(e.g. np.vectorize or a list comprehension)")
        number = value.reshape(())[()]
        if p.element.cxx == "long double":
            return np.longdouble(number), value.shape
        return float(number), value.shape
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{where(fname, p)} takes a real number, got "
                        f"{_describe(value)}")
    if p.element.cxx == "long double":
        return np.longdouble(value), None
    return float(value), None


def int_scalar(fname, p, value):
    """An integer by value, range-checked against its C++ type."""
    if isinstance(value, np.ndarray) and value.size == 1 and value.dtype.kind in "iu":
        value = value.reshape(())[()]
    if isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{where(fname, p)} takes an integer, got {value!r}")
    try:
        number = operator.index(value)
    except TypeError:
        raise TypeError(f"{where(fname, p)} takes an integer, got "
                        f"{_describe(value)}") from None
    lo, hi = _types.int_range(p.element)
    if not lo <= number <= hi:
        raise ValueError(f"{where(fname, p)}: {number} is out of the range "
                         f"[{lo}, {hi}] of {p.element.cxx}")
    return number


def bool_scalar(fname, p, value):
    if isinstance(value, np.ndarray) and value.size == 1:
        value = value.reshape(())[()]
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, numbers.Integral) and int(value) in (0, 1):
        return bool(value)
    raise TypeError(f"{where(fname, p)} takes a bool, got {_describe(value)}")


def scalar(fname, p, value):
    """A by-value scalar of any element kind: (value for the shim, shape)."""
    kind = p.element.kind
    if kind == "real":
        return real_scalar(fname, p, value)
    if kind == "int":
        return int_scalar(fname, p, value), None
    return bool_scalar(fname, p, value), None


def _castable(fname, p, arr):
    """TypeError unless arr's dtype converts to the element's without
    changing kind (float64 -> float32 is allowed, float -> int is not);
    ValueError if integers would not fit."""
    target = p.element.dtype
    src = arr.dtype
    if src == target:
        return
    if target.kind == "b":
        ok = src.kind == "b"
    elif target.kind == "f":
        ok = src.kind in "fiu"
    else:   # integer target
        ok = src.kind in "iub"
    if not ok:
        raise TypeError(f"{where(fname, p)} takes an array of {target}, got "
                        f"{_describe(arr)}: adcpp does not convert {src} to "
                        f"{target}")
    if target.kind in "iu" and src.kind in "iu" and arr.size and \
            not np.can_cast(src, target, "safe"):
        lo, hi = _types.int_range(p.element)
        if arr.min() < lo or arr.max() > hi:
            raise ValueError(f"{where(fname, p)}: values out of the range "
                             f"[{lo}, {hi}] of {p.element.cxx}")


def array(fname, p, value):
    """A pointer, array, std::vector or std::array argument: a C-contiguous
    numpy array of the element's dtype (the caller's own array if it is
    one already)."""
    target = p.element.dtype
    if isinstance(value, np.ndarray):
        exact = (value.dtype == target and value.flags.c_contiguous and
                 (value.flags.writeable or not p.writable))
        if exact and value.ndim > 0:
            return value
        if p.output:
            raise TypeError(
                f"{where(fname, p)} is written by {fname}: pass a writable, "
                f"C-contiguous numpy array of {target} (np.zeros(n, "
                f"dtype=np.{target.name})) to receive what it writes; got "
                f"{_describe(value)}")
        arr = value
    else:
        if p.output:
            raise TypeError(
                f"{where(fname, p)} is written by {fname}: pass a numpy array "
                f"of {target} to receive what it writes, got {_describe(value)}")
        if isinstance(value, (str, bytes)) or np.isscalar(value):
            raise TypeError(f"{where(fname, p)} takes an array (a numpy array "
                            f"or a sequence of numbers), got {_describe(value)}")
        try:
            arr = np.asarray(value)
        except (ValueError, TypeError) as e:
            raise TypeError(f"{where(fname, p)} takes an array of numbers, got "
                            f"{_describe(value)} ({e})") from None
    if arr.ndim == 0:
        raise TypeError(f"{where(fname, p)} takes an array, got "
                        f"{_describe(value)}")
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"{where(fname, p)} takes an array of numbers, got "
                        f"{_describe(arr)}")
    _castable(fname, p, arr)
    # A copy: made writable and contiguous whatever the source was (a view
    # with strides, a read-only buffer the callee might write to).
    return np.array(arr, dtype=target, order="C", copy=True)


def reference(fname, p, value):
    """A non-const T&: (one-element array passed by address, shape or None).
    The caller's own one-element array when it has the exact dtype (then it
    sees the written value); a number otherwise, whose written value is
    lost, which is an error for an output."""
    target = p.element.dtype
    if isinstance(value, np.ndarray):
        if value.size != 1:
            raise ValueError(f"{where(fname, p)} is a reference to one "
                             f"{p.element.cxx}, got {_describe(value)}")
        if value.dtype == target and value.flags.c_contiguous and \
                value.flags.writeable:
            return value, value.shape
        if p.output:
            raise TypeError(f"{where(fname, p)} is written by {fname}: pass a "
                            f"writable one-element numpy array of {target}, got "
                            f"{_describe(value)}")
        shape = value.shape
        value = value.reshape(())[()]
    else:
        if p.output:
            raise TypeError(f"{where(fname, p)} is written by {fname}: pass a "
                            f"one-element numpy array of {target} "
                            f"(np.zeros(1, dtype=np.{target.name})) to receive "
                            f"the value, got {_describe(value)}")
        shape = None
    number, _ = scalar(fname, p, value)
    return np.array([number], dtype=target), shape
