"""adcpp: C++ functions marked [[ad::differentiate]], and their compiled
gradients, called from Python.

    import adcpp
    m = adcpp.compile('''
        #include <cmath>
        [[ad::differentiate("p")]]
        double nll(const double* p, const double* t, const double* e, int n) {...}
    ''')
    m.nll(p, T, E, len(T))                  # the value
    m.nll.grad(p, T, E, len(T))             # d nll / d p, a numpy array
    scipy.optimize.minimize(m.nll.value_and_grad, x0, args=(T, E, len(T)),
                            jac=True, bounds=[(1e-5, None)] * 2)

Bindings are generated, built with ad-clang++ (Clang 19 with the ad plugin)
into a shared library cached by content, and loaded with ctypes: nothing to
compile for Python itself and nothing to install beyond numpy.
docs/python.md is the reference.
"""

__version__ = "0.1.0"

from . import _build, _toolchain                      # noqa: E402
from ._module import Module                           # noqa: E402
from .errors import (CompileError, CppError, ManifestError,  # noqa: E402
                     ToolchainError, UnsupportedError)

__all__ = ["compile", "Module", "CompileError", "CppError", "ManifestError",
           "ToolchainError", "UnsupportedError", "compiler_runs", "cache_dir"]


def compile(source, flags=None, *, cache_dir=None, force=False, infer_sizes=True):
    """Compiles C++ with the ad plugin and returns its marked functions.

    source      C++ source text, or the path of a file (a str naming an
                existing file, or ending in .cpp/.cc/.cxx/.h/.hpp, or an
                os.PathLike)
    flags       extra compiler flags (a list, or one str split like a shell
                would): -I, -D, -O3, -std=c++20, ... Defaults: -std=c++17, -O2.
    cache_dir   where builds are kept (default $ADCPP_CACHE_DIR, else
                $XDG_CACHE_HOME/adcpp or ~/.cache/adcpp)
    force       rebuild even if a valid cached build exists
    infer_sizes apply the one-integer size rule (docs/python.md); False for a
                function whose lone integer parameter is not a length

    Raises CompileError (with the compiler's diagnostics) if the code does
    not compile, ToolchainError if ad-clang++ is missing.
    """
    entry, from_cache = _build.build(source, flags, cache_dir, force)
    return Module(entry, from_cache, infer_sizes)


def compiler_runs():
    """How many times this process has run the C++ compiler (a cached
    compile() runs it zero times)."""
    return _toolchain.runs()


def cache_dir():
    """The cache directory compile() uses when given none."""
    return _build.default_cache_dir()
