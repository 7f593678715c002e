"""The build cache: a second compile of the same source runs no compiler;
what changes the result (text, flags, an included header, the compiler or
plugin) makes a new build."""

import os
import shutil
import time

import pytest

import adcpp

SOURCE = """
#include "scale.h"
[[ad::differentiate]] double scaled(double x) { return SCALE * x * x; }
"""


def _write(path, text):
    path.write_text(text)
    # A later modification time even on a coarse clock.
    st = os.stat(path)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))


@pytest.fixture
def project(tmp_path):
    (tmp_path / "scale.h").write_text("#define SCALE 2.0\n")
    src = tmp_path / "scaled.cpp"
    src.write_text(SOURCE)
    return src


def test_second_compile_runs_no_compiler(project):
    runs = adcpp.compiler_runs()
    start = time.perf_counter()
    first = adcpp.compile(project)
    built = time.perf_counter() - start
    assert not first.from_cache
    assert adcpp.compiler_runs() == runs + 2        # manifest run + library
    start = time.perf_counter()
    second = adcpp.compile(project)
    cached = time.perf_counter() - start
    assert second.from_cache and "(cached)" in repr(second)
    assert adcpp.compiler_runs() == runs + 2        # no run at all
    assert cached < built / 5
    assert second.scaled.grad(3.0) == first.scaled.grad(3.0) == 12.0


def test_source_text_is_cached_too():
    text = "[[ad::differentiate]] double cached_text(double x) { return 7 * x; }\n"
    adcpp.compile(text)
    runs = adcpp.compiler_runs()
    m = adcpp.compile(text)
    assert m.from_cache and adcpp.compiler_runs() == runs
    assert m.cached_text.grad(1.0) == 7.0
    assert os.path.dirname(m.source).endswith("sources")


def test_changed_header_rebuilds(project):
    assert adcpp.compile(project).scaled(1.0) == 2.0
    _write(project.parent / "scale.h", "#define SCALE 5.0\n")
    runs = adcpp.compiler_runs()
    m = adcpp.compile(project)
    assert not m.from_cache and adcpp.compiler_runs() == runs + 2
    assert m.scaled(1.0) == 5.0                     # not the old library
    assert adcpp.compile(project).from_cache


def test_changed_text_or_flags_rebuild(project):
    base = adcpp.compile(project)
    _write(project, SOURCE.replace("x * x", "x * x * x"))
    assert adcpp.compile(project).scaled(2.0) == 16.0
    m = adcpp.compile(project, flags=["-DUNUSED=1"])
    assert not m.from_cache
    m = adcpp.compile(project, flags="-DUNUSED=1 -O1")   # a str is split
    assert not m.from_cache
    assert base.scaled(2.0) == 8.0                  # the old module still works


def test_force_rebuilds(project):
    adcpp.compile(project)
    runs = adcpp.compiler_runs()
    m = adcpp.compile(project, force=True)
    assert not m.from_cache and adcpp.compiler_runs() == runs + 2


def test_another_compiler_is_another_key(project, tmp_path, monkeypatch):
    adcpp.compile(project)
    wrapper = tmp_path / "bin" / "ad-clang++"
    wrapper.parent.mkdir()
    shutil.copy(adcpp._toolchain.compiler(), wrapper)
    monkeypatch.setenv("ADCPP_CXX", str(wrapper))
    m = adcpp.compile(project)
    assert not m.from_cache
    assert m.scaled.grad(1.0) == 4.0


def test_explicit_cache_dir(project, tmp_path):
    cache = tmp_path / "elsewhere"
    m = adcpp.compile(project, cache_dir=cache)
    assert not m.from_cache and m.path.startswith(str(cache))
    assert adcpp.compile(project, cache_dir=cache).from_cache
    assert adcpp.cache_dir() == os.environ["ADCPP_CACHE_DIR"]
