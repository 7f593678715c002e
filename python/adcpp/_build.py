"""Building a source into a loadable library, cached by content.

A build is two compiler runs:
  1. ad-clang++ -fsyntax-only -fplugin-arg-ad-manifest=manifest.json on the
     user's source: the plugin checks the marked functions and lists them
     (the user's errors are reported here, against the user's file);
  2. ad-clang++ -O2 -shared -fPIC on the shim (_shim.py), which #includes
     the source and defines C entry points for the functions listed.

The cache entry's key hashes what decides the result: the source text (and
its path, since quoted #includes are relative to it), the flags, adcpp's
version and shim ABI, and the compiler and plugin files (path, size,
modification time). Headers the source includes are not in the key; run 1
writes their list (-MMD), and a cached entry is used only while every one
of them has the size and modification time it had when it was built.
"""

import hashlib
import json
import os
import shlex
import shutil
import tempfile
import time

from . import __version__, _manifest, _shim, _toolchain
from .errors import CompileError, ToolchainError

_CPP_SUFFIXES = (".cpp", ".cc", ".cxx", ".c++", ".C", ".hpp", ".hh", ".hxx", ".h")


def default_cache_dir():
    explicit = os.environ.get("ADCPP_CACHE_DIR")
    if explicit:
        return explicit
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"),
                                                            ".cache")
    return os.path.join(base, "adcpp")


def read_source(source):
    """(text, absolute path or None) for a source text or a path.

    A str is a path when it has no newline and names an existing file, or
    ends like a C++ file name (then a missing file is an error rather than
    being compiled as one line of C++)."""
    if isinstance(source, os.PathLike):
        source = os.fspath(source)
    elif not isinstance(source, str):
        raise TypeError(f"adcpp.compile() takes C++ source text or a path, got "
                        f"{type(source).__name__}")
    if "\n" not in source and (os.path.isfile(source) or
                               source.strip().endswith(_CPP_SUFFIXES)):
        path = os.path.abspath(source)
        with open(path, encoding="utf-8") as fh:   # FileNotFoundError if missing
            return fh.read(), path
    return source, None


def normalize_flags(flags):
    """The user's flags as a list, with -std=c++17 and -O2 unless given."""
    if flags is None:
        flags = []
    elif isinstance(flags, str):
        flags = shlex.split(flags)
    else:
        flags = [str(f) for f in flags]
    flags = _absolute_includes(flags)
    if not any(f.startswith("-std=") for f in flags):
        flags = ["-std=c++17"] + flags
    if not any(f.startswith("-O") for f in flags):
        flags = flags + ["-O2"]
    return flags


_PATH_FLAGS = ("-I", "-isystem", "-iquote", "-idirafter", "-include")


def _absolute_includes(flags):
    """Relative include directories made absolute, so that a build does not
    depend on the working directory (which is not part of the cache key)."""
    out, expect_path = [], False
    for f in flags:
        if expect_path:
            out.append(os.path.abspath(f))
            expect_path = False
            continue
        if f in _PATH_FLAGS:
            expect_path = True
            out.append(f)
            continue
        if f.startswith("-I") and len(f) > 2:
            f = "-I" + os.path.abspath(f[2:])
        out.append(f)
    return out


def _atomic_write(path, text):
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".tmp-")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.replace(tmp, path)


def _read_depfile(path):
    """The prerequisites of a make depfile (escaped spaces honoured)."""
    with open(path, encoding="utf-8") as fh:
        text = fh.read().replace("\\\n", " ")
    words, current, i = [], "", 0
    while i < len(text):
        c = text[i]
        if c == "\\" and i + 1 < len(text) and text[i + 1] in " #":
            current += text[i + 1]
            i += 2
            continue
        if c.isspace():
            if current:
                words.append(current)
            current = ""
        else:
            current += c
        i += 1
    if current:
        words.append(current)
    return [w for w in words[1:] if w != ":"]   # words[0] is the target


def _stats(paths):
    out = []
    for p in paths:
        try:
            st = os.stat(p)
            out.append([p, st.st_mtime_ns, st.st_size])
        except OSError:
            out.append([p, None, None])
    return out


class Entry:
    """A finished cache entry: the library, its manifest and the shim."""

    def __init__(self, directory, info):
        self.directory = directory
        self.library = os.path.join(directory, info["library"])
        self.manifest = os.path.join(directory, "manifest.json")
        self.shim = os.path.join(directory, "shim.cpp")
        self.source = info["source"]


def _valid(directory):
    """The Entry in directory if it is complete and its headers unchanged."""
    try:
        with open(os.path.join(directory, "entry.json"), encoding="utf-8") as fh:
            info = json.load(fh)
    except (OSError, ValueError):
        return None
    if _stats(p for p, _, _ in info["deps"]) != info["deps"]:
        return None
    entry = Entry(directory, info)
    return entry if os.path.exists(entry.library) else None


def _manifest_run(cxx_flags, source_path, manifest_path, depfile):
    try:
        _toolchain.run(cxx_flags + ["-fsyntax-only",
                                    f"-fplugin-arg-ad-manifest={manifest_path}",
                                    "-MMD", "-MF", depfile, source_path],
                       what=source_path)
    except CompileError as e:
        if "unknown argument 'manifest" in e.diagnostics:
            raise ToolchainError(
                "the ad plugin does not know -fplugin-arg-ad-manifest: it is "
                "older than adcpp; rebuild it (bash scripts/build.sh)\n"
                + e.diagnostics, e.diagnostics, e.command, e.returncode) from None
        raise


def build(source, flags=None, cache_dir=None, force=False):
    """(Entry, from_cache) for a source text or path; see module docstring."""
    text, path = read_source(source)
    flags = normalize_flags(flags)
    cache_dir = os.path.abspath(cache_dir or default_cache_dir())
    os.makedirs(cache_dir, exist_ok=True)
    cxx = _toolchain.compiler()
    key_data = json.dumps({"adcpp": __version__, "abi": _shim.ABI, "text": text,
                           "path": path, "flags": flags,
                           "compiler": _toolchain.identity(cxx)}, sort_keys=True)
    key = hashlib.sha256(key_data.encode("utf-8")).hexdigest()[:32]
    directory = os.path.join(cache_dir, key)
    if not force:
        entry = _valid(directory)
        if entry is not None:
            return entry, True

    if path is None:   # source text: a file of its own, named by its content
        sources = os.path.join(cache_dir, "sources")
        os.makedirs(sources, exist_ok=True)
        path = os.path.join(sources,
                            hashlib.sha256(text.encode()).hexdigest()[:16] + ".cpp")
        if not os.path.exists(path):
            _atomic_write(path, text)

    work = tempfile.mkdtemp(dir=cache_dir, prefix=f".build-{key[:8]}-")
    try:
        manifest = os.path.join(work, "manifest.json")
        depfile = os.path.join(work, "deps.d")
        _manifest_run(flags, path, manifest, depfile)
        try:
            with open(manifest, encoding="utf-8") as fh:
                specs = _manifest.parse(fh.read(), origin=manifest)
        except FileNotFoundError:
            raise ToolchainError(f"the ad plugin wrote no manifest ({manifest}) "
                                 f"for {path}") from None
        shim = os.path.join(work, "shim.cpp")
        with open(shim, "w", encoding="utf-8") as fh:
            fh.write(_shim.generate(path, work, specs))
        # A new name per build: the dynamic loader keeps a library loaded
        # under its path, so a rebuilt entry must not reuse the old name.
        library = f"module-{time.time_ns():x}.so"
        try:
            _toolchain.run(flags + ["-shared", "-fPIC", "-o",
                                    os.path.join(work, library), shim],
                           what=f"the adcpp shim of {path}")
        except CompileError as e:
            raise CompileError(
                f"{e}\n(the source itself compiled; this is a bug in adcpp or "
                f"the plugin: the generated shim is {shim})",
                e.diagnostics, e.command, e.returncode) from None
        deps = [d for d in _read_depfile(depfile) if os.path.abspath(d) != path]
        info = {"library": library, "source": path,
                "deps": _stats(os.path.abspath(d) for d in deps)}
        _atomic_write(os.path.join(work, "entry.json"), json.dumps(info))
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    # Publish: replace a stale entry; if another process published the same
    # key meanwhile, use ours from its build directory (it is complete).
    if os.path.exists(directory):
        shutil.rmtree(directory, ignore_errors=True)
    try:
        os.rename(work, directory)
    except OSError:
        directory = work
    return Entry(directory, info), False
