"""Finding and running ad-clang++ (Clang 19 with the ad plugin).

Where the compiler is, in this order:
  1. $ADCPP_CXX: a compiler command that loads the plugin (ad-clang++, or
     any clang++-19 wrapper passing -fplugin=.../ad.so);
  2. the repository's build: <repo>/$AD_BUILD_DIR/bin/ad-clang++ when
     AD_BUILD_DIR is set (as scripts/build.sh uses it), else
     <repo>/build/bin/ad-clang++, <repo> being two levels above this package.

Every run of the compiler is counted (`runs()`), so that the tests can see
that a cached build runs none, and is echoed to stderr when ADCPP_VERBOSE is
set.
"""

import os
import re
import shlex
import subprocess
import sys
import threading

from .errors import CompileError, ToolchainError

_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))
REPO_DIR = os.path.dirname(os.path.dirname(_PACKAGE_DIR))

_lock = threading.Lock()
_runs = 0


def runs():
    """How many times this process has run the C++ compiler."""
    return _runs


def compiler():
    """The path of the compiler to run; ToolchainError if there is none."""
    explicit = os.environ.get("ADCPP_CXX")
    if explicit:
        path = explicit if os.sep in explicit else _which(explicit)
        if not path or not os.access(path, os.X_OK):
            raise ToolchainError(f"ADCPP_CXX={explicit!r} is not an executable")
        return path
    build = os.environ.get("AD_BUILD_DIR") or "build"
    path = os.path.join(REPO_DIR, build, "bin", "ad-clang++")
    if not os.access(path, os.X_OK):
        raise ToolchainError(
            f"adcpp cannot find the ad compiler at {path}. Build the repository "
            f"first (bash scripts/demo.sh from {REPO_DIR}), or set ADCPP_CXX to "
            f"ad-clang++ (a clang++ 19 that loads the ad plugin)")
    return path


def _which(name):
    for d in os.environ.get("PATH", "").split(os.pathsep):
        p = os.path.join(d, name)
        if os.access(p, os.X_OK):
            return p
    return None


def _stat(path):
    try:
        st = os.stat(path)
        return [path, st.st_mtime_ns, st.st_size]
    except OSError:
        return [path, None, None]


def identity(cxx):
    """What a cached build depends on besides the source: the compiler file
    and the plugins it loads (a rebuilt plugin is a new .so, hence a new
    cache key). ad-clang++ is a small shell script naming the plugin with
    -fplugin=; we read the plugin paths from it, and also take a sibling
    ../lib/ad.so as the repository's build lays it out."""
    parts = [_stat(cxx)]
    plugins = set()
    try:
        if os.path.getsize(cxx) < 64 * 1024:
            with open(cxx, "rb") as fh:
                text = fh.read().decode("utf-8", "replace")
            plugins.update(m.group(2) for m in
                           re.finditer(r'-fplugin=("?)([^"\s]+)\1', text))
    except OSError:
        pass
    sibling = os.path.join(os.path.dirname(os.path.dirname(cxx)), "lib", "ad.so")
    if os.path.exists(sibling):
        plugins.add(sibling)
    parts += [_stat(p) for p in sorted(plugins)]
    return parts


def run(args, what):
    """Runs the compiler with args; CompileError with its stderr on failure.
    `what` says what was being compiled, for the message."""
    global _runs
    cxx = compiler()
    command = [cxx] + list(args)
    if os.environ.get("ADCPP_VERBOSE"):
        print("adcpp: " + " ".join(shlex.quote(c) for c in command), file=sys.stderr)
    with _lock:
        _runs += 1
    try:
        proc = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              stdin=subprocess.DEVNULL)
    except OSError as e:
        raise ToolchainError(f"cannot run {cxx}: {e}", command=command) from None
    stderr = proc.stderr.decode("utf-8", "replace")
    if proc.returncode != 0:
        raise CompileError(
            f"compiling {what} failed (exit status {proc.returncode}):\n{stderr}",
            diagnostics=stderr, command=command, returncode=proc.returncode)
    return stderr
