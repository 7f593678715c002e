"""The C++ element types adcpp can pass between numpy and C++.

The manifest spells an element type as C++ does ("double", "std::size_t",
...). Each spelling we accept maps to one canonical C++ type (what the shim
declares), the ctypes type of a by-value argument, and the numpy dtype of an
array of it. An element type not listed here (a typedef of the user's, a
class, a pointer) makes its parameter unsupported from Python: we would
otherwise have to guess its layout.
"""

import ctypes
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Element:
    cxx: str            # the canonical C++ spelling the shim uses
    ctype: type         # ctypes type of one value
    dtype: np.dtype     # numpy dtype of an array of them
    kind: str           # "real", "int" or "bool"

    @property
    def is_real(self):
        return self.kind == "real"

    @property
    def is_int(self):
        return self.kind == "int"


def _element(cxx, ctype, kind):
    return Element(cxx, ctype, np.dtype(ctype), kind)


_REAL = {
    "float": _element("float", ctypes.c_float, "real"),
    "double": _element("double", ctypes.c_double, "real"),
    # x86-64's 80-bit extended type: numpy's longdouble and ctypes'
    # c_longdouble are the same as the C++ compiler's long double.
    "long double": _element("long double", ctypes.c_longdouble, "real"),
}

_INT_CANONICAL = [
    # (spellings, canonical C++, ctypes type)
    (("int", "signed", "signed int"), "int", ctypes.c_int),
    (("unsigned", "unsigned int"), "unsigned int", ctypes.c_uint),
    (("short", "short int", "signed short"), "short", ctypes.c_short),
    (("unsigned short", "unsigned short int"), "unsigned short", ctypes.c_ushort),
    (("long", "long int", "signed long"), "long", ctypes.c_long),
    (("unsigned long", "unsigned long int"), "unsigned long", ctypes.c_ulong),
    (("long long", "long long int", "signed long long"), "long long", ctypes.c_longlong),
    (("unsigned long long", "unsigned long long int"), "unsigned long long",
     ctypes.c_ulonglong),
    (("std::size_t", "size_t"), "std::size_t", ctypes.c_size_t),
    (("std::ptrdiff_t", "ptrdiff_t"), "std::ptrdiff_t", ctypes.c_ssize_t),
    (("std::int8_t", "int8_t"), "std::int8_t", ctypes.c_int8),
    (("std::uint8_t", "uint8_t"), "std::uint8_t", ctypes.c_uint8),
    (("std::int16_t", "int16_t"), "std::int16_t", ctypes.c_int16),
    (("std::uint16_t", "uint16_t"), "std::uint16_t", ctypes.c_uint16),
    (("std::int32_t", "int32_t"), "std::int32_t", ctypes.c_int32),
    (("std::uint32_t", "uint32_t"), "std::uint32_t", ctypes.c_uint32),
    (("std::int64_t", "int64_t"), "std::int64_t", ctypes.c_int64),
    (("std::uint64_t", "uint64_t"), "std::uint64_t", ctypes.c_uint64),
]

ELEMENTS = dict(_REAL)
for _spellings, _cxx, _ctype in _INT_CANONICAL:
    for _s in _spellings:
        ELEMENTS[_s] = _element(_cxx, _ctype, "int")
ELEMENTS["bool"] = _element("bool", ctypes.c_bool, "bool")


def element(spelling):
    """The Element for a C++ spelling, or None if adcpp cannot pass it.

    Spellings are compared with their whitespace normalized and a leading
    `const`/`volatile` or a leading `::` removed, since the manifest may
    print `const double` for the element of `const double *`.
    """
    if not isinstance(spelling, str):
        return None
    words = spelling.replace("::std::", "std::").split()
    while words and words[0] in ("const", "volatile"):
        words = words[1:]
    return ELEMENTS.get(" ".join(words))


def int_range(elem):
    """(min, max) of an integer element, for range checks before a call."""
    info = np.iinfo(elem.dtype)
    return int(info.min), int(info.max)
