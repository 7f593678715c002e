"""The object adcpp.compile returns: one attribute per marked function."""

import ctypes

from . import _manifest, _shim
from ._function import Function, Unsupported
from .errors import ToolchainError


class Module:
    """The marked functions of one compiled C++ source.

    m.NAME        the function NAME (unqualified), when no other marked
                  function of the source has that name
    m["a::f"]     any function by its qualified (or unique unqualified) name
    m.functions   {qualified name: function}, in the source's order
    m.library     the ctypes.CDLL of the compiled library (its own extern "C"
                  functions are reachable there too)
    m.path        the library's path; m.source the compiled source file;
                  m.from_cache whether it was built by an earlier compile()
    """

    def __init__(self, entry, from_cache, infer_sizes=True):
        self.path = entry.library
        self.source = entry.source
        self.shim = entry.shim
        self.from_cache = from_cache
        self.library = ctypes.CDLL(entry.library, mode=ctypes.RTLD_LOCAL)
        abi = self.library.adcpp_abi
        abi.restype = ctypes.c_int
        if abi() != _shim.ABI:
            raise ToolchainError(f"{entry.library} was built for another adcpp "
                                 f"(shim ABI {abi()}, expected {_shim.ABI}); "
                                 f"compile with force=True")
        self.library.adcpp_error.restype = ctypes.c_char_p
        self.library.adcpp_error.argtypes = []
        with open(entry.manifest, encoding="utf-8") as fh:
            specs = _manifest.parse(fh.read(), origin=entry.manifest)
        self.functions = {}
        names = {}
        for spec in specs:
            if spec.unsupported:
                fn = Unsupported(spec)
            else:
                fn = Function(spec, self.library, infer_sizes)
            self.functions.setdefault(spec.qualified, fn)
            names.setdefault(spec.name, []).append(fn)
        self._unqualified = {n: fns[0] for n, fns in names.items() if len(fns) == 1}
        # Set last, so a function's name wins over the attributes above.
        for name, fn in self._unqualified.items():
            if name.isidentifier():
                setattr(self, name, fn)

    def __getitem__(self, name):
        if name in self.functions:
            return self.functions[name]
        if name in self._unqualified:
            return self._unqualified[name]
        raise KeyError(f"no marked function '{name}' in {self.source} (it has: "
                       f"{', '.join(self.functions) or 'none'})")

    def __getattr__(self, name):
        # Only called when normal lookup fails: say what exists.
        if name.startswith("__"):
            raise AttributeError(name)
        funcs = self.__dict__.get("functions", {})
        hint = ""
        same = [q for q in funcs if q.rsplit("::", 1)[-1] == name]
        if len(same) > 1:
            hint = f"; several have that name, use m[{same[0]!r}]"
        raise AttributeError(f"no marked function '{name}' in "
                             f"{self.__dict__.get('source')} (it has: "
                             f"{', '.join(funcs) or 'none'}){hint}")

    def __iter__(self):
        return iter(self.functions.values())

    def __dir__(self):
        return sorted(set(super().__dir__()) | set(self._unqualified))

    def __repr__(self):
        parts = []
        for q, fn in self.functions.items():
            parts.append(q if isinstance(fn, Function) else f"{q} (not callable)")
        return (f"<adcpp module {self.source}: {', '.join(parts) or 'no marked functions'}"
                f"{' (cached)' if self.from_cache else ''}>")
